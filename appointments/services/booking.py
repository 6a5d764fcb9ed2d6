"""Booking, moving and cancelling (预约, 改约, 取消).

Seats: a slot's `SlotCount` row is inserted if missing (ON CONFLICT DO NOTHING)
and taken with one conditional `UPDATE … SET booked = booked + 1 WHERE booked <
seats`; bookers of one slot queue on that row, and the one who finds it full is
told 已约满. A move changes two rows; they are taken in one order (window, start),
so two moves crossing each other cannot deadlock. The booking number is taken
last (appointments.codes). Every check that reads the database runs before the
transaction and again where a race could pass it: the unique constraint of one
active booking per phone, service type and day answers a second booker who
raced the first.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments import codes, notices, selectors
from appointments.models import Appointment, AppointmentEvent, WindowSchedule
from appointments.services.events import event_write, require_booked_by
from appointments.services.seats import seats_change
from citizens.codes import phone_hash as hash_of_phone
from departments.models import ServiceType
from departments.policy import require_may_act_for
from kernel.workdays import SHANGHAI, is_workday

Action = AppointmentEvent.Action
Status = Appointment.Status
ONE_ACTIVE = "appointment_one_active_per_phone"


@dataclass(frozen=True)
class BookingRequest:
    service_type_id: int
    window_id: int
    starts_at: datetime
    phone: str = ""  # blank only for a walk-in without a phone
    name: str = ""
    walk_in: bool = False


def appointment_book(
    *, request: BookingRequest, actor=None, now: datetime | None = None
) -> Appointment:
    """Book a seat. A citizen's booking (signed in with `request.phone`) or a
    walk-in registered by window staff (`actor`, `walk_in`). Raises
    ValidationError naming the field for every booking that cannot be made."""
    now = now or timezone.now()
    schedule, service_type = _schedule(request.service_type_id, request.window_id)
    if request.walk_in:
        require_may_act_for(actor, schedule.window.department_id)
    slot = _slot(schedule, request.starts_at, now, walk_in=request.walk_in)
    phone_hash = hash_of_phone(request.phone) if request.phone else ""
    _may_book(phone_hash, service_type, slot.starts_at, now)
    appointment = Appointment(
        number=codes.provisional_number(),
        service_type=service_type,
        window=schedule.window,
        department_id=schedule.window.department_id,
        day=slot.starts_at.astimezone(SHANGHAI).date(),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        channel=Appointment.Channel.WALK_IN
        if request.walk_in
        else Appointment.Channel.ONLINE,
        status=Status.ARRIVED if request.walk_in else Status.BOOKED,
        checked_in_at=now if request.walk_in else None,
        name=request.name.strip()[:50],
        phone=request.phone,
        phone_hash=phone_hash,
        created_at=now,
    )
    try:
        with transaction.atomic():
            seats_change([(schedule, slot.starts_at, 1)])
            appointment.save(force_insert=True)
            event = event_write(
                appointment=appointment,
                action=Action.WALK_IN if request.walk_in else Action.BOOK,
                actor=actor,
                now=now,
            )
            appointment.number = codes.next_booking_number(moment=now)
            appointment.save(update_fields=["number"])
            notices.booked(appointment, event=event)
    except IntegrityError as error:
        _raise_if_second_booking(error, service_type)
        raise
    return appointment


def appointment_cancel(
    *, appointment: Appointment, phone: str, reason: str = "", now=None
) -> Appointment:
    """The citizen cancels their booking, until `change_until_minutes` before it."""
    now = now or timezone.now()
    require_booked_by(appointment, phone)
    schedule = _own_schedule(appointment)
    _require_changeable(appointment, schedule, now)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status != Status.BOOKED:
            raise ValidationError({"number": _("该预约已不能取消。")})
        seats_change([(schedule, locked.starts_at, -1)])
        locked.status = Status.CANCELLED
        locked.cancel_reason = reason.strip()[:200]
        locked.save(update_fields=["status", "cancel_reason", "updated_at"])
        event_write(appointment=locked, action=Action.CANCEL, note=reason, now=now)
    return locked


def appointment_move(
    *, appointment: Appointment, phone: str, starts_at: datetime, now=None
) -> Appointment:
    """The citizen moves their booking to another slot of the same window, on the
    same terms as a new booking, until `change_until_minutes` before the old one."""
    now = now or timezone.now()
    require_booked_by(appointment, phone)
    schedule = _own_schedule(appointment)
    _require_changeable(appointment, schedule, now)
    slot = _slot(schedule, starts_at, now)
    if slot.starts_at == appointment.starts_at:
        raise ValidationError({"starts_at": _("请选择与原预约不同的时段。")})
    day = slot.starts_at.astimezone(SHANGHAI).date()
    if day != appointment.day:
        _no_second_booking(appointment.phone_hash, appointment.service_type, day)
    old = {"starts_at": appointment.starts_at.isoformat()}
    try:
        with transaction.atomic():
            locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
            if locked.status != Status.BOOKED:
                raise ValidationError({"number": _("该预约已不能改约。")})
            seats_change(
                [(schedule, slot.starts_at, 1), (schedule, locked.starts_at, -1)]
            )
            locked.starts_at, locked.ends_at, locked.day = (
                slot.starts_at,
                slot.ends_at,
                day,
            )
            locked.save(update_fields=["starts_at", "ends_at", "day", "updated_at"])
            event = event_write(
                appointment=locked, action=Action.MOVE, data=old, now=now
            )
            notices.moved(locked, event=event)
    except IntegrityError as error:
        _raise_if_second_booking(error, appointment.service_type)
        raise
    return locked


# --- checks -----------------------------------------------------------------


def _schedule(
    service_type_id: int, window_id: int
) -> tuple[WindowSchedule, ServiceType]:
    service_type = (
        ServiceType.objects.active()
        .filter(pk=service_type_id)
        .select_related("window")
        .first()
    )
    if service_type is None:
        raise ValidationError({"service_type": _("服务不存在或已停用。")})
    if not service_type.by_appointment:
        raise ValidationError({"service_type": _("该服务不支持预约办理。")})
    schedule = selectors.schedule_for(service_type, window_id)
    if schedule is None:
        raise ValidationError(
            {"window": _("该服务不能在此窗口预约，请选择列出的窗口。")}
        )
    return schedule, service_type


def _slot(schedule: WindowSchedule, starts_at: datetime, now: datetime, walk_in=False):
    """The slot starting at `starts_at`, or the reason there is none, named."""
    day = starts_at.astimezone(SHANGHAI).date()
    _first, last = selectors.horizon(schedule, now)
    # A walk-in may take the slot under way; a booking only one still to come.
    ends_or_starts = (
        starts_at + timedelta(minutes=schedule.slot_minutes) if walk_in else starts_at
    )
    if ends_or_starts <= now:
        raise ValidationError({"starts_at": _("不能预约已经开始或过去的时段。")})
    if day > last:
        raise ValidationError(
            {
                "starts_at": _("只能预约 %(days)d 天内的时段。")
                % {"days": schedule.days_ahead}
            }
        )
    if not is_workday(day):
        raise ValidationError({"starts_at": _("该日为节假日或休息日，不办理预约。")})
    slots = selectors.day_slots(schedule, day)
    slot = next((s for s in slots if s.starts_at == starts_at), None)
    if slot is not None:
        return slot
    if not slots:
        raise ValidationError({"starts_at": _("该窗口当日暂停办理，请选择其他日期。")})
    raise ValidationError({"starts_at": _("请选择列出的时段。")})


def _may_book(phone_hash: str, service_type: ServiceType, starts_at, now) -> None:
    if not phone_hash:
        return
    until = selectors.booking_paused_until(phone_hash=phone_hash, now=now)
    if until is not None:
        raise ValidationError(
            {
                "phone": _(
                    "90 天内 3 次预约未到，暂停网上预约至 %(day)s（含）；"
                    "可到窗口现场办理。"
                )
                % {"day": f"{until:%Y年%-m月%-d日}"}
            }
        )
    # A second active booking of the day is the unique constraint's to refuse
    # (IntegrityError below): no query asks first.


def _no_second_booking(phone_hash: str, service_type: ServiceType, day) -> None:
    if phone_hash and selectors.active_booking_of(
        phone_hash=phone_hash, service_type_id=service_type.pk, day=day
    ):
        _second_booking(service_type)


def _second_booking(service_type: ServiceType):
    raise ValidationError(
        {
            "service_type": _(
                "您当天已预约「%(service)s」，同一服务每天只能有一个有效预约；"
                "可在我的预约中改约或取消。"
            )
            % {"service": service_type.name}
        }
    )


def _raise_if_second_booking(error: IntegrityError, service_type: ServiceType):
    # PostgreSQL names the constraint; SQLite names its columns.
    text = str(error)
    if ONE_ACTIVE in text or "appointments_appointment.phone_hash" in text:
        _second_booking(service_type)


def _own_schedule(appointment: Appointment) -> WindowSchedule:
    schedule = WindowSchedule.objects.filter(window_id=appointment.window_id).first()
    if schedule is None:
        raise ValidationError({"number": _("该窗口已停止预约，请联系窗口。")})
    return schedule


def _require_changeable(appointment, schedule: WindowSchedule, now) -> None:
    if appointment.status != Status.BOOKED:
        raise ValidationError(
            {
                "number": _("该预约已%(status)s，不能再取消或改约。")
                % {"status": appointment.get_status_display()}
            }
        )
    deadline = appointment.starts_at - timedelta(minutes=schedule.change_until_minutes)
    if now >= deadline:
        raise ValidationError(
            {
                "number": _(
                    "预约时段开始前 %(minutes)d 分钟起不能在网上取消或改约，请联系窗口。"
                )
                % {"minutes": schedule.change_until_minutes}
            }
        )
