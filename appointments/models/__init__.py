"""The appointments' rows: each window's bookable time (`schedule.py`) and the
bookings with their history, pre-check and rating (`booking.py`). Only
`appointments.services` writes them."""

from appointments.models.booking import (
    Appointment,
    AppointmentEvent,
    MaterialCheck,
    VisitRating,
)
from appointments.models.schedule import (
    Closure,
    SlotCount,
    WeeklySession,
    WindowSchedule,
)

__all__ = [
    "Appointment",
    "AppointmentEvent",
    "Closure",
    "MaterialCheck",
    "SlotCount",
    "VisitRating",
    "WeeklySession",
    "WindowSchedule",
]
