"""Booking numbers: YY-20261202-0001, 预约 and the Asia/Shanghai day the booking
was made, with a gapless counter per day from django-sequences (as case numbers,
cases/codes.py): the counter is taken last in the booking's transaction, so a
booking that fails gives its number back and the counter row is held only for
the final update and the commit."""

import secrets
from datetime import datetime

from sequences import get_next_value

from kernel.workdays import SHANGHAI

PREFIX = "YY"


def next_booking_number(*, moment: datetime) -> str:
    """The next number of the day; call inside transaction.atomic, last."""
    day = moment.astimezone(SHANGHAI).strftime("%Y%m%d")
    return f"{PREFIX}-{day}-{get_next_value(f'appointment-{day}'):04d}"


def provisional_number() -> str:
    """A unique stand-in while the booking is inserted; never committed."""
    return f"tmp-{secrets.token_hex(8)}"
