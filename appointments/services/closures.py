"""停办: a window closed on a day, entered in advance; the bookings it covers are
cancelled by the window and each citizen is told why."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments import notices
from appointments.models import Appointment, AppointmentEvent, Closure
from appointments.services.events import event_write
from appointments.services.seats import seats_change
from departments.models import ServiceWindow
from departments.policy import require_may_act_for
from kernel.workdays import SHANGHAI

Status = Appointment.Status


def closure_errors(
    *, day, starts_at, ends_at, reason: str, now: datetime | None = None
) -> dict[str, str]:
    """What is wrong with a closure, by field (empty: nothing)."""
    now = now or timezone.now()
    errors = {}
    if day is not None and day < now.astimezone(SHANGHAI).date():
        errors["day"] = _("不能登记过去日期的停办。")
    if (starts_at is None) != (ends_at is None):
        errors["ends_at"] = _("请同时填写开始和结束时间，或都留空表示全天停办。")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("结束时间须晚于开始时间。")
    if not reason.strip():
        errors["reason"] = _("请填写停办原因，将告知已预约的市民。")
    return errors


def closure_enter(
    *,
    window: ServiceWindow,
    day: date,
    reason: str,
    user,
    starts_at: time | None = None,
    ends_at: time | None = None,
    now: datetime | None = None,
) -> tuple[Closure, int]:
    """Close `window` on `day` (all day, or between two times) and cancel the
    bookings it covers. Returns the closure and how many bookings it cancelled."""
    now = now or timezone.now()
    require_may_act_for(user, window.department_id)
    errors = closure_errors(
        day=day, starts_at=starts_at, ends_at=ends_at, reason=reason, now=now
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        closure = Closure.objects.create(
            window=window,
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason.strip()[:100],
            created_by=user if getattr(user, "pk", None) else None,
        )
        covered = Appointment.objects.select_for_update().filter(
            window=window, day=day, status=Status.BOOKED
        )
        if starts_at is not None:
            covered = covered.filter(
                starts_at__lt=datetime.combine(day, ends_at, tzinfo=SHANGHAI),
                ends_at__gt=datetime.combine(day, starts_at, tzinfo=SHANGHAI),
            )
        cancelled = 0
        for appointment in covered.select_related("service_type", "window"):
            seats_change([(window.booking_schedule, appointment.starts_at, -1)])
            appointment.status = Status.CANCELLED
            appointment.cancel_reason = closure.reason
            appointment.save(update_fields=["status", "cancel_reason", "updated_at"])
            event = event_write(
                appointment=appointment,
                action=AppointmentEvent.Action.WINDOW_CANCEL,
                actor=user,
                note=closure.reason,
                data={"closure": closure.pk},
                now=now,
            )
            notices.window_cancelled(appointment, event=event)
            cancelled += 1
    return closure, cancelled
