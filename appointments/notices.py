"""What a booking's steps tell the citizen, by SMS to the phone they booked with
(a sign-in by SMS code proved it theirs; these are messages about the booking
they asked for). Written to the outbox in the step's transaction: a step that
rolls back sends nothing, and the occurrence (the event, or the booking and day
for a reminder) keeps every message to one.

| step                         | message                     | params                      |
| ---------------------------- | --------------------------- | --------------------------- |
| book, walk-in with a phone   | appointment.booked          | number, service, time, place |
| the day before               | appointment.reminder        | number, service, time, place |
| move (改约)                   | appointment.moved           | number, time, place         |
| closure (窗口停办)            | appointment.window_cancelled | number, time, reason        |
| pre-check reviewed           | appointment.precheck        | number, summary, url        |
| done (已办结)                 | appointment.done            | number, url                 |

The citizen's own cancellation tells them nothing: they are looking at it.
"""

import re

from django.conf import settings

from appointments.models import Appointment, AppointmentEvent, MaterialCheck
from kernel.workdays import SHANGHAI
from notifications import services as notification_services

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
WEEKDAYS = "一二三四五六日"


def about(appointment: Appointment) -> str:
    return f"appointments.appointment:{appointment.pk}"


def slot_text(appointment: Appointment) -> str:
    """12月2日（周三）09:30-10:00, the way the messages and the H5 page say it."""
    start = appointment.starts_at.astimezone(SHANGHAI)
    end = appointment.ends_at.astimezone(SHANGHAI)
    return (
        f"{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）"
        f"{start:%H:%M}-{end:%H:%M}"
    )


def place_text(appointment: Appointment) -> str:
    window = appointment.window
    return "".join(part for part in (window.name, window.location) if part)[:40]


def page_url(appointment: Appointment) -> str:
    return f"{settings.PORTAL_PUBLIC_URL}/#/appointments/{appointment.number}"


def _send(appointment: Appointment, *, event: str, occurrence, params: dict) -> bool:
    if not _MOBILE.match(appointment.phone or ""):
        return False
    message = notification_services.notify(
        event=event,
        about=about(appointment),
        occurrence=str(occurrence),
        channel="sms",
        recipient=appointment.phone,
        params={"number": appointment.number, **params},
        url=page_url(appointment),
    )
    return message is not None


def booked(appointment: Appointment, *, event: AppointmentEvent) -> None:
    _send(
        appointment,
        event="appointment.booked",
        occurrence=event.pk,
        params={
            "service": appointment.service_type.name[:20],
            "time": slot_text(appointment),
            "place": place_text(appointment),
        },
    )


def reminder(appointment: Appointment) -> bool:
    return _send(
        appointment,
        event="appointment.reminder",
        occurrence=f"{appointment.pk}:{appointment.starts_at.isoformat()}",
        params={
            "service": appointment.service_type.name[:20],
            "time": slot_text(appointment),
            "place": place_text(appointment),
        },
    )


def moved(appointment: Appointment, *, event: AppointmentEvent) -> None:
    _send(
        appointment,
        event="appointment.moved",
        occurrence=event.pk,
        params={"time": slot_text(appointment), "place": place_text(appointment)},
    )


def window_cancelled(appointment: Appointment, *, event: AppointmentEvent) -> None:
    _send(
        appointment,
        event="appointment.window_cancelled",
        occurrence=event.pk,
        params={
            "time": slot_text(appointment),
            "reason": appointment.cancel_reason[:30],
        },
    )


def precheck_reviewed(appointment: Appointment, *, event: AppointmentEvent) -> None:
    results = list(appointment.materials.values_list("result", flat=True))
    passed = results.count(MaterialCheck.Result.PASSED)
    to_fix = results.count(MaterialCheck.Result.NEEDS_FIX)
    summary = f"合格{passed}项，需补正{to_fix}项" if to_fix else f"{passed}项材料均合格"
    _send(
        appointment,
        event="appointment.precheck",
        occurrence=event.pk,
        params={"summary": summary, "url": page_url(appointment)},
    )


def done(appointment: Appointment) -> None:
    last = appointment.events.filter(action=AppointmentEvent.Action.DONE).last()
    _send(
        appointment,
        event="appointment.done",
        occurrence=last.pk if last else appointment.pk,
        params={"url": page_url(appointment)},
    )
