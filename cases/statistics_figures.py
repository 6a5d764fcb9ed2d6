"""The 12345 office's figures (签收, 退单, 重办, 回访, 协办, 催督办, 挂起), counted
in the database per department in a fixed number of queries.

`cases.statistics` re-exports what the dashboard reads; the rates themselves are
divided in `portal.dashboard.rates`, and every definition is in docs/dashboard.md.
Period rules, each stated once here:

- *By the day the case arrived* (`submitted_at` in [start, end)): 签收 (the cases
  that had to be signed for), 退单 (the SEND_BACK events of those cases), 重办 and
  回访 (the cases closed at least once), the callbacks of those cases, and the
  handling time of answered cases. A case's figures thus stay with the month it
  arrived in, like 按时答复率, and 退单率's numerator is drawn from its denominator.
- *By the day it happened*: 协办 (a CoHandling invited in the period) and
  催办/督办/通报 (an Escalation created in it): they belong to the co-handling
  department or to the ladder's run, not to the case's month.

A department is credited as follows: a 退单 to the department that sent the case
back (the `from_department` of the case's next move away, or its department while
it has not moved); a 协办 to the co-handling department (its own figures, not the
main department's); everything else to the case's department.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, datetime

from django.db.models import (
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)

from cases import selectors_escalation, workflow
from cases.models import (
    Case,
    CaseCallback,
    CaseDayCount,
    CaseEvent,
    CaseMonthCount,
    CaseSendBackCount,
    CoHandling,
    Escalation,
)
from cases.statistics_rows import rollup_day, rollup_range, union_all

Status = workflow.Status
Action = CaseEvent.Action
CallbackResult = CaseCallback.Result
Rung = Escalation.Rung

_CASE_PARTS = (
    "sign_due",
    "signed_on_time",
    "closed",
    "redone",
    "called_back",
    "callbacks",
    "callbacks_satisfied",
)


@dataclass(frozen=True)
class OfficeCounts:
    """One department's 12345 counts for a period (see the module docstring)."""

    sign_due: int = 0  # had to be signed for: signed, or unsigned past sign_due_at
    signed_on_time: int = 0  # signed at or before sign_due_at
    sent_back: int = 0  # 退单 (SEND_BACK events)
    closed: int = 0  # closed at least once: now 已办结, or reopened by 重办
    redone: int = 0  # of those, redo_count > 0
    called_back: int = 0  # of those, with at least one CaseCallback
    callbacks: int = 0  # callbacks of the cases (every round counts)
    callbacks_satisfied: int = 0  # of those, 满意 or 基本满意
    co_invited: int = 0  # 协办 asked of this department
    co_answered: int = 0  # of those, answered
    co_on_time: int = 0  # answered at or before the CoHandling's due_at
    co_late_open: int = 0  # unanswered and past due now
    urges: int = 0  # 催办
    supervisions: int = 0  # 督办
    reports: int = 0  # 通报

    def __add__(self, other: "OfficeCounts") -> "OfficeCounts":
        return OfficeCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    @classmethod
    def total(cls, many: "Collection[OfficeCounts]") -> "OfficeCounts":
        return sum(many, cls())


@dataclass(frozen=True)
class PauseDays:
    """Pauses (挂起, 待补充材料) of answered cases of a department that began and
    ended on these Asia/Shanghai days (`ended_on` None: never resumed)."""

    department_id: int
    paused_on: date
    ended_on: date | None
    count: int


def _scoped(queryset: QuerySet, field: str, department_ids) -> QuerySet:
    queryset = queryset.order_by()
    if department_ids is not None:
        queryset = queryset.filter(**{f"{field}__in": sorted(department_ids)})
    return queryset


def _received(start: datetime, end: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}submitted_at__gte": start, f"{prefix}submitted_at__lt": end})


def _case_rows(department_ids, start, end, now) -> dict[int, dict]:
    """签收, 重办 and 回访 of the cases received in [start, end): the roll-ups'
    counts and, live, the cases still unsigned past their limit, one query."""
    zero = {part: Value(0, output_field=IntegerField()) for part in _CASE_PARTS}
    rolled = [
        _scoped(rows, "department_id", department_ids)
        .values("department_id")
        .annotate(
            sign_due=Sum("signed"),
            signed_on_time=Sum("signed_on_time"),
            closed=Sum("closed_once"),
            redone=Sum("redone"),
            called_back=Sum("called_back"),
            callbacks=Sum("callbacks"),
            callbacks_satisfied=Sum("callbacks_satisfied"),
        )
        # The whole months and the days at the range's ends.
        for rows in rollup_range(
            CaseDayCount, CaseMonthCount, rollup_day(start), rollup_day(end)
        )
    ]
    # Uses the partial index case_unsigned_due: the unsigned with a limit.
    unsigned = (
        _scoped(Case.objects, "department_id", department_ids)
        .filter(
            _received(start, end),
            signed_at__isnull=True,
            sign_due_at__isnull=False,
            sign_due_at__lt=now,
        )
        .values("department_id")
        .annotate(**{**zero, "sign_due": Count("id")})
    )
    merged: dict[int, dict] = {}
    for row in union_all([*rolled, unsigned]):
        counts = merged.setdefault(row.pop("department_id"), dict.fromkeys(row, 0))
        for part, value in row.items():
            counts[part] += value or 0
    return merged


