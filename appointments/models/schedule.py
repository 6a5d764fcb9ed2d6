"""When a window takes bookings: its weekly sessions cut into slots, the seats of
each slot, the horizon, and the closures staff enter in advance.

Slots are not rows: `appointments.slots` cuts them from the sessions of a day. A
`SlotCount` row exists once somebody booked the slot; bookers of one slot queue on
it (docs/appointments.md, "Seats").
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from departments.models import ServiceType, ServiceWindow


class WindowSchedule(models.Model):
    """A window's booking rules. Without one (or closed) a window takes none."""

    window = models.OneToOneField(
        ServiceWindow,
        on_delete=models.CASCADE,
        related_name="booking_schedule",
        verbose_name=_("服务窗口"),
    )
    is_open = models.BooleanField(_("开放预约"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("每个时段（分钟）"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    seats_per_slot = models.PositiveSmallIntegerField(
        _("每个时段名额"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    days_ahead = models.PositiveSmallIntegerField(
        _("可提前预约天数"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("今天起多少天内的时段可以预约。"),
    )
    change_until_minutes = models.PositiveIntegerField(
        _("取消、改约截止（分钟）"),
        default=120,
        validators=[MaxValueValidator(7 * 24 * 60)],
        help_text=_("时段开始前多少分钟停止网上取消和改约。"),
    )
    # Service types of other windows that may also be booked here (a 综合窗口);
    # a bookable service type is always bookable at its own window.
    also_serves = models.ManyToManyField(
        ServiceType,
        blank=True,
        related_name="also_booked_at",
        verbose_name=_("也可在此预约的服务"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("窗口预约设置")
        verbose_name_plural = _("窗口预约设置")
        ordering = ["window__department__sort_order", "window__sort_order", "id"]

    def __str__(self):
        return str(self.window)


class WeeklySession(models.Model):
    """One opening session of a weekday, e.g. Monday 09:00–11:30."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("星期一")
        TUESDAY = 1, _("星期二")
        WEDNESDAY = 2, _("星期三")
        THURSDAY = 3, _("星期四")
        FRIDAY = 4, _("星期五")

    schedule = models.ForeignKey(
        WindowSchedule, on_delete=models.CASCADE, related_name="sessions"
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    starts_at = models.TimeField(_("开始"))
    ends_at = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("每周开放时段")
        verbose_name_plural = _("每周开放时段")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="appointment_session_ends_after_start",
                violation_error_message=_("结束时间须晚于开始时间。"),
            )
        ]

    def __str__(self):
        return (
            f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        )


class Closure(models.Model):
    """A window closed on one day, all day or between two times (停办)."""

    window = models.ForeignKey(
        ServiceWindow,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("服务窗口"),
    )
    day = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始"), null=True, blank=True)
    ends_at = models.TimeField(_("结束"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("窗口停办")
        verbose_name_plural = _("窗口停办")
        ordering = ["-day", "starts_at"]
        indexes = [models.Index(fields=["window", "day"], name="appointment_closure")]

    def __str__(self):
        return f"{self.window} {self.day:%Y-%m-%d}"

    @property
    def whole_day(self) -> bool:
        return self.starts_at is None or self.ends_at is None


class SlotCount(models.Model):
    """The seats taken in one slot of one window: the row its bookers lock."""

    window = models.ForeignKey(
        ServiceWindow, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["window", "starts_at"], name="appointment_slot_row"
            )
        ]

    def __str__(self):
        return f"{self.window_id} {self.starts_at:%Y-%m-%d %H:%M}: {self.booked}"
