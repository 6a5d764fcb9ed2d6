"""The browser's device id: a random token in a signed cookie (`wzw_device`), used
only for the one-vote-per-day rules (市民印象, 领导点评, the knowledge base's 有用 / 没用).

The database keeps a sha256 of the id, never the cookie, so a leaked table cannot
be replayed as cookies. A client that drops cookies gets a new id each time; the
per-IP throttle is what limits it (docs/feedback.md). In the kernel since the
knowledge base votes too.
"""

import hashlib
import re
import secrets

from django.conf import settings

COOKIE_NAME = "wzw_device"
# The salt keeps its first home's name: a new one would re-key every stored hash.
SALT = "feedback.device"
MAX_AGE = 365 * 24 * 60 * 60  # one year, in seconds
_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def read_device_id(request) -> str | None:
    """The device id from a validly signed, unexpired cookie, or None."""
    # A bad signature or an expired cookie gives the default, like no cookie.
    value = request.get_signed_cookie(
        COOKIE_NAME, default=None, salt=SALT, max_age=MAX_AGE
    )
    return value if value and _ID.match(value) else None


def new_device_id() -> str:
    return secrets.token_urlsafe(24)


def device_hash(device_id: str) -> str:
    return hashlib.sha256(f"{SALT}:{device_id}".encode()).hexdigest()


def set_device_cookie(response, device_id: str) -> None:
    response.set_signed_cookie(
        COOKIE_NAME,
        device_id,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


class DeviceCookieMixin:
    """For API views: `self.device_hash(request)` reads the device id or makes a new
    one, and the response (success or error) then carries the new cookie."""

    _new_device_id: str | None = None

    def device_hash(self, request) -> str:
        device_id = read_device_id(request)
        if device_id is None:
            device_id = self._new_device_id = new_device_id()
        return device_hash(device_id)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._new_device_id:
            set_device_cookie(response, self._new_device_id)
        return response
