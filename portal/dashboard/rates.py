"""The rates of the dashboard and of 数据公开, each defined once, the way a 12345
office reports a period: over the cases *received* (submitted) in it.

- 按时答复率 = answered on time ÷ (answered + unanswered past due).
  *Answered*: now 已答复, 已办结 or 不予受理 (a reasoned refusal is an answer).
  *On time*: the first reply (or the refusal) at or before `due_at`, the due date
  after any approved extension. *Unanswered past due*: still 待受理 or 已受理 and
  past `due_at` now, exactly what the case list and the 已超期 card call overdue.
  Such a case is already late whatever happens next, so leaving it out would
  reward not answering. Open cases not yet due are not judged yet and count in
  neither part; 已退回待分派 cases neither, because re-dispatch gives them a new
  due date (like the 已超期 card).
- 办结率 = 已办结 ÷ received. A case 已答复 still awaits the citizen's
  confirmation and 不予受理 was not handled, so neither is 办结.
- 满意率 = (满意 + 非常满意) ÷ ratings given in the period, void ones excluded
  (`feedback.selectors.satisfaction_rates`); for several departments, the sums of
  both parts.

`rate_counts` gives the conditional counts every rate needs, for any GROUP BY;
`on_time_rate`, `closure_rate` and `satisfaction_rate` turn counts into the rate.
The dashboard's cards, its ranking and charts, and `GET /api/v1/stats/` all call
these, so the three can never disagree.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from cases.models import Case
from cases.selectors import OPEN_STATUSES

ANSWERED_STATUSES = [Case.Status.REPLIED, Case.Status.CLOSED, Case.Status.REJECTED]
# The first reply, or the refusal for a case refused before any reply.
ANSWERED_AT = Coalesce("replied_at", "rejected_at")
# The keys `rate_counts` adds; `add_counts` sums them.
COUNT_KEYS = ("received", "answered", "on_time", "late_open", "closed")


def rate_counts(*, now: datetime, within: Q | None = None) -> dict[str, Count]:
    """Aggregates for `.annotate()`: `received`, `answered`, `on_time`,
    `late_open` (unanswered past due at `now`) and `closed`, each over the
    cases matching `within` (None: every case of the queryset)."""
    answered = Q(status__in=ANSWERED_STATUSES)
    parts = {
        "received": None,
        "answered": answered,
        # The answer's moment on the right: no alias, so any values() works.
        "on_time": answered & Q(due_at__gte=ANSWERED_AT),
        "late_open": Q(status__in=OPEN_STATUSES, due_at__lt=now),
        "closed": Q(status=Case.Status.CLOSED),
    }
    counts = {}
    for key, condition in parts.items():
        if within is not None:
            condition = within if condition is None else within & condition
        counts[key] = Count("id", filter=condition)
    return counts


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def add_counts(total: dict[str, int], row: Mapping[str, int]) -> dict[str, int]:
    """Add the `rate_counts` of `row` to `total` (in place) and return it."""
    for key in COUNT_KEYS:
        total[key] += row[key]
    return total


def sum_counts(rows: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total = empty_counts()
    for row in rows:
        add_counts(total, row)
    return total


def on_time_base(counts: Mapping[str, int]) -> int:
    """The cases 按时答复率 is over: answered, and unanswered past due."""
    return counts["answered"] + counts["late_open"]


def on_time_rate(counts: Mapping[str, int]) -> float | None:
    """按时答复率: answered on time ÷ (answered + unanswered past due)."""
    return rate(counts["on_time"], on_time_base(counts))


def closure_rate(counts: Mapping[str, int]) -> float | None:
    """办结率: 已办结 ÷ received."""
    return rate(counts["closed"], counts["received"])


def satisfaction_rate(rates: Iterable[Mapping[str, int]]) -> float | None:
    """满意率 of several departments' {"rated", "satisfied"}: satisfied ÷ rated."""
    rates = list(rates)
    return rate(sum(r["satisfied"] for r in rates), sum(r["rated"] for r in rates))


def rate(part: int, whole: int) -> float | None:
    """part / whole to four decimals, None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None
