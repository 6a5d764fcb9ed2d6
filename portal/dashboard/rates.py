"""The rates of the dashboard and of 数据公开, each defined once, the way a 12345
office reports a period: over the cases *received* (submitted) in it.

- 按时答复率 = answered on time ÷ (answered + unanswered past due).
  *Answered*: now 已答复, 已办结 or 不予受理 (a reasoned refusal is an answer;
  `cases.workflow.ANSWERED_FOR_STATISTICS`).
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

`cases.statistics` counts the parts (`RateCounts`) in the database, for any
grouping; `on_time_rate`, `closure_rate` and `satisfaction_rate` turn counts into
the rate. The dashboard's cards, its ranking and charts, and `GET /api/v1/stats/`
all call these, so the three can never disagree.
"""

from collections.abc import Iterable, Mapping

from cases.statistics import RateCounts


def on_time_base(counts: RateCounts) -> int:
    """The cases 按时答复率 is over: answered, and unanswered past due."""
    return counts.answered + counts.late_open


def on_time_rate(counts: RateCounts) -> float | None:
    """按时答复率: answered on time ÷ (answered + unanswered past due)."""
    return rate(counts.on_time, on_time_base(counts))


def closure_rate(counts: RateCounts) -> float | None:
    """办结率: 已办结 ÷ received."""
    return rate(counts.closed, counts.received)


def satisfaction_rate(rates: Iterable[Mapping[str, int]]) -> float | None:
    """满意率 of several departments' {"rated", "satisfied"}: satisfied ÷ rated."""
    rates = list(rates)
    return rate(sum(r["satisfied"] for r in rates), sum(r["rated"] for r in rates))


def rate(part: int, whole: int) -> float | None:
    """part / whole to four decimals, None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None
