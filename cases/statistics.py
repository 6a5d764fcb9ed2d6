"""Aggregates of cases for the site's statistics: the dashboard and 数据公开.

The counts that do not depend on "now" come from the roll-ups (`cases.rollups`:
per Asia/Shanghai day received, department, kind, service type and status), a
few hundred rows a day for the city instead of the day's cases; what depends on
"now" (the backlog, overdue, due soon, late open) is counted live over the open
cases, a small share of the table that the (status, due_at) index finds. Each
function is one query: the roll-up's part and the live part are one UNION ALL.
`answer_day_groups` (the raw rows' answer days) stays for other readers; the
dashboard reads the roll-up's working-day histograms (`answer_workdays`).
`cases.statistics_rows` counts the same figures from the raw rows (the property
test holds the two equal).

Period bounds come from the caller and must be Asia/Shanghai midnights (the
roll-ups count whole days; `portal.dashboard.timing.day_start` gives them).

The parts of the rates, each counted over the cases *received* in a period:
*answered* = `workflow.ANSWERED_FOR_STATISTICS` (a reasoned refusal is an answer);
*on time* = answered, the first reply or refusal at or before `due_at` (after any
approved extension); *late open* = still `workflow.OPEN` and past `due_at` now;
*closed* = 已办结. `portal.dashboard.rates` turns them into rates.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from cases import workflow
from cases.models import (
    Case,
    CaseAnswerDayCount,
    CaseAnswerMonthCount,
    CaseDayCount,
    CaseMonthCount,
)
from cases.statistics_rows import (
    ANSWERED_AT,
    SATISFIED_RESULTS,
    AnswerDays,
    AnswerWorkdays,
    CaseCountRow,
    RateCounts,
    ShanghaiDate,
    answer_day_groups,
    rollup_day,
    rollup_range,
    union_all,
)

# The case vocabulary readers of these figures label them with.
Kind = Case.Kind
Status = workflow.Status

_RATE_PARTS = ("received", "answered", "on_time", "late_open", "closed")


def _scoped(queryset: QuerySet, department_ids: Collection[int] | None) -> QuerySet:
    # No default ordering: it would join the GROUP BY of every aggregate below.
    queryset = queryset.order_by()
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=sorted(department_ids))
    return queryset


def _zero() -> Value:
    return Value(0, output_field=IntegerField())


def _days(first: date, last: date) -> Q:
    """Roll-up rows of the days in [first, last)."""
    return Q(day__gte=first, day__lt=last)


def _rollup_rates(in_range: Q) -> dict:
    """Roll-up sums of the `RateCounts` parts of the rows `in_range` (Q(): all
    the query reads), late_open aside."""
    answered = in_range & Q(status__in=workflow.ANSWERED_FOR_STATISTICS)
    return {
        "received": Sum("cases", filter=in_range),
        "answered": Sum("cases", filter=answered),
        "on_time": Sum("answered_on_time", filter=in_range),
        "late_open": _zero(),
        "closed": Sum("cases", filter=in_range & Q(status=Status.CLOSED)),
    }


def _late_now(now: datetime) -> Q:
    """Open and past due: the (status, due_at) index finds them alone (the
    received range goes in the count's filter, so that the planner does not
    intersect them with a year of the received-at index)."""
    return Q(status__in=workflow.OPEN, due_at__lt=now)


def _live_rates(now: datetime, start: datetime, end: datetime) -> dict:
    received = Q(submitted_at__gte=start, submitted_at__lt=end)
    return {
        **{part: _zero() for part in _RATE_PARTS},
        "late_open": Count("id", filter=_late_now(now) & received),
    }


def _summed(rows, key_names: Sequence[str]) -> dict[tuple, dict[str, int]]:
    """Add up the rows of a UNION ALL that share their key."""
    merged: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        key = tuple(row.pop(name) for name in key_names)
        for name, value in row.items():
            merged[key][name] += value or 0
    return merged


def case_counts(
    *,
    department_ids: Collection[int] | None,
    now: datetime,
    since: Mapping[str, datetime],
    months: Sequence[tuple[datetime, datetime]],
    start: datetime,
    end: datetime,
) -> list[CaseCountRow]:
    """One row per (department, status, kind, service type) of the cases of these
    departments (None: all), in one query. `since` names moments (received since
    each), `months` gives [first, next) bounds (received in each). `count` is
    the all-time count of the backlog statuses (`workflow.BACKLOG`), 0 for the
    others: the roll-ups count those by day, and nobody reads their total."""
    start_day, end_day = rollup_day(start), rollup_day(end)
    since_days = [rollup_day(moment) for moment in since.values()]
    month_days = [(rollup_day(first), rollup_day(last)) for first, last in months]
    earliest = min([start_day, *since_days, *(first for first, _ in month_days)])
    key = {"service": F("service_type_id")}
    rolled = (
        _scoped(CaseDayCount.objects, department_ids)
        .filter(day__gte=earliest)
        .values("department_id", "status", "kind", **key)
        .annotate(
            count=_zero(),
            overdue=_zero(),
            due_soon=_zero(),
            **{
                f"since_{index}": Sum("cases", filter=Q(day__gte=day))
                for index, day in enumerate(since_days)
            },
            **{
                f"month_{index}": Sum("cases", filter=_days(first, last))
                for index, (first, last) in enumerate(month_days)
            },
            **_rollup_rates(_days(start_day, end_day)),
        )
    )
    open_now = Q(status__in=workflow.OPEN)
    live = (
        _scoped(Case.objects, department_ids)
        .filter(status__in=workflow.BACKLOG)
        .values("department_id", "status", "kind", service=Coalesce("service_type", 0))
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=open_now & Q(due_at__lt=now)),
            due_soon=Count(
                "id",
                filter=open_now
                & Q(due_at__gte=now, due_at__lt=now + timedelta(hours=24)),
            ),
            **{f"since_{index}": _zero() for index in range(len(since_days))},
            **{f"month_{index}": _zero() for index in range(len(month_days))},
            **_live_rates(now, start, end),
        )
    )
    keys = ("department_id", "status", "kind", "service")
    merged = _summed(rolled.union(live, all=True), keys)
    return [
        CaseCountRow(
            department_id=department_id,
            status=status,
            kind=kind,
            service_type_id=service or None,
            count=row["count"],
            overdue=row["overdue"],
            due_soon=row["due_soon"],
            since={name: row[f"since_{index}"] for index, name in enumerate(since)},
            months=tuple(row[f"month_{index}"] for index in range(len(months))),
            in_range=RateCounts(**{part: row[part] for part in _RATE_PARTS}),
        )
        for (department_id, status, kind, service), row in merged.items()
    ]


def answer_workdays(
    *, department_ids: Collection[int] | None, start: datetime, end: datetime
) -> list[AnswerWorkdays]:
    """The working days answered cases received in [start, end) took to their
    first answer and to closing, per department: the roll-up's histograms
    summed (its whole months and the days at the range's ends,
    `rollup_range`), in one query of a few hundred rows."""
    parts = [
        _scoped(rows, department_ids)
        .values_list("department_id", "measure", "workdays")
        .annotate(count=Sum("cases"))
        for rows in rollup_range(
            CaseAnswerDayCount,
            CaseAnswerMonthCount,
            rollup_day(start),
            rollup_day(end),
        )
    ]
    if not parts:
        return []
    counted: dict[tuple, int] = defaultdict(int)
    for *key, count in union_all(parts):
        counted[tuple(key)] += count
    return [AnswerWorkdays(*key, count) for key, count in counted.items()]


def received_rate_counts(
    *,
    department_ids: Collection[int] | None,
    start: datetime,
    end: datetime,
    now: datetime,
) -> dict[int, RateCounts]:
    """Per department, the `RateCounts` of the cases received in [start, end),
    in one query (departments without such a case left out): the roll-ups'
    whole months and end days (`rollup_range`), and the late open cases live."""
    rolled = [
        _scoped(rows, department_ids)
        .values("department_id")
        .annotate(**_rollup_rates(Q()))
        for rows in rollup_range(
            CaseDayCount, CaseMonthCount, rollup_day(start), rollup_day(end)
        )
    ]
    live = (
        _scoped(Case.objects, department_ids)
        .filter(_late_now(now))
        .values("department_id")
        .annotate(**_live_rates(now, start, end))
    )
    merged = _summed(union_all([*rolled, live]), ("department_id",))
    # A department with nothing received in the period is left out.
    return {pk: RateCounts(**row) for (pk,), row in merged.items() if row["received"]}


# The 12345 office's figures live beside these, re-exported here because the
# dashboard reads cases through this module only (import-linter).
from cases.statistics_figures import (  # noqa: E402
    OfficeCounts,
    PauseDays,
    office_counts,
    pause_days,
)

__all__ = [
    "ANSWERED_AT",
    "SATISFIED_RESULTS",
    "AnswerDays",
    "AnswerWorkdays",
    "CaseCountRow",
    "Kind",
    "OfficeCounts",
    "PauseDays",
    "RateCounts",
    "ShanghaiDate",
    "Status",
    "answer_day_groups",
    "answer_workdays",
    "case_counts",
    "office_counts",
    "pause_days",
    "received_rate_counts",
    "rollup_day",
]
