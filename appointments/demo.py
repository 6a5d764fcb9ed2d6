"""The appointments' part of `manage.py seed_demo`: every demo window with a
bookable service opens bookings, Monday to Friday 09:00–11:30 and 13:30–17:00, in
half-hour slots of five seats, seven days ahead. Idempotent: an existing schedule
keeps its settings and sessions."""

from datetime import time

from appointments.models import WeeklySession, WindowSchedule
from departments.models import ServiceWindow

SESSIONS = ((time(9, 0), time(11, 30)), (time(13, 30), time(17, 0)))


def seed_appointments() -> int:
    """Open bookings at the demo windows; returns how many windows take them."""
    windows = (
        ServiceWindow.objects.active()
        .filter(service_types__by_appointment=True, service_types__is_active=True)
        .distinct()
    )
    for window in windows:
        schedule, created = WindowSchedule.objects.get_or_create(window=window)
        if created or not schedule.sessions.exists():
            WeeklySession.objects.bulk_create(
                WeeklySession(
                    schedule=schedule, weekday=day, starts_at=start, ends_at=end
                )
                for day in range(5)
                for start, end in SESSIONS
            )
    return WindowSchedule.objects.filter(is_open=True).count()
