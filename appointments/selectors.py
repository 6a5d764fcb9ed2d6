"""Reads of the appointments: where a service can be booked, the slots with their
seats left, a citizen's bookings and pause, a window's day, the figures."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from appointments import slots as slot_rules
from appointments.models import (
    Appointment,
    Closure,
    MaterialCheck,
    SlotCount,
    WindowSchedule,
)
from departments.models import ServiceType, ServiceWindow
from kernel.geo import map_marker_url
from kernel.workdays import SHANGHAI

# Three no-shows in 90 days pause booking for 30 days (docs/appointments.md).
NO_SHOW_LIMIT = 3
NO_SHOW_WINDOW = timedelta(days=90)
PAUSE = timedelta(days=30)

Status = Appointment.Status


@dataclass(frozen=True)
class SlotSeats:
    starts_at: datetime
    ends_at: datetime
    seats: int
    left: int

    @property
    def full(self) -> bool:
        return self.left <= 0


def today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(SHANGHAI).date()


def bookable_service_types() -> QuerySet[ServiceType]:
    """Active service types that can be booked, with their window and department."""
    return (
        ServiceType.objects.active()
        .filter(by_appointment=True, window__is_active=True)
        .select_related("window__department")
        .order_by("window__department__sort_order", "sort_order", "id")
    )


def schedules_for(service_type: ServiceType) -> list[WindowSchedule]:
    """The open schedules of the windows where `service_type` can be booked: its
    own window's and those that also serve it, with their sessions."""
    if not (service_type.by_appointment and service_type.is_active):
        return []
    return list(
        WindowSchedule.objects.filter(is_open=True, window__is_active=True)
        .filter(Q(window_id=service_type.window_id) | Q(also_serves=service_type))
        .select_related("window__department")
        .prefetch_related("sessions")
        .distinct()
        .order_by("window__sort_order", "window_id")
    )


def schedule_for(service_type: ServiceType, window_id: int) -> WindowSchedule | None:
    """The schedule under which `service_type` is booked at this window, or None:
    the window's own open schedule, if the service is its own or one it also
    serves. Two queries (three at a window that also serves it)."""
    if not (service_type.by_appointment and service_type.is_active):
        return None
    schedule = (
        WindowSchedule.objects.filter(
            window_id=window_id, is_open=True, window__is_active=True
        )
        .select_related("window__department")
        .prefetch_related("sessions")
        .first()
    )
    if schedule is None:
        return None
    if window_id != service_type.window_id and not (
        schedule.also_serves.filter(pk=service_type.pk).exists()
    ):
        return None
    return schedule


def horizon(schedule: WindowSchedule, now: datetime) -> tuple[date, date]:
    """The first and last day bookings are open for."""
    first = today(now)
    return first, first + timedelta(days=schedule.days_ahead)


def _session_rows(schedule: WindowSchedule) -> list:
    return [(s.weekday, s.starts_at, s.ends_at) for s in schedule.sessions.all()]


def day_slots(
    schedule: WindowSchedule, day: date, closures: list | None = None
) -> list[slot_rules.Slot]:
    """Every slot of the day, closures taken away: the (start, end) of the
    window's closures that day, read here (one query) unless given."""
    if closures is None:
        closures = list(
            Closure.objects.filter(window_id=schedule.window_id, day=day).values_list(
                "starts_at", "ends_at"
            )
        )
    return slot_rules.day_slots(
        sessions=_session_rows(schedule),
        closures=closures,
        slot_minutes=schedule.slot_minutes,
        day=day,
    )


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time.min, tzinfo=SHANGHAI)
    return start, datetime.combine(last + timedelta(days=1), time.min, tzinfo=SHANGHAI)


def slots_with_seats(
    *, schedule: WindowSchedule, day: date, now: datetime, walk_in: bool = False
) -> list[SlotSeats]:
    """The slots still to come on `day` (for a walk-in, the current one too), each
    with its seats left. Nothing outside the horizon. Two queries."""
    days = _days_with_seats(
        schedule=schedule, first=day, last=day, now=now, walk_in=walk_in
    )
    return days.get(day, [])


