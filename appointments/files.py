"""Pre-check photos are personal data (ID cards, certificates): stored under
`appointments/` in the upload storage and never served as public media
(portal.views.media answers 404 there). The citizen opens theirs through
/api/v1/me/appointments/…/photo, window staff through the booking's admin page;
both answer with the case photos' private response (no-store, or an nginx
X-Accel-Redirect once access is decided)."""

from cases.photos import photo_response

PRIVATE_FOLDER = "appointments/"

__all__ = ["is_private", "photo_response"]


def is_private(name: str) -> bool:
    # Case-blind, as the case photos' check: one folder on a case-insensitive disk.
    return name.lower().startswith(PRIVATE_FOLDER)
