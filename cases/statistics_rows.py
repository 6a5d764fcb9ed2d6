"""The case figures counted from the raw rows, one GROUP BY over the cases of
the period each: what the roll-ups (`cases.rollups`) must agree with.

`cases.statistics` reads the roll-ups instead and re-exports the vocabulary
defined here (the dataclasses, `ShanghaiDate`, `ANSWERED_AT`); these functions
stay for the property test (tests/portal/test_rollups_property.py) and for
anyone who needs the figures of cases the roll-ups do not cover. Definitions:
`cases.statistics`' docstring and docs/dashboard.md.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta, timezone

from django.db import models
from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from cases import workflow
from cases.models import Case, CaseCallback, CaseEvent
from kernel import workdays

# The case vocabulary readers of these figures label them with.
Kind = Case.Kind
Status = workflow.Status

# 满意率 of callbacks: 满意 and 基本满意, as 12345 offices report it.
SATISFIED_RESULTS = (CaseCallback.Result.SATISFIED, CaseCallback.Result.BASICALLY)

# China has kept UTC+8 without daylight saving since 1991 (see ShanghaiDate).
SHANGHAI = timezone(timedelta(hours=8))

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


def rollup_day(moment: datetime) -> date:
    """The day a period bound starts, which must be an Asia/Shanghai midnight."""
    local = moment.astimezone(SHANGHAI)
    if local.time() != time.min:
        raise ValueError(f"{moment} is not an Asia/Shanghai midnight")
    return local.date()


def rollup_range(day_model, month_model, first: date, last: date) -> list:
    """The roll-up rows of the days [first, last), as querysets to aggregate
    and add up (`union_all`): `month_model`'s whole months inside the range,
    and `day_model`'s rows of the days at its ends outside them (each part left
    out when empty). A year is twelve months of rows, not 365 days of them."""
    months_from = first if first.day == 1 else next_month(first)
    months_to = last.replace(day=1)
    parts, edges = [], [(first, last)]
    if months_from < months_to:
        parts.append(
            month_model.objects.filter(month__gte=months_from, month__lt=months_to)
        )
        edges = [(first, months_from), (months_to, last)]
    days = models.Q()
    for a, b in edges:
        if a < b:
            days |= models.Q(day__gte=a, day__lt=b)
    if days:
        parts.append(day_model.objects.filter(days))
    return parts


def union_all(parts: list):
    """The rows of these aggregate querysets together (UNION ALL), for the
    caller to add up by key. The union takes its first part's ordering, so a
    roll-up part (no default ordering) goes first, before a part over cases."""
    first, *others = parts
    return first.union(*others, all=True) if others else first


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


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


@dataclass(frozen=True)
class AnswerWorkdays:
    """How many answered cases of a department took these working days to
    their first answer (`measure` "reply") or to closing ("close")."""

    department_id: int
    measure: str
    workdays: int
    count: int


def answer_workdays(
    *, department_ids: Collection[int] | None, start: datetime, end: datetime
) -> list[AnswerWorkdays]:
    """`AnswerWorkdays` of the answered cases received in [start, end), from
    `answer_day_groups` (one query) and `kernel.workdays`, in whole
    Asia/Shanghai days: (day received, day answered or closed]."""
    counted: dict[tuple, int] = defaultdict(int)
    for group in answer_day_groups(department_ids=department_ids, start=start, end=end):
        for measure, day in (("reply", group.answered_on), ("close", group.closed_on)):
            if day is not None:
                days = _workdays(group.received_on, day)
                counted[(group.department_id, measure, days)] += group.count
    return [AnswerWorkdays(*key, count) for key, count in counted.items()]


def _workdays(first: date, last: date) -> int:
    def midnight(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=SHANGHAI)

    return workdays.workdays_between(start=midnight(first), end=midnight(last))


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


def office_case_rows(
    *,
    department_ids: Collection[int] | None,
    start: datetime,
    end: datetime,
    now: datetime,
) -> dict[int, dict[str, int]]:
    """Per department, the `OfficeCounts` parts counted over the cases received
    in [start, end) and their callbacks (签收, 重办, 回访): two queries."""
    closed = Q(status=Status.CLOSED) | Q(redo_count__gt=0)
    received = Q(submitted_at__gte=start, submitted_at__lt=end)
    merged: dict[int, dict[str, int]] = {}
    for row in (
        _cases_in(department_ids)
        .filter(received)
        .values("department_id")
        .annotate(
            sign_due=Count(
                "id",
                filter=Q(sign_due_at__isnull=False)
                & (Q(signed_at__isnull=False) | Q(sign_due_at__lt=now)),
            ),
            signed_on_time=Count(
                "id",
                filter=Q(sign_due_at__isnull=False, signed_at__lte=F("sign_due_at")),
            ),
            closed=Count("id", filter=closed),
            redone=Count("id", filter=Q(redo_count__gt=0)),
        )
    ):
        merged[row.pop("department_id")] = row
    callbacks = CaseCallback.objects.order_by().filter(
        case__submitted_at__gte=start, case__submitted_at__lt=end
    )
    if department_ids is not None:
        callbacks = callbacks.filter(case__department_id__in=sorted(department_ids))
    for row in callbacks.values("case__department_id").annotate(
        called_back=Count("case_id", distinct=True),
        callbacks=Count("id"),
        callbacks_satisfied=Count("id", filter=Q(result__in=SATISFIED_RESULTS)),
    ):
        merged.setdefault(row.pop("case__department_id"), {}).update(row)
    return merged


def send_back_sender() -> Coalesce:
    """The department a SEND_BACK event is credited to (for a CaseEvent
    queryset): a 退单 leaves the case in its department until a dispatcher moves
    it, and the move's event names the department it left, the one that sent it
    back; while it has not moved, its department."""
    next_move = (
        CaseEvent.objects.filter(
            case_id=OuterRef("case_id"), from_department__isnull=False
        )
        .filter(
            Q(created_at__gt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__gt=OuterRef("id"))
        )
        .order_by("created_at", "id")
        .values("from_department_id")[:1]
    )
    return Coalesce(
        Subquery(next_move), F("case__department_id"), output_field=IntegerField()
    )


def office_send_back_rows(
    *, department_ids: Collection[int] | None, start: datetime, end: datetime
) -> dict[int, dict[str, int]]:
    """Per department credited (`send_back_sender`), the 退单 of the cases
    received in [start, end): one query."""
    rows = (
        CaseEvent.objects.order_by()
        .filter(
            case__submitted_at__gte=start,
            case__submitted_at__lt=end,
            action=CaseEvent.Action.SEND_BACK,
        )
        .annotate(sender=send_back_sender())
        .values("sender")
        .annotate(sent_back=Count("id"))
    )
    if department_ids is not None:
        rows = rows.filter(sender__in=sorted(department_ids))
    return {row.pop("sender"): row for row in rows}
