"""The one writer of a booking's history, and the one check that a citizen's
step is on their own booking."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from appointments.models import Appointment, AppointmentEvent
from citizens.codes import phone_hash


def require_booked_by(appointment: Appointment, phone: str) -> None:
    """The booking was made with this (signed-in) phone, or PermissionDenied."""
    if not phone or appointment.phone_hash != phone_hash(phone):
        raise PermissionDenied(_("只能操作本人的预约。"))


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