def open_days(*, schedule: WindowSchedule, now: datetime) -> list[dict]:
    """Each day of the horizon with its bookable slots and seats left (a closed day,
    a holiday or a day already over has none): for the day picker. Two queries."""
    first, last = horizon(schedule, now)
    days = _days_with_seats(schedule=schedule, first=first, last=last, now=now)
    return [
        {
            "date": day,
            "slots": len(slots),
            "seats_left": sum(slot.left for slot in slots),
        }
        for day, slots in days.items()
    ]


def _days_with_seats(
    *, schedule: WindowSchedule, first: date, last: date, now: datetime, walk_in=False
) -> dict[date, list[SlotSeats]]:
    open_first, open_last = horizon(schedule, now)
    first, last = max(first, open_first), min(last, open_last)
    start, end = _day_bounds(first, last)
    taken = dict(
        SlotCount.objects.filter(
            window_id=schedule.window_id, starts_at__gte=start, starts_at__lt=end
        ).values_list("starts_at", "booked")
    )
    closed: dict[date, list] = {}
    for day, starts_at, ends_at in Closure.objects.filter(
        window_id=schedule.window_id, day__gte=first, day__lte=last
    ).values_list("day", "starts_at", "ends_at"):
        closed.setdefault(day, []).append((starts_at, ends_at))
    seats = schedule.seats_per_slot
    days: dict[date, list[SlotSeats]] = {}
    day = first
    while day <= last:
        days[day] = [
            SlotSeats(
                slot.starts_at,
                slot.ends_at,
                seats,
                max(seats - taken.get(slot.starts_at, 0), 0),
            )
            for slot in day_slots(schedule, day, closed.get(day, []))
            if (slot.ends_at if walk_in else slot.starts_at) > now
        ]
        day += timedelta(days=1)
    return days


def booking_paused_until(*, phone_hash: str, now: datetime) -> date | None:
    """The last day of the pause of a phone with NO_SHOW_LIMIT no-shows in the
    last NO_SHOW_WINDOW, or None: the pause runs PAUSE from the last of them."""
    if not phone_hash:
        return None
    no_shows = list(
        Appointment.objects.filter(
            phone_hash=phone_hash,
            status=Status.NO_SHOW,
            starts_at__gte=now - NO_SHOW_WINDOW,
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)[:NO_SHOW_LIMIT]
    )
    if len(no_shows) < NO_SHOW_LIMIT:
        return None
    # Whole days: the pause ends with the day PAUSE after the last no-show.
    until = (no_shows[0] + PAUSE).astimezone(SHANGHAI).date()
    return until if today(now) <= until else None


def active_booking_of(*, phone_hash: str, service_type_id: int, day: date):
    """The phone's active booking of this service type on this day, if any."""
    return (
        Appointment.objects.filter(
            phone_hash=phone_hash,
            service_type_id=service_type_id,
            day=day,
            status__in=[Status.BOOKED, Status.ARRIVED],
        )
        .only("number")
        .first()
    )


def _with_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "service_type", "window__department", "window__booking_schedule", "rating"
    ).prefetch_related("materials")


def just_booked(appointment: Appointment) -> Appointment:
    """A booking the service has just made, ready for the citizen's view without
    reading it again: it has no rating and no pre-check photos yet, and its window
    and schedule came with it."""
    appointment._state.fields_cache["rating"] = None
    appointment._prefetched_objects_cache = {"materials": MaterialCheck.objects.none()}
    return appointment


def appointments_of(*, phone_hash: str) -> QuerySet[Appointment]:
    """我的预约: a phone's bookings, the coming ones first, then the past."""
    return _with_relations(Appointment.objects.filter(phone_hash=phone_hash)).order_by(
        "-starts_at", "-id"
    )


def appointment_of(*, phone_hash: str, number: str) -> Appointment | None:
    """One booking of this phone, or None (another phone's is not found)."""
    if not phone_hash:
        return None
    return _with_relations(
        Appointment.objects.filter(phone_hash=phone_hash, number=number)
    ).first()


def window_day(*, window_id: int, day: date) -> QuerySet[Appointment]:
    """A window's bookings of one day in slot order: the window's list."""
    return (
        Appointment.objects.filter(window_id=window_id, day=day)
        .select_related("service_type")
        .order_by("starts_at", "number")
    )


def windows_with_schedules(department_ids=None) -> QuerySet[ServiceWindow]:
    queryset = ServiceWindow.objects.filter(booking_schedule__isnull=False)
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=department_ids)
    return queryset.select_related("department", "booking_schedule")


