"""The guard on query codes that the look-up and the rating share.

The case endpoints' per-address limits are `kernel.throttles.per_address` with the
scopes case_submit and case_lookup (rates in settings, by environment).

Wrong codes are limited per (case number, address) and per address over all
numbers, not per number alone: numbers are sequential and easy to guess, and a
limit per number let anyone lock a citizen out of their case, and out of rating
its answer, by sending five wrong codes an hour. An address that has not failed
still gets in with the right code. Guessing stays hopeless: a code is one of 31^8
(about 8.5 * 10^11), and each address has 20 wrong tries an hour in all.

Each check reserves its try before the code is compared (counted atomically,
kernel/throttles.py), so codes sent together cannot all be compared against one
old count; the right code gives its try back.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions

from cases import selectors
from cases.models import Case
from kernel import throttles


def case_lookup_guarded(*, request, number: str, query_code: str) -> Case | None:
    """`selectors.case_lookup`, refused with a 429 (exceptions.Throttled) once this
    address has had too many wrong codes for this number or for any. Unknown
    numbers count like wrong codes, so the limit does not tell which exist."""
    address = throttles.client_address(request)
    reserved = []
    for scope, ident, message in [
        (
            "case_code_failure",
            f"{address} {number.strip().upper()}",
            _("该编号查询码错误次数过多，请稍后再试。"),
        ),
        (
            "case_code_failure_address",
            address,
            _("您的查询码错误次数过多，请稍后再试。"),
        ),
    ]:
        try:
            reserved.append(throttles.take(scope=scope, ident=ident, message=message))
        except exceptions.Throttled:
            # Refused before the code was compared: the other counter's try, if
            # taken, was not used.
            for earlier in reserved:
                throttles.refund(earlier)
            raise
    case = selectors.case_lookup(number=number, query_code=query_code)
    if case is not None:
        for counted in reserved:
            throttles.refund(counted)
    return case
