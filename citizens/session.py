"""The citizen's sign-in, kept in the Django session.

The session holds `citizen_phone_hash` (citizens.codes.phone_hash), the phone
sealed with Fernet, and the time of sign-in; a sign-in older than
CITIZEN_SESSION_DAYS is over, whatever the cookie's own age. Signing in and out
rotates the session key (no fixation). A staff member signed in to the back office
in the same browser stays signed in there: only the citizen's keys are removed,
and their session's age is left as it is.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from citizens import codes

PHONE_HASH = "citizen_phone_hash"
PHONE_SEALED = "citizen_phone_sealed"
SIGNED_IN_AT = "citizen_signed_in_at"
_KEYS = (PHONE_HASH, PHONE_SEALED, SIGNED_IN_AT)


def _max_age() -> timedelta:
    return timedelta(days=settings.CITIZEN_SESSION_DAYS)


def citizen_sign_in(request, *, phone: str) -> None:
    session = request.session
    session.cycle_key()
    session[PHONE_HASH] = codes.phone_hash(phone)
    session[PHONE_SEALED] = codes.seal(phone)
    session[SIGNED_IN_AT] = timezone.now().isoformat()
    if "_auth_user_id" not in session:
        session.set_expiry(int(_max_age().total_seconds()))


def citizen_sign_out(request) -> None:
    session = request.session
    if any(key in session for key in _KEYS):
        for key in _KEYS:
            session.pop(key, None)
        session.cycle_key()


def signed_in_phone(request) -> str | None:
    """The phone this session signed in with, or None."""
    session = request.session
    hashed, sealed = session.get(PHONE_HASH), session.get(PHONE_SEALED)
    since = parse_datetime(session.get(SIGNED_IN_AT) or "")
    if not (hashed and sealed and since) or timezone.now() - since > _max_age():
        return None
    phone = codes.unseal(sealed)
    if phone is None or codes.phone_hash(phone) != hashed:
        return None
    return phone


class IsSignedInCitizen(permissions.BasePermission):
    """The request's session signed in with a phone (POST /api/v1/me/login/)."""

    message = _("请先用手机号和短信验证码登录。")

    def has_permission(self, request, view):
        request.citizen_phone = signed_in_phone(request)
        # A method the view does not answer is a 405 for everyone, signed in or not.
        if not hasattr(view, request.method.lower()):
            return True
        return request.citizen_phone is not None
