"""A booking (预约), its history, its pre-check photos and its one rating.

The phone is personal data: shown to the staff of the window's department and
masked elsewhere, cleared with the name after APPOINTMENT_CONTACT_KEEP_DAYS
(`services.retention`). `phone_hash` (citizens.codes.phone_hash) finds a
citizen's bookings and no-shows without reading the number.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Department, ServiceType, ServiceWindow
from feedback.models import CaseEvaluation


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        ARRIVED = "arrived", _("已到场")
        DONE = "done", _("已办结")
        NO_SHOW = "no_show", _("未到")
        CANCELLED = "cancelled", _("已取消")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上预约")
        WALK_IN = "walk_in", _("现场登记")

    number = models.CharField(_("预约号"), max_length=20, unique=True)
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务")
    )
    window = models.ForeignKey(
        ServiceWindow,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("服务窗口"),
    )
    # The window's, kept here for the department scope and the figures.
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    day = models.DateField(_("预约日期"))  # of starts_at, Asia/Shanghai
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("预约时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    checked_in_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    # Masked or shown on purpose in the back office (kernel.admin_privacy).
    personal_fields = ("name", "phone", "phone_hash")

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["starts_at", "id"]
        constraints = [
            # One active booking per phone, service type and day (walk-ins without
            # a phone are not counted).
            models.UniqueConstraint(
                fields=["phone_hash", "service_type", "day"],
                condition=Q(status__in=["booked", "arrived"]) & ~Q(phone_hash=""),
                name="appointment_one_active_per_phone",
            )
        ]
        indexes = [
            models.Index(fields=["window", "day"], name="appointment_window_day"),
            models.Index(fields=["department", "day"], name="appointment_dept_day"),
            models.Index(fields=["phone_hash", "-starts_at"], name="appointment_phone"),
            models.Index(fields=["status", "starts_at"], name="appointment_status"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.BOOKED, self.Status.ARRIVED)


class AppointmentEvent(models.Model):
    """One step of a booking, written by the service that took it."""

    class Action(models.TextChoices):
        BOOK = "book", _("预约")
        WALK_IN = "walk_in", _("现场登记")
        MOVE = "move", _("改约")
        CANCEL = "cancel", _("市民取消")
        WINDOW_CANCEL = "window_cancel", _("窗口停办取消")
        CHECK_IN = "check_in", _("到场")
        NO_SHOW = "no_show", _("未到")
        DONE = "done", _("办结")
        PRECHECK_UPLOAD = "precheck_upload", _("上传预检材料")
        PRECHECK_MARK = "precheck_mark", _("预检")
        RATE = "rate", _("评价")

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("预约记录")
        verbose_name_plural = _("预约记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.appointment_id} {self.action}"


class MaterialCheck(models.Model):
    """预检: the citizen's photo of one listed material and the window's verdict."""

    class Result(models.TextChoices):
        PENDING = "pending", _("待预检")
        PASSED = "passed", _("合格")
        NEEDS_FIX = "needs_fix", _("需补正")

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="materials"
    )
    material = models.CharField(_("材料"), max_length=200)
    image = models.CharField(max_length=200)  # a stored name, never public
    thumbnail = models.CharField(max_length=200)
    result = models.CharField(
        _("预检结果"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    note = models.CharField(_("预检意见"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("预检人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"))
    checked_at = models.DateTimeField(_("预检时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预检材料")
        verbose_name_plural = _("预检材料")
        ordering = ["id"]

    def __str__(self):
        return self.material


class VisitRating(models.Model):
    """好差评 of a finished visit (已办结): one per booking (一次一评), on the same
    five levels as a case's rating, counted in the department's satisfaction."""

    Level = CaseEvaluation.Level

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="rating"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    level = models.PositiveSmallIntegerField(_("评价"), choices=Level.choices)
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("办事评价")
        verbose_name_plural = _("办事评价")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.appointment_id}: {self.level}"