def _send_back_rows(department_ids, start, end) -> dict[int, dict]:
    # Credited to the department that sent the case back: the roll-up took the
    # sender when the 退单 or the move happened (`cases.rollups`).
    return {
        row.pop("department_id"): row
        for row in _scoped(CaseSendBackCount.objects, "department_id", department_ids)
        .filter(day__gte=rollup_day(start), day__lt=rollup_day(end))
        .values("department_id")
        .annotate(sent_back=Sum("sent_back"))
    }


def _co_handling_rows(department_ids, start, end, now) -> dict[int, dict]:
    # `cases.selectors_team.co_handling_figures` counts the first three the same
    # way (a test holds them equal); the rate also needs the unanswered past
    # due, so one query here gives all four.
    answered = Q(answered_at__isnull=False)
    return {
        row.pop("department_id"): row
        for row in _scoped(CoHandling.objects, "department_id", department_ids)
        .filter(invited_at__gte=start, invited_at__lt=end)
        .values("department_id")
        .annotate(
            co_invited=Count("id"),
            co_answered=Count("id", filter=answered),
            co_on_time=Count("id", filter=answered & Q(answered_at__lte=F("due_at"))),
            co_late_open=Count(
                "id", filter=Q(answered_at__isnull=True, due_at__lt=now)
            ),
        )
    }


def _escalation_rows(department_ids, start, end) -> dict[int, dict]:
    # The escalation ladder's own count (owner: callback), renamed to ours.
    counts = selectors_escalation.escalation_counts(
        department_ids=department_ids, since=start, until=end
    )
    return {
        pk: {
            "urges": rungs[Rung.URGE],
            "supervisions": rungs[Rung.SUPERVISE],
            "reports": rungs[Rung.REPORT],
        }
        for pk, rungs in counts.items()
    }


def office_counts(
    *,
    department_ids: Collection[int] | None,
    start: datetime,
    end: datetime,
    now: datetime,
    escalations: bool = False,
) -> dict[int, OfficeCounts]:
    """Per department (None: all), the `OfficeCounts` of [start, end): three
    queries, four with `escalations` (催办/督办/通报, for the monthly report).
    Departments with nothing to count are left out."""
    parts = [
        _case_rows(department_ids, start, end, now),
        _send_back_rows(department_ids, start, end),
        _co_handling_rows(department_ids, start, end, now),
    ]
    if escalations:
        parts.append(_escalation_rows(department_ids, start, end))
    merged: dict[int, dict] = defaultdict(dict)
    for part in parts:
        for pk, counts in part.items():
            merged[pk].update(counts)
    return {pk: OfficeCounts(**counts) for pk, counts in merged.items()}


def pause_days(
    *, department_ids: Collection[int] | None, start: datetime, end: datetime
) -> list[PauseDays]:
    """The pauses of answered cases received in [start, end), grouped by
    department and the days they began and ended, from the events that moved a
    case into and out of 待补充材料: one query (the rows are pause events only)."""
    # Imported here: `cases.statistics` re-exports this module's names, so a
    # module-level import would be circular whichever is imported first.
    from cases.statistics import ShanghaiDate

    events = (
        _scoped(CaseEvent.objects, "case__department_id", department_ids)
        .filter(
            _received(start, end, "case__"),
            case__status__in=workflow.ANSWERED_FOR_STATISTICS,
        )
        .filter(Q(to_status=Status.WAITING) | Q(from_status=Status.WAITING))
        .exclude(to_status=Status.WAITING, from_status=Status.WAITING)
        .annotate(day=ShanghaiDate("created_at"))
        .order_by("case_id", "created_at", "id")
        .values_list("case__department_id", "case_id", "day", "to_status")
    )
    groups: dict[tuple, int] = defaultdict(int)
    open_pauses: dict[int, tuple[int, date]] = {}
    for department_id, case_id, day, to_status in events:
        if to_status == Status.WAITING:
            open_pauses[case_id] = (department_id, day)
        elif case_id in open_pauses:
            department, began = open_pauses.pop(case_id)
            groups[(department, began, day)] += 1
    for department, began in open_pauses.values():
        groups[(department, began, None)] += 1
    return [PauseDays(*key, count) for key, count in groups.items()]