def booking_figures(*, department_ids=None, start: date, end: date) -> dict:
    """The dashboard's figures for the days start..end (inclusive): bookings per
    window and day, seat use (bookings not cancelled / seats the schedules
    offered), the no-show rate (未到 / those whose visit was settled) and the
    pre-check pass rate (合格 / photos marked). Five queries."""
    bookings = Appointment.objects.filter(day__gte=start, day__lte=end)
    materials = MaterialCheck.objects.filter(
        appointment__day__gte=start, appointment__day__lte=end
    )
    if department_ids is not None:
        bookings = bookings.filter(department_id__in=department_ids)
        materials = materials.filter(appointment__department_id__in=department_ids)
    rows = (
        bookings.values("window_id", "window__name", "day", "status")
        .annotate(count=Count("id"))
        .order_by()
    )
    per_window_day: dict[tuple, dict] = {}
    by_status: dict[str, int] = dict.fromkeys(Status.values, 0)
    for row in rows:
        by_status[row["status"]] += row["count"]
        if row["status"] != Status.CANCELLED:
            key = (row["window_id"], row["day"])
            entry = per_window_day.setdefault(
                key,
                {
                    "window_id": row["window_id"],
                    "window": row["window__name"],
                    "day": row["day"],
                    "count": 0,
                },
            )
            entry["count"] += row["count"]
    checked = materials.aggregate(
        marked=Count("id", filter=~Q(result=MaterialCheck.Result.PENDING)),
        passed=Count("id", filter=Q(result=MaterialCheck.Result.PASSED)),
    )
    booked = sum(by_status.values()) - by_status[Status.CANCELLED]
    came = by_status[Status.ARRIVED] + by_status[Status.DONE]
    offered = _seats_offered(department_ids=department_ids, start=start, end=end)
    return {
        "per_window_day": sorted(
            per_window_day.values(), key=lambda e: (e["day"], e["window_id"])
        ),
        "booked": booked,
        "seats_offered": offered,
        "seat_use": _rate(booked, offered),
        "no_show": by_status[Status.NO_SHOW],
        "no_show_rate": _rate(
            by_status[Status.NO_SHOW], by_status[Status.NO_SHOW] + came
        ),
        "precheck_marked": checked["marked"],
        "precheck_pass_rate": _rate(checked["passed"], checked["marked"]),
    }


def _seats_offered(*, department_ids, start: date, end: date) -> int:
    """Seats the schedules offered over the days (closures taken away): two
    queries, whatever the windows and days."""
    schedules = WindowSchedule.objects.prefetch_related("sessions")
    closures = Closure.objects.filter(day__gte=start, day__lte=end)
    if department_ids is not None:
        schedules = schedules.filter(window__department_id__in=department_ids)
        closures = closures.filter(window__department_id__in=department_ids)
    closed: dict[tuple[int, date], list] = {}
    for window_id, day, starts_at, ends_at in closures.values_list(
        "window_id", "day", "starts_at", "ends_at"
    ):
        closed.setdefault((window_id, day), []).append((starts_at, ends_at))
    total = 0
    for schedule in schedules:
        day = start
        while day <= end:
            slots = day_slots(schedule, day, closed.get((schedule.window_id, day), []))
            total += len(slots) * schedule.seats_per_slot
            day += timedelta(days=1)
    return total


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def map_url(department) -> str:
    """A link that opens the map app at the department (its GCJ-02 coordinates,
    as the department page links), or searches its address."""
    if department.latitude is not None and department.longitude is not None:
        return map_marker_url(
            lat=department.latitude, lng=department.longitude, name=department.name
        )
    if department.address:
        return f"https://uri.amap.com/search?keyword={quote(department.address)}"
    return ""


def change_deadline(appointment: Appointment) -> datetime | None:
    """Until when the citizen may cancel or move the booking online."""
    schedule = getattr(appointment.window, "booking_schedule", None)
    if schedule is None:
        return None
    return appointment.starts_at - timedelta(minutes=schedule.change_until_minutes)


def may_change(appointment: Appointment, *, now: datetime) -> bool:
    deadline = change_deadline(appointment)
    return (
        appointment.status == Status.BOOKED and deadline is not None and now < deadline
    )
