"""Which failed admin logins lock whom (see the package docstring)."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str | None:
    """The client's address as the API throttles see it: REMOTE_ADDR, or with
    NUM_PROXIES set, the address that many proxies back in X-Forwarded-For. One rule
    for both, so a client cannot pick a different address for either."""
    return BaseThrottle().get_ident(request)


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginGuardHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits instead of one.

    Axes compares one number with AXES_FAILURE_LIMIT. That number is this user name's
    recent failures from this address, or the limit itself once the address has
    failed AXES_ADDRESS_FAILURE_LIMIT times with any user names. Recent: the last
    failure of a row is less than AXES_COOLOFF_TIME ago.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        username = get_client_username(request, credentials)
        from_this_user = _failures(recent.filter(username=username))
        if _failures(recent) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(from_this_user, settings.AXES_FAILURE_LIMIT)
        return from_this_user
