"""The SQL of the cases' roll-ups (`cases.rollups`): each roll-up table's rows
as one Django query over the raw rows, written with INSERT … SELECT, and the
working-day calendar (`WorkdayNumber`) the answer histograms read. The same
queries recompute one bucket and rebuild everything, so each count has one
definition.
"""

import datetime as dt

from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from cases import workflow
from cases.models import (
    Case,
    CaseAnswerDayCount,
    CaseCallback,
    CaseEvent,
    CaseSendBackCount,
    WorkdayNumber,
)
from cases.statistics_rows import (
    ANSWERED_AT,
    SATISFIED_RESULTS,
    ShanghaiDate,
    send_back_sender,
)
from kernel import workdays

Status = workflow.Status

# The working-day calendar the answer histograms read covers these years; the
# rebuild extends it to cover every case.
CALENDAR_FIRST_YEAR = 2015
CALENDAR_YEARS_AHEAD = 2

__all__ = [
    "answer_day_rows",
    "calendar_ready",
    "day_rows",
    "insert_select",
    "send_back_rows",
    "workday_numbers_fill",
]


def send_back_rows(scope: Q) -> QuerySet:
    """The `CaseSendBackCount` rows of the SEND_BACK events in `scope`."""
    return (
        CaseEvent.objects.order_by()
        .filter(scope, action=CaseEvent.Action.SEND_BACK)
        .annotate(r_day=ShanghaiDate("case__submitted_at"), r_sender=send_back_sender())
        .values("r_day", "r_sender")
        .annotate(r_sent_back=Count("id"))
    )


def _callback_count(**conditions) -> Subquery:
    return Subquery(
        CaseCallback.objects.order_by()
        .filter(case_id=OuterRef("pk"), **conditions)
        .values("case_id")
        .annotate(n=Count("id"))
        .values("n"),
        output_field=models.IntegerField(),
    )


def day_rows(cases: QuerySet[Case]) -> QuerySet:
    """The `CaseDayCount` rows of `cases`, named as its columns."""
    answered = Q(status__in=workflow.ANSWERED_FOR_STATISTICS)
    with_due = Q(sign_due_at__isnull=False)
    return (
        cases.order_by()
        .annotate(
            r_day=ShanghaiDate("submitted_at"),
            r_service=Coalesce("service_type_id", 0),
            r_callbacks=Coalesce(_callback_count(), 0),
            r_satisfied=Coalesce(_callback_count(result__in=SATISFIED_RESULTS), 0),
        )
        .values("r_day", "department_id", "kind", "r_service", "status")
        .annotate(
            r_cases=Count("id"),
            r_answered_on_time=Count(
                "id", filter=answered & Q(due_at__gte=ANSWERED_AT)
            ),
            r_signed=Count("id", filter=with_due & Q(signed_at__isnull=False)),
            r_signed_on_time=Count(
                "id", filter=with_due & Q(signed_at__lte=models.F("sign_due_at"))
            ),
            r_closed_once=Count(
                "id", filter=Q(status=Status.CLOSED) | Q(redo_count__gt=0)
            ),
            r_redone=Count("id", filter=Q(redo_count__gt=0)),
            r_called_back=Count("id", filter=Q(r_callbacks__gt=0)),
            r_callbacks=models.Sum("r_callbacks"),
            r_callbacks_satisfied=models.Sum("r_satisfied"),
        )
    )


def _workday_number(day) -> Subquery:
    return Subquery(
        WorkdayNumber.objects.filter(day=day).values("number")[:1],
        output_field=models.IntegerField(),
    )


def answer_day_rows(cases: QuerySet[Case]) -> QuerySet:
    """The `CaseAnswerDayCount` rows of `cases`, named as its columns: the
    working days to the first answer of the answered cases, and to closing of
    the closed ones (those without the moment, old imports, have none)."""
    Measure = CaseAnswerDayCount.Measure
    received = ShanghaiDate("submitted_at")

    def histogram(measure: str, moments: list[str], condition: Q) -> QuerySet:
        moment = [OuterRef(name) for name in moments]
        moment = moment[0] if len(moment) == 1 else Coalesce(*moment)
        return (
            cases.order_by()
            .filter(condition)
            .annotate(
                r_day=received,
                r_measure=models.Value(measure, output_field=models.CharField()),
                r_workdays=_workday_number(ShanghaiDate(moment))
                - _workday_number(ShanghaiDate(OuterRef("submitted_at"))),
            )
            .values("r_day", "department_id", "r_measure", "r_workdays")
            .annotate(r_cases=Count("id"))
        )

    # ANSWERED_AT's moments: the first reply, else the refusal.
    replies = histogram(
        Measure.REPLY,
        ["replied_at", "rejected_at"],
        Q(status__in=workflow.ANSWERED_FOR_STATISTICS)
        & (Q(replied_at__isnull=False) | Q(rejected_at__isnull=False)),
    )
    closes = histogram(
        Measure.CLOSE, ["closed_at"], Q(status=Status.CLOSED, closed_at__isnull=False)
    )
    return replies.union(closes, all=True).order_by()


