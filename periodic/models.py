"""One row per registered job: when it is next due and how its last run went.

The row is also the lock that makes the runner safe on several nodes
(`periodic.runner.claim`, docs/periodic.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")

    name = models.CharField(_("任务"), max_length=100, unique=True)
    schedule = models.CharField(_("计划"), max_length=100, blank=True)
    next_due_at = models.DateTimeField(_("下次运行时间"))
    running_since = models.DateTimeField(
        _("运行开始于"),
        null=True,
        blank=True,
        help_text=_("非空表示正在运行；超过租约时间仍未结束则视为中断，再次运行。"),
    )
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    run_token = models.CharField(max_length=32, blank=True, editable=False)
    last_started_at = models.DateTimeField(_("上次开始"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("上次结束"), null=True, blank=True)
    last_outcome = models.CharField(
        _("上次结果"), max_length=10, choices=Outcome.choices, blank=True
    )
    # The exception's class name only: its message may quote personal data.
    last_error = models.CharField(_("上次错误"), max_length=200, blank=True)
    last_duration = models.DurationField(_("上次耗时"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("运行次数"), default=0)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)

    class Meta:
        verbose_name = _("定时任务状态")
        verbose_name_plural = _("定时任务状态")
        ordering = ["name"]

    def __str__(self):
        return self.name
