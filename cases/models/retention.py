"""The record of each retention run (`manage.py apply_retention`): personal data
kept no longer than needed (PIPL art. 19), and the proof of what was removed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One run: the limits it applied, and how many cases' contacts it erased and
    how many photos it deleted. Written by `cases.services.retention` only."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(
        _("完成时间"), null=True, blank=True, help_text=_("为空表示运行中途出错。")
    )
    contact_keep_days = models.PositiveIntegerField(_("联系方式保存天数"))
    photo_keep_days = models.PositiveIntegerField(_("照片保存天数"))
    contacts_before = models.DateTimeField(
        _("联系方式清除界限"), help_text=_("在此时间之前办结或不予受理的诉求。")
    )
    photos_before = models.DateTimeField(
        _("照片删除界限"), help_text=_("在此时间之前办结或不予受理的诉求。")
    )
    cases_anonymised = models.PositiveIntegerField(_("清除联系方式的诉求"), default=0)
    photos_deleted = models.PositiveIntegerField(_("删除的照片"), default=0)

    class Meta:
        verbose_name = _("个人信息清理记录")
        verbose_name_plural = _("个人信息清理记录")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"