def month_rows(days: QuerySet) -> QuerySet:
    """The month rows (`CaseMonthCount`, `CaseAnswerMonthCount`) of these day
    rows (`CaseDayCount`, `CaseAnswerDayCount`), named as `insert_select` reads
    them: each month's counts, summed from its days, per everything else the
    day rows are keyed by."""
    keys, aliases, sums = ["r_month"], {}, {}
    for field in days.model._meta.concrete_fields:
        if field.primary_key or field.name == "day":
            continue
        source = _source(days.model, field)
        if _is_count(field):
            sums[source] = Sum(field.column)
        else:
            keys.append(source)
            if source != field.column:
                aliases[source] = F(field.column)
    return (
        days.order_by()
        .annotate(r_month=TruncMonth("day"), **aliases)
        .values(*keys)
        .annotate(**sums)
    )


def workday_numbers_fill(*, last_year: int | None = None) -> int:
    """(Re)write `WorkdayNumber` from CALENDAR_FIRST_YEAR (or the first case's
    year, if earlier) to `last_year` (default: this year and
    CALENDAR_YEARS_AHEAD more), from `kernel.workdays.is_workday`; returns
    the days written. Run it (the rebuild does) after the holiday calendar
    (WORKDAY_CALENDAR_FILE) changed, then rebuild the histograms."""
    today = dt.date.today()
    last_year = last_year or today.year + CALENDAR_YEARS_AHEAD
    first_case = Case.objects.order_by("submitted_at").values("submitted_at").first()
    first_year = CALENDAR_FIRST_YEAR
    if first_case:
        first_year = min(first_year, first_case["submitted_at"].year)
    day, number, rows = dt.date(first_year, 1, 1), 0, []
    while day.year <= last_year:
        number += workdays.is_workday(day)
        rows.append(WorkdayNumber(day=day, number=number))
        day += dt.timedelta(days=1)
    WorkdayNumber.objects.all().delete()
    WorkdayNumber.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def calendar_ready() -> None:
    """Make sure the calendar covers next year: one primary-key look-up (not
    cached: a test database's flush or a restored dump may empty the table)."""
    year = dt.date.today().year
    if not WorkdayNumber.objects.filter(day=dt.date(year + 1, 12, 31)).exists():
        workday_numbers_fill(last_year=year + CALENDAR_YEARS_AHEAD)


def insert_select(model: type[models.Model], rows: QuerySet) -> None:
    """INSERT INTO the model's table the rows of a values() query whose names
    are its columns (`r_` + name, or the case's own column): the select is
    wrapped and its columns named, so their order in Django's SQL is moot."""
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    quote = connection.ops.quote_name
    targets, sources = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        source = quote(_source(model, field))
        targets.append(quote(field.column))
        sources.append(f"COALESCE({source}, 0)" if _is_count(field) else source)
    with connection.cursor() as cursor:
        # Identifiers from the model's meta, values as parameters: nothing the
        # user typed is spliced in.
        table, columns = quote(model._meta.db_table), ", ".join(targets)
        statement = f"INSERT INTO {table} ({columns}) SELECT {', '.join(sources)} "
        cursor.execute(f"{statement}FROM ({sql}) AS rollup_rows", params)


def _source(model: type[models.Model], field: models.Field) -> str:
    """The name `insert_select` reads a column of `model` from: the case's own
    column for the department, kind and status, else `r_` + its name (the
    service type `r_service`, a 退单 row's department `r_sender`)."""
    name = field.column
    if name == "department_id" and model is CaseSendBackCount:
        return "r_sender"
    if name in {"department_id", "kind", "status"}:
        return name
    return "r_service" if name == "service_type_id" else f"r_{name}"


def _is_count(field: models.Field) -> bool:
    # A SUM over no callbacks is NULL; the counts are never.
    return isinstance(field, models.PositiveIntegerField)
