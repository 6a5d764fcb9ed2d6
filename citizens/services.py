"""Writes of the citizens app: send a login code, check it.

The same work is done whatever the phone: a code is made, stored and sent to
every valid mobile number, with or without cases (a citizen without cases signs
in to an empty list). So neither the answer nor its timing says whether a phone
has cases. Sending is limited per phone and per address (views, kernel/throttles.py).
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens import codes
from citizens.models import LoginCode
from notifications import services as notification_services

# Codes long past use are removed as new ones are sent: no periodic job needed.
_KEEP_USED_CODES = timedelta(days=1)
_DUMMY = "0" * 64


def login_code_send(*, phone: str, now: datetime | None = None) -> None:
    """Make a fresh 6-digit code for `phone` (a normalised mobile number), valid
    CODE_VALID_SECONDS, and send it by SMS. A newer code replaces older ones, so
    the tries of several codes never add up."""
    now = now or timezone.now()
    hashed = codes.phone_hash(phone)
    code = codes.new_code()
    salt = codes.new_salt()
    with transaction.atomic():
        LoginCode.objects.filter(created_at__lt=now - _KEEP_USED_CODES).delete()
        LoginCode.objects.filter(
            phone_hash=hashed, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        login = LoginCode.objects.create(
            phone_hash=hashed,
            salt=salt,
            code_hash=codes.code_hash(salt=salt, phone_hash=hashed, code=code),
            created_at=now,
            expires_at=now + timedelta(seconds=codes.CODE_VALID_SECONDS),
        )
        notification_services.notify(
            event="citizen.login_code",
            about=f"citizens.logincode:{login.pk}",
            occurrence=str(login.pk),
            channel="sms",
            recipient=phone,
            params={"code": code, "minutes": str(codes.CODE_VALID_SECONDS // 60)},
            secret_params=("code",),
            # A citizen who asks for a code must get it, whatever else was sent.
            counts_to_daily_cap=False,
            now=now,
        )


def login_code_check(*, phone: str, code: str, now: datetime | None = None) -> None:
    """Accept the newest code sent to `phone` once, within its 5 minutes and 5
    tries; otherwise raise ValidationError 验证码错误或已过期 (the same for a wrong,
    expired, used or exhausted code, and for a phone never sent one). A wrong try
    is counted even though the error is raised."""
    now = now or timezone.now()
    hashed = codes.phone_hash(phone)
    with transaction.atomic():
        login = (
            LoginCode.objects.select_for_update()
            .filter(phone_hash=hashed, used_at__isnull=True, expires_at__gt=now)
            .filter(failed_attempts__lt=codes.CODE_MAX_TRIES)
            .order_by("-created_at", "-id")
            .first()
        )
        # Compared even without a code, so that the answer takes the same time.
        matched = codes.code_matches(
            salt=login.salt if login else "",
            phone_hash=hashed,
            code=code,
            expected=login.code_hash if login else _DUMMY,
        )
        if login is not None and matched:
            login.used_at = now
            login.save(update_fields=["used_at"])
        elif login is not None:
            LoginCode.objects.filter(pk=login.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
    if not (login and matched):
        raise ValidationError({"code": _("验证码错误或已过期。")})
