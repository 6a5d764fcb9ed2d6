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

from cases.statistics import OfficeCounts, RateCounts


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


# --- The 12345 office's rates (docs/dashboard.md, `cases.statistics_figures`) ---


def sign_on_time_rate(counts: OfficeCounts) -> float | None:
    """签收及时率: signed by sign_due_at ÷ (signed + unsigned past sign_due_at)."""
    return rate(counts.signed_on_time, counts.sign_due)


def return_rate(counts: OfficeCounts, received: int) -> float | None:
    """退单率: 退单 in the period ÷ cases received in it."""
    return rate(counts.sent_back, received)


def redo_rate(counts: OfficeCounts) -> float | None:
    """重办率: cases reopened by 重办 ÷ cases closed at least once."""
    return rate(counts.redone, counts.closed)


def callback_rate(counts: OfficeCounts) -> float | None:
    """回访率: closed cases with a callback ÷ cases closed at least once."""
    return rate(counts.called_back, counts.closed)


def callback_satisfaction_rate(counts: OfficeCounts) -> float | None:
    """回访满意率: callbacks 满意 or 基本满意 ÷ callbacks."""
    return rate(counts.callbacks_satisfied, counts.callbacks)


def co_handling_on_time_rate(counts: OfficeCounts) -> float | None:
    """协办按时率: opinions given by the CoHandling's due_at ÷ (answered +
    unanswered past due), for the co-handling department."""
    return rate(counts.co_on_time, counts.co_answered + counts.co_late_open)


def rate(part: int, whole: int) -> float | None:
    """part / whole to four decimals, None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None
