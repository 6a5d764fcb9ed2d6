"""Every write of the appointments. Each step goes through one function that
checks it, saves it and writes its `AppointmentEvent` in one transaction
(`events.event_write`), and tells the citizen through the outbox."""

from appointments.services.booking import (
    BookingRequest,
    appointment_book,
    appointment_cancel,
    appointment_move,
)
from appointments.services.closures import closure_enter
from appointments.services.precheck import precheck_review, precheck_upload
from appointments.services.visits import (
    appointment_check_in,
    appointment_done,
    appointment_no_show,
    contacts_clear,
    no_shows_mark,
    reminders_send,
    visit_rate,
)

__all__ = [
    "BookingRequest",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_done",
    "appointment_move",
    "appointment_no_show",
    "closure_enter",
    "contacts_clear",
    "no_shows_mark",
    "precheck_review",
    "precheck_upload",
    "reminders_send",
    "visit_rate",
]
