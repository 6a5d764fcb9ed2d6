"""The visit itself: 到场, 未到, 已办结 (window staff), the no-shows the day leaves,
the reminder the day before, the rating after it, and clearing the contacts."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments import notices
from appointments.models import Appointment, AppointmentEvent, VisitRating
from appointments.services.events import event_write, require_booked_by
from departments.policy import require_may_act_for
from feedback.services import visit_rating_counted
from kernel.workdays import SHANGHAI

Action = AppointmentEvent.Action
Status = Appointment.Status

# step → (from, to, event, the time field it stamps)
_STEPS = {
    "check_in": (Status.BOOKED, Status.ARRIVED, Action.CHECK_IN, "checked_in_at"),
    "no_show": (Status.BOOKED, Status.NO_SHOW, Action.NO_SHOW, None),
    "done": (Status.ARRIVED, Status.DONE, Action.DONE, "done_at"),
}


def _step(name: str, *, appointment: Appointment, user, note: str = "", now=None):
    now = now or timezone.now()
    source, target, action, stamp = _STEPS[name]
    if user is not None:
        require_may_act_for(user, appointment.department_id)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status != source:
            raise ValidationError(
                {
                    "status": _("该预约当前为「%(status)s」，不能执行此操作。")
                    % {"status": locked.get_status_display()}
                }
            )
        _require_timing(name, locked, now)
        locked.status = target
        fields = ["status", "updated_at"]
        if stamp:
            setattr(locked, stamp, now)
            fields.append(stamp)
        locked.save(update_fields=fields)
        event_write(appointment=locked, action=action, actor=user, note=note, now=now)
    return locked


def _require_timing(name: str, appointment: Appointment, now: datetime) -> None:
    today = now.astimezone(SHANGHAI).date()
    if name == "check_in" and appointment.day != today:
        raise ValidationError(
            {
                "number": _("只能在预约当天签到（预约日期 %(day)s）。")
                % {"day": appointment.day}
            }
        )
    if name == "no_show" and appointment.starts_at > now:
        raise ValidationError({"status": _("预约时段尚未开始，不能登记未到。")})


def appointment_check_in(*, appointment: Appointment, user, now=None) -> Appointment:
    """到场: the citizen has come, on the booking's day."""
    return _step("check_in", appointment=appointment, user=user, now=now)


def appointment_no_show(*, appointment: Appointment, user, now=None) -> Appointment:
    """未到: the slot began and nobody came (also the night's job, `no_shows_mark`)."""
    return _step("no_show", appointment=appointment, user=user, now=now)


def appointment_done(
    *, appointment: Appointment, user, note="", now=None
) -> Appointment:
    """已办结: the business is done; the citizen may now rate the visit."""
    done = _step("done", appointment=appointment, user=user, note=note, now=now)
    notices.done(done)
    return done


def no_shows_mark(*, now: datetime | None = None) -> int:
    """Every booking of an earlier day still 已预约 becomes 未到 (by the system)."""
    now = now or timezone.now()
    today = now.astimezone(SHANGHAI).date()
    marked = 0
    for appointment in Appointment.objects.filter(status=Status.BOOKED, day__lt=today):
        try:
            _step("no_show", appointment=appointment, user=None, now=now)
        except ValidationError:  # changed meanwhile
            continue
        marked += 1
    return marked


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind every booking of tomorrow (one message per booking and day)."""
    now = now or timezone.now()
    tomorrow = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    sent = 0
    for appointment in Appointment.objects.filter(
        status=Status.BOOKED, day=tomorrow
    ).select_related("window__department", "service_type"):
        with transaction.atomic():
            sent += bool(notices.reminder(appointment))
    return sent


def contacts_clear(*, now: datetime | None = None) -> int:
    """Clear the name and phone (and its hash) of bookings whose day is more than
    APPOINTMENT_CONTACT_KEEP_DAYS past: the no-show rule needs 90 days at most."""
    now = now or timezone.now()
    before = now.astimezone(SHANGHAI).date() - timedelta(
        days=settings.APPOINTMENT_CONTACT_KEEP_DAYS
    )
    return (
        Appointment.objects.filter(day__lt=before)
        .exclude(phone="", name="", phone_hash="")
        .update(phone="", name="", phone_hash="")
    )


def visit_rate(
    *, appointment: Appointment, phone: str, level: int, comment: str = "", now=None
) -> VisitRating:
    """好差评 of a finished visit, by the citizen who booked it, once (一次一评);
    counted in the department's satisfaction (feedback's roll-ups)."""
    now = now or timezone.now()
    require_booked_by(appointment, phone)
    if appointment.status != Status.DONE:
        raise ValidationError({"level": _("办结后才能评价。")})
    if level not in VisitRating.Level.values:
        raise ValidationError({"level": _("请选择 1 到 5 之间的评价。")})
    rating = VisitRating(
        appointment=appointment,
        department_id=appointment.department_id,
        level=level,
        comment=(comment or "").strip()[:500],
        created_at=now,
    )
    try:
        with transaction.atomic():
            rating.save(force_insert=True)
            event_write(
                appointment=appointment,
                action=Action.RATE,
                data={"level": level},
                now=now,
            )
            visit_rating_counted(
                department_id=rating.department_id,
                created_at=now,
                level=level,
                step=1,
            )
    except IntegrityError:
        raise ValidationError(
            {"level": _("您已评价过这次办事，每次办事只能评价一次。")}
        ) from None
    return rating
