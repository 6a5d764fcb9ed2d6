"""The outbox (`Message`), the templates per event and channel, and how each staff
user is told of new cases (docs/notifications.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.events import event_choices
from notifications.rendering import validate_template_text


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信")
    EMAIL = "email", _("电子邮件")


class Message(models.Model):
    """One message to one recipient: written by `notify` in the caller's
    transaction, delivered by the tasks worker (notifications.delivery).

    The recipient is stored encrypted, masked (for display) and as a keyed hash
    (uniqueness, the daily cap, search). Secret parameters are encrypted with the
    clear text in `sealed`, erased once the message is sent or given up; `text`
    holds the text with them masked. `last_error` never holds personal data."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败（将重试）")
        GAVE_UP = "gave_up", _("已放弃")
        SKIPPED = "skipped", _("未发送")

    # Rows the worker may still deliver.
    PENDING = (Status.QUEUED, Status.FAILED)

    event = models.CharField(_("事件"), max_length=64, choices=event_choices())
    about = models.CharField(_("关联对象"), max_length=100)
    occurrence = models.CharField(_("事件标识"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient_encrypted = models.TextField(_("接收人（加密）"), blank=True)
    recipient_masked = models.CharField(_("接收人"), max_length=100)
    recipient_hash = models.CharField(_("接收人摘要"), max_length=64)
    template_code = models.CharField(_("服务商模板"), max_length=100, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    sealed = models.TextField(_("加密内容"), blank=True)
    subject = models.CharField(_("邮件主题"), max_length=200, blank=True)
    text = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    provider_message_id = models.CharField(
        _("服务商消息号"), max_length=100, blank=True
    )
    provider_answer = models.JSONField(_("服务商应答"), default=dict, blank=True)
    # False for messages the citizen asked for (a login code): they neither count
    # towards the daily cap nor are stopped by it.
    counts_to_cap = models.BooleanField(_("计入每日上限"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    # Never filtered or sorted on in an admin list (kernel/admin_privacy.py); the
    # outbox is searched by an exact number through its keyed hash only.
    personal_fields = (
        "recipient_encrypted",
        "recipient_masked",
        "recipient_hash",
        "sealed",
        "params",
        "text",
    )

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息发送记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence", "channel", "recipient_hash"],
                name="notifications_message_once",
            )
        ]
        indexes = [
            # The worker's "due now" query, over pending rows only.
            models.Index(
                fields=["next_attempt_at"],
                name="notifications_message_due",
                condition=Q(status__in=["queued", "failed"]),
            ),
            models.Index(fields=["about", "-created_at"], name="notifications_about"),
            # The daily cap: a recipient's rows of today.
            models.Index(
                fields=["recipient_hash", "created_at"], name="notifications_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} → {self.recipient_masked}"


class MessageTemplate(models.Model):
    """The Chinese text of one event on one channel, with `{variable}` placeholders
    (notifications.events lists each event's variables), and the provider's
    template that carries it (SMS providers and WeChat send only approved
    templates; the text here is what console, locmem and e-mail send, and what the
    admin previews)."""

    event = models.CharField(_("事件"), max_length=64, choices=event_choices())
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    text = models.TextField(_("内容"), help_text=_("用 {变量名} 插入变量。"))
    subject = models.CharField(_("邮件主题"), max_length=200, blank=True)
    provider_template_code = models.CharField(
        _("服务商模板编号"),
        max_length=100,
        blank=True,
        help_text=_("阿里云 SMS_xxx、腾讯云模板 ID 或微信订阅消息模板 ID。"),
    )
    sign_name = models.CharField(
        _("短信签名"),
        max_length=30,
        blank=True,
        help_text=_("留空则使用系统设置的签名（SMS_SIGN_NAME）。"),
    )
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息模板")
        verbose_name_plural = _("消息模板")
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel"], name="notifications_template_once"
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} · {self.get_channel_display()}"

    def clean(self):
        errors = {}
        for name in ("text", "subject"):
            try:
                validate_template_text(event=self.event, text=getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    def signature(self) -> str:
        """The SMS signature as it heads the text, e.g. 【微政务】."""
        sign = (self.sign_name or settings.SMS_SIGN_NAME).strip("【】 ")
        return f"【{sign}】" if sign else ""


class StaffContact(models.Model):
    """How a staff user is told of new cases and the daily digest: by e-mail (to
    `user.email`), by SMS (to `phone`, stored encrypted) or not at all."""

    class Via(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        SMS = "sms", _("短信")
        NONE = "none", _("不通知")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_contact",
        verbose_name=_("工作人员"),
    )
    channel = models.CharField(
        _("通知方式"), max_length=10, choices=Via.choices, default=Via.EMAIL
    )
    phone_encrypted = models.TextField(_("手机号（加密）"), blank=True)
    phone_masked = models.CharField(_("手机号"), max_length=20, blank=True)

    personal_fields = ("phone_encrypted", "phone_masked")

    class Meta:
        verbose_name = _("工作人员通知方式")
        verbose_name_plural = _("工作人员通知方式")

    def __str__(self):
        return f"{self.user} · {self.get_channel_display()}"

    @property
    def phone(self) -> str:
        from notifications.crypto import decrypt

        return decrypt(self.phone_encrypted) if self.phone_encrypted else ""

    @phone.setter
    def phone(self, value: str) -> None:
        from notifications.crypto import encrypt, mask_recipient

        value = (value or "").strip()
        self.phone_encrypted = encrypt(value) if value else ""
        self.phone_masked = mask_recipient("sms", value) if value else ""
