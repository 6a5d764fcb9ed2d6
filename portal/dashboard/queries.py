"""The queries behind the dashboard's figures: two scans of the case table.

At 100,000 cases each pass over the table costs about as much as everything else
together, so the figures share passes: `case_counts` answers the backlog, the
deadlines, the received-today/week/month counts, the twelve months, the range
counts and the complaints by service type in one GROUP BY with conditional counts
(period bounds are computed here, so no row needs a time-zone conversion);
`answer_days` groups answered cases by their Asia/Shanghai days for the
working-day durations. `selectors.py` puts them together.
"""

from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Count, DateField, Func, Q, QuerySet, When

from cases.models import Case
from cases.selectors import OPEN_STATUSES
from departments.models import ServiceType
from portal.dashboard.rates import ANSWERED_AT, ANSWERED_STATUSES, rate_counts
from portal.dashboard.timing import add_months, day_start, workdays_from_to

Status = Case.Status
KINDS = list(Case.Kind.values)
BACKLOG_STATUSES = [Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED]


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


def cases_in(*, department_ids: Collection[int] | None) -> QuerySet[Case]:
    """Cases of these departments (None: all), without ordering."""
    # No default ordering: it would join the GROUP BY of every aggregate below.
    cases = Case.objects.order_by()
    if department_ids is not None:
        cases = cases.filter(department_id__in=sorted(department_ids))
    return cases


def case_counts(
    *,
    cases: QuerySet[Case],
    now: datetime,
    periods: dict[str, datetime],
    months: list[date],
    start: datetime,
    end: datetime,
):
    """One row per (department, status, kind, service type) with: `count` (all
    time), `overdue`
    and `due_soon` (open cases), one count per start in `periods` (received since),
    `month_<i>` per first day in `months` (received that month), and the
    `rates.rate_counts` of the cases received in [start, end)."""
    in_range = Q(submitted_at__gte=start, submitted_at__lt=end)
    month_ends = [*months[1:], add_months(months[-1], 1)]
    return (
        # A service type belongs to one department: grouping by it adds few rows.
        cases.values("department_id", "status", "kind", "service_type_id").annotate(
            count=Count("id"),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
            due_soon=Count(
                "id",
                filter=Q(
                    status__in=OPEN_STATUSES,
                    due_at__gte=now,
                    due_at__lt=now + timedelta(hours=24),
                ),
            ),
            **{
                f"since_{name}": Count("id", filter=Q(submitted_at__gte=moment))
                for name, moment in periods.items()
            },
            **{
                f"month_{index}": Count(
                    "id",
                    filter=Q(
                        submitted_at__gte=day_start(first),
                        submitted_at__lt=day_start(last),
                    ),
                )
                for index, (first, last) in enumerate(
                    zip(months, month_ends, strict=True)
                )
            },
            **rate_counts(now=now, within=in_range),
        )
    )


def answer_days(
    *, cases: QuerySet[Case], start: datetime, end: datetime
) -> tuple[dict[int, Counter[int]], Counter[int]]:
    """Working days to the first answer, per department ({days: cases}), and to
    closing (all departments), for answered cases received in [start, end).

    The database groups cases by (department, day received, day answered, day
    closed); `workdays_from_to` turns each group into working days."""
    rows = (
        cases.filter(
            submitted_at__gte=start,
            submitted_at__lt=end,
            status__in=ANSWERED_STATUSES,
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
    replies: dict[int, Counter[int]] = defaultdict(Counter)
    closes: Counter[int] = Counter()
    for department_id, received_on, answered_on, closed_on, count in rows:
        # A status without its timestamp (old imported rows) has no duration.
        if answered_on is not None:
            replies[department_id][workdays_from_to(received_on, answered_on)] += count
        if closed_on is not None:
            closes[workdays_from_to(received_on, closed_on)] += count
    return replies, closes


def range_rows(*, cases: QuerySet[Case], start: datetime, end: datetime, now: datetime):
    """Per department, the `rates.rate_counts` of the cases received in
    [start, end) (the public statistics' one scan)."""
    return (
        cases.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values("department_id")
        .annotate(**rate_counts(now=now))
    )


def service_type_names(*, ids: Collection[int]) -> dict[int, str]:
    """Names of these service types (for the complaints chart), in one query."""
    return dict(
        ServiceType.objects.filter(pk__in=sorted(ids)).values_list("id", "name")
    )
