"""Login codes sent by SMS to a citizen's contact phone (citizens/codes.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginCode(models.Model):
    """One 6-digit code sent to one phone. Neither is stored in clear: the phone as
    a keyed hash (to find its newest code), the code as a keyed hash salted with
    this row's random `salt`. A code works once, for 5 minutes and 5 tries; a newer
    code for the same phone replaces it."""

    phone_hash = models.CharField(_("手机号摘要"), max_length=64, db_index=True)
    salt = models.CharField(_("盐"), max_length=32)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    failed_attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录验证码")
        verbose_name_plural = _("登录验证码")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.phone_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"
