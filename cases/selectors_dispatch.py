"""Reads of 签收 (signing for a case), for the case list's column and filter."""

from datetime import datetime

from django.db.models import Q

from cases.models import Case

SIGN_PENDING = "pending"  # 待签收, within the limit
SIGN_OVERDUE = "overdue"  # 签收超时
SIGNED = "signed"  # 已签收
# A sign-for limit only binds a case waiting to be accepted (待受理): a returned
# or dispatched-on case got a new one, or none.
_AWAITING = Q(status=Case.Status.SUBMITTED, sign_due_at__isnull=False, signed_at=None)


def sign_state(*, case: Case, now: datetime) -> str:
    """SIGN_PENDING, SIGN_OVERDUE, SIGNED, or "" (no signing asked for)."""
    if case.signed_at is not None:
        return SIGNED
    if case.status == Case.Status.SUBMITTED and case.sign_due_at is not None:
        return SIGN_OVERDUE if case.sign_due_at < now else SIGN_PENDING
    return ""


def sign_state_filter(state: str, *, now: datetime) -> Q:
    """The cases in `state`, as a filter (the list's 签收 filter)."""
    if state == SIGNED:
        return Q(signed_at__isnull=False)
    if state == SIGN_OVERDUE:
        return _AWAITING & Q(sign_due_at__lt=now)
    return _AWAITING & Q(sign_due_at__gte=now)
