"""The window staff's back office for bookings: the bookings with their steps,
today's printable list, check-in by number or QR, walk-ins (bookings.py); each
window's booking rules and closures (schedules.py). Scoped to the staff's
departments like every list (departments.admin_scope)."""

from appointments.admin import bookings, schedules  # noqa: F401
