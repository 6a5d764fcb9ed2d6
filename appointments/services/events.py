"""The one writer of a booking's history."""

from datetime import datetime

from appointments.models import Appointment, AppointmentEvent


def event_write(
    *,
    appointment: Appointment,
    action: str,
    actor=None,
    note: str = "",
    data: dict | None = None,
    now: datetime,
) -> AppointmentEvent:
    """Write one event of `appointment`, in the caller's transaction."""
    return AppointmentEvent.objects.create(
        appointment=appointment,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note[:300],
        data=data or {},
        created_at=now,
    )
