"""Aggregates of cases for the site's statistics: the dashboard and 数据公开.

Every count happens in the database with conditional aggregation, in a fixed
number of queries whatever the number of cases. At 100,000 cases each pass over
the table costs about as much as everything else together, so the figures share
passes: `case_counts` answers the backlog, the deadlines, the received-since
counts, the months, the range counts and the complaints by service type in one
GROUP BY; `answer_day_groups` groups answered cases by their Asia/Shanghai days
(the caller turns days into working days). Period bounds come from the caller,
so no row needs a time-zone conversion.

The parts of the rates, each counted over the cases *received* in a period:
*answered* = `workflow.ANSWERED_FOR_STATISTICS` (a reasoned refusal is an answer);
*on time* = answered, the first reply or refusal at or before `due_at` (after any
approved extension); *late open* = still `workflow.OPEN` and past `due_at` now;
*closed* = 已办结. `portal.dashboard.rates` turns them into rates.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Count, DateField, Func, Q, QuerySet, When
from django.db.models.functions import Coalesce

from cases import workflow
from cases.models import Case

# The case vocabulary readers of these figures label them with.
Kind = Case.Kind
Status = workflow.Status

# The first reply, or the refusal for a case refused before any reply.
ANSWERED_AT = Coalesce("replied_at", "rejected_at")


@dataclass(frozen=True)
class RateCounts:
    """The parts of the rates, for one group of cases (see the module docstring)."""

    received: int = 0
    answered: int = 0
    on_time: int = 0
    late_open: int = 0
    closed: int = 0

    def __add__(self, other: "RateCounts") -> "RateCounts":
        return RateCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    @classmethod
    def total(cls, many: "Collection[RateCounts]") -> "RateCounts":
        return sum(many, cls())


_RATE_PARTS = [f.name for f in fields(RateCounts)]


class ShanghaiDate(Func):
    """The Asia/Shanghai calendar day of a moment, computed by the database itself.

    China has kept UTC+8 without daylight saving since 1991, so a fixed offset is
    exact for every case here. It matters for speed: Django's TruncDate with a
    time zone calls back into Python for every row on SQLite (seconds at 100,000
    cases), and the named zone costs PostgreSQL a look-up per row.
    """

    arity = 1
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, '+8 hours')", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((%(expressions)s) AT TIME ZONE INTERVAL '+08:00')::date",
            **extra,
        )


def _cases_in(department_ids: Collection[int] | None) -> QuerySet[Case]:
    # No default ordering: it would join the GROUP BY of every aggregate below.
    cases = Case.objects.order_by()
    if department_ids is not None:
        cases = cases.filter(department_id__in=sorted(department_ids))
    return cases


def _rate_aggregates(*, now: datetime, within: Q | None = None) -> dict[str, Count]:
    """Aggregates for `.annotate()`, one per `RateCounts` field, over the cases
    matching `within` (None: every case of the queryset)."""
    answered = Q(status__in=workflow.ANSWERED_FOR_STATISTICS)
    parts = {
        "received": None,
        "answered": answered,
        # The answer's moment on the right: no alias, so any values() works.
        "on_time": answered & Q(due_at__gte=ANSWERED_AT),
        "late_open": Q(status__in=workflow.OPEN, due_at__lt=now),
        "closed": Q(status=Status.CLOSED),
    }
    counts = {}
    for key, condition in parts.items():
        if within is not None:
            condition = within if condition is None else within & condition
        counts[key] = Count("id", filter=condition)
    return counts


def _rate_counts(row: Mapping[str, int]) -> RateCounts:
    return RateCounts(**{key: row[key] for key in _RATE_PARTS})


@dataclass(frozen=True)
class CaseCountRow:
    """The cases of one (department, status, kind, service type)."""

    department_id: int
    status: str
    kind: str
    service_type_id: int | None
    count: int  # all time
    overdue: int  # open and past due now
    due_soon: int  # open and due within 24 hours
    since: dict[str, int]  # period name -> received since its start
    months: tuple[int, ...]  # received in each month, in the order given
    in_range: RateCounts  # of those received in [start, end)


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
    each), `months` gives [first, next) bounds (received in each)."""
    in_range = Q(submitted_at__gte=start, submitted_at__lt=end)
    rows = (
        # A service type belongs to one department: grouping by it adds few rows.
        _cases_in(department_ids)
        .values("department_id", "status", "kind", "service_type_id")
        .annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(status__in=workflow.OPEN, due_at__lt=now)),
            due_soon=Count(
                "id",
                filter=Q(
                    status__in=workflow.OPEN,
                    due_at__gte=now,
                    due_at__lt=now + timedelta(hours=24),
                ),
            ),
            **{
                f"since_{index}": Count("id", filter=Q(submitted_at__gte=moment))
                for index, moment in enumerate(since.values())
            },
            **{
                f"month_{index}": Count(
                    "id", filter=Q(submitted_at__gte=first, submitted_at__lt=last)
                )
                for index, (first, last) in enumerate(months)
            },
            **_rate_aggregates(now=now, within=in_range),
        )
    )
    return [
        CaseCountRow(
            department_id=row["department_id"],
            status=row["status"],
            kind=row["kind"],
            service_type_id=row["service_type_id"],
            count=row["count"],
            overdue=row["overdue"],
            due_soon=row["due_soon"],
            since={name: row[f"since_{index}"] for index, name in enumerate(since)},
            months=tuple(row[f"month_{index}"] for index in range(len(months))),
            in_range=_rate_counts(row),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class AnswerDays:
    """How many answered cases of a department share these Asia/Shanghai days."""

    department_id: int
    received_on: date
    answered_on: date | None  # None: a status without its timestamp (old imports)
    closed_on: date | None  # None: not closed
    count: int


def answer_day_groups(
    *, department_ids: Collection[int] | None, start: datetime, end: datetime
) -> list[AnswerDays]:
    """Answered cases received in [start, end), grouped by department and by the
    days they were received, answered and closed, in one query."""
    rows = (
        _cases_in(department_ids)
        .filter(
            submitted_at__gte=start,
            submitted_at__lt=end,
            status__in=workflow.ANSWERED_FOR_STATISTICS,
        )
        .annotate(
            received_on=ShanghaiDate("submitted_at"),
            answered_on=ShanghaiDate(ANSWERED_AT),
            closed_on=models.Case(
                When(status=Status.CLOSED, then=ShanghaiDate("closed_at")),
                output_field=DateField(),
            ),
        )
        .values_list("department_id", "received_on", "answered_on", "closed_on")
        .annotate(count=Count("id"))
    )
    return [AnswerDays(*row) for row in rows]


def received_rate_counts(
    *,
    department_ids: Collection[int] | None,
    start: datetime,
    end: datetime,
    now: datetime,
) -> dict[int, RateCounts]:
    """Per department, the `RateCounts` of the cases received in [start, end),
    in one query (departments without such a case left out)."""
    rows = (
        _cases_in(department_ids)
        .filter(submitted_at__gte=start, submitted_at__lt=end)
        .values("department_id")
        .annotate(**_rate_aggregates(now=now))
    )
    return {row["department_id"]: _rate_counts(row) for row in rows}


# The 12345 office's figures live beside these, re-exported here because the
# dashboard reads cases through this module only (import-linter).
from cases.statistics_figures import (  # noqa: E402
    SATISFIED_RESULTS,
    OfficeCounts,
    PauseDays,
    office_counts,
    pause_days,
)

__all__ = [
    "ANSWERED_AT",
    "SATISFIED_RESULTS",
    "AnswerDays",
    "CaseCountRow",
    "Kind",
    "OfficeCounts",
    "PauseDays",
    "RateCounts",
    "ShanghaiDate",
    "Status",
    "answer_day_groups",
    "case_counts",
    "office_counts",
    "pause_days",
    "received_rate_counts",
]
