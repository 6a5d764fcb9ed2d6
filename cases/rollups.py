"""The cases' roll-ups (`CaseDayCount`, `CaseAnswerDayCount` and their months,
`CaseMonthCount`, `CaseAnswerMonthCount`), kept in step by the services in
their own transactions and rebuilt from the cases on demand.

A bucket is the cases one department received on one Asia/Shanghai day. Every
service that changes a field the roll-ups count (`COUNTED_FIELDS`, a case's
callbacks) calls `case_changed` / `cases_changed` after saving, in its
transaction: the buckets are locked (`kernel.rollups.lock_buckets`, both
departments' when the case moved) and recomputed from their cases with one
INSERT … SELECT per table, the same statements `rollups_rebuild` runs over
every case. A new case is cheaper: `case_submitted` appends a row counting it
under shared locks (`kernel.rollups.buckets_append`), so the submissions to one
department on one day do not queue on its rows; the next recompute of the
bucket folds those rows into one per group, and `rollups_compact` (every ten
minutes) recomputes the buckets that still hold such rows.

Why recompute rather than add and subtract: a bucket is tens of cases, the
aggregate over it is an index range scan, and a recompute cannot drift; the
same SQL rebuilds everything, so there is one definition of each count. A
department's month is rewritten from its days whenever one of them is, under
the month's own lock (taken after the days').
"""

import datetime as dt
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet

from cases import workflow
from cases.models import (
    Case,
    CaseAnswerDayCount,
    CaseAnswerMonthCount,
    CaseDayCount,
    CaseMonthCount,
    CaseSendBackCount,
)
from cases.rollups_sql import (
    answer_day_rows,
    calendar_ready,
    day_rows,
    insert_select,
    month_rows,
    send_back_rows,
    workday_numbers_fill,
)
from cases.statistics_rows import SHANGHAI, next_month
from kernel.rollups import buckets_append, lock_bucket_groups, lock_buckets

Status = workflow.Status
Bucket = tuple[dt.date, int]  # (received day, department id)

# The case fields the roll-ups read (callbacks aside): a save touching none of
# them leaves its bucket as it was.
COUNTED_FIELDS = frozenset(
    {
        "status",
        "department",
        "kind",
        "service_type",
        "replied_at",
        "rejected_at",
        "closed_at",
        "due_at",
        "sign_due_at",
        "signed_at",
        "redo_count",
    }
)

__all__ = [
    "COUNTED_FIELDS",
    "bucket_of",
    "buckets_lock",
    "buckets_refresh",
    "case_changed",
    "case_submitted",
    "cases_changed",
    "rollups_compact",
    "rollups_rebuild",
    "send_backs_changed",
    "workday_numbers_fill",
]


def bucket_of(case: Case, department_id: int | None = None) -> Bucket:
    """The bucket `case` counts in (in `department_id` if given)."""
    day = case.submitted_at.astimezone(SHANGHAI).date()
    return day, department_id if department_id is not None else case.department_id


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def buckets_lock(*, buckets: Iterable[Bucket]) -> None:
    """Lock these buckets and their months to the end of the transaction, in one
    statement: the days' locks (each covers both day tables) before the months'
    (each covers both month tables), so every writer takes them in one order
    and no two writers deadlock."""
    lock_bucket_groups(_lock_groups(buckets))


def _lock_groups(buckets: Iterable[Bucket]) -> list:
    buckets = set(buckets)
    months = {(day.replace(day=1), pk) for day, pk in buckets}
    return [
        (CaseDayCount, [{"day": day, "department_id": pk} for day, pk in buckets]),
        (
            CaseMonthCount,
            [{"month": month, "department_id": pk} for month, pk in months],
        ),
    ]


def case_submitted(*, case: Case) -> None:
    """Count a new case, in the submission's transaction: lock its day's and
    month's buckets shared and append a row counting it to each (one statement
    on PostgreSQL, two inserts elsewhere). Call it once, after routing
    (`case_route` counts nothing itself): the case counts where it stands then,
    待受理 or 待分拨, with nothing yet answered or signed. A transaction that goes on to change the case must not
    run beside another doing the same to that bucket: each would wait for the
    other's shared lock to take its exclusive one (PostgreSQL ends the deadlock
    by failing one); only one-by-one seeding does so."""
    day, department_id = bucket_of(case)
    row = {
        "department_id": department_id,
        "kind": case.kind,
        "service_type_id": case.service_type_id or 0,
        "status": case.status,
        "cases": 1,
    }
    buckets_append(
        _lock_groups([(day, department_id)]),
        [CaseDayCount(day=day, **row), CaseMonthCount(month=day.replace(day=1), **row)],
    )


def rollups_compact(*, since: dt.date | None = None) -> int:
    """Recompute the day buckets since `since` (default: yesterday, Asia/Shanghai)
    that hold more than one row of a group, as `case_submitted` leaves them, and
    with them their months; returns how many buckets. Each recompute is the
    transaction of `buckets_refresh`, so it waits for the submissions still
    appending to it and no writer waits long."""
    if since is None:
        since = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    grouping = ("day", "department_id", "kind", "service_type_id", "status")
    buckets = sorted(
        set(
            CaseDayCount.objects.filter(day__gte=since)
            .values(*grouping)
            .annotate(rows=Count("id"))
            .filter(rows__gt=1)
            .values_list("day", "department_id")
        )
    )
    for bucket in buckets:
        with transaction.atomic():
            buckets_refresh(buckets=[bucket], answers=False)
    return len(buckets)


def case_changed(
    *, case: Case, department_before: int | None = None, fields: Iterable[str] = ()
) -> None:
    """After a service saved `case` (and, if it moved, `department_before`, the
    id of the department it left), recompute its buckets in the caller's
    transaction. `fields`, when given, are the saved fields: nothing is done
    if none is counted."""
    fields = set(fields)
    if fields and not fields & COUNTED_FIELDS:
        return
    buckets = {bucket_of(case)}
    if department_before is not None:
        buckets.add(bucket_of(case, department_before))
    buckets_refresh(buckets=buckets)


def cases_changed(*, cases: Iterable[Case]) -> None:
    """`case_changed` for several cases saved at once (a bulk update), none of
    them moved: one lock and one recompute for all their buckets."""
    buckets_refresh(buckets={bucket_of(case) for case in cases})


def buckets_refresh(*, buckets: Iterable[Bucket], answers: bool = True) -> None:
    """Lock these buckets and recompute their rows from their cases, then their
    months from their days: ten queries on PostgreSQL (nine on SQLite)
    whatever the number of buckets, five (four) without the `CaseAnswerDayCount`
    rows and their months (`answers` False)."""
    buckets = sorted(set(buckets))
    if not buckets:
        return
    buckets_lock(buckets=buckets)
    if answers:
        calendar_ready()
    # After the lock: every earlier writer of these buckets has committed, and
    # each statement below sees what they wrote (READ COMMITTED).
    rows = reduce(or_, (Q(day=day, department_id=pk) for day, pk in buckets))
    cases = reduce(
        or_,
        (
            Q(
                department_id=pk,
                submitted_at__gte=_day_start(day),
                submitted_at__lt=_day_start(day + dt.timedelta(days=1)),
            )
            for day, pk in buckets
        ),
    )
    CaseDayCount.objects.filter(rows).delete()
    insert_select(CaseDayCount, day_rows(Case.objects.filter(cases)))
    if answers:
        CaseAnswerDayCount.objects.filter(rows).delete()
        insert_select(CaseAnswerDayCount, answer_day_rows(Case.objects.filter(cases)))
    # The months' locks were taken with the days' (buckets_lock).
    months = sorted({(day.replace(day=1), pk) for day, pk in buckets})
    _months_rewrite(CaseDayCount, CaseMonthCount, months)
    if answers:
        _months_rewrite(CaseAnswerDayCount, CaseAnswerMonthCount, months)


def _months_rewrite(days_model, months_model, months: list[Bucket]) -> None:
    """Rewrite these (month, department) rows of `months_model` from
    `days_model`'s (two queries). The caller holds the months' locks."""
    months_model.objects.filter(
        reduce(or_, (Q(month=month, department_id=pk) for month, pk in months))
    ).delete()
    days = reduce(
        or_,
        (
            Q(department_id=pk, day__gte=month, day__lt=next_month(month))
            for month, pk in months
        ),
    )
    insert_select(months_model, month_rows(days_model.objects.filter(days)))


def send_backs_changed(*, case: Case) -> None:
    """After a 退单 or a move of `case` (either changes whom its 退单 credit),
    recompute the `CaseSendBackCount` rows of the day it was received: lock
    the day, then a DELETE and an INSERT … SELECT over that day's 退单 (the
    partial index case_event_send_back). Four queries."""
    day = bucket_of(case)[0]
    lock_buckets(CaseSendBackCount, [{"day": day}])
    CaseSendBackCount.objects.filter(day=day).delete()
    insert_select(
        CaseSendBackCount,
        send_back_rows(
            Q(
                case__submitted_at__gte=_day_start(day),
                case__submitted_at__lt=_day_start(day + dt.timedelta(days=1)),
            )
        ),
    )


def rollups_rebuild(*, calendar: bool = True) -> dict[str, int]:
    """Recompute every roll-up row from the cases, in one transaction: writers
    of cases wait for it (their buckets are in these tables), readers do not.
    `calendar`: rewrite the working-day calendar first (False: keep it, when
    nothing can have changed it). Returns {table: rows}."""
    with transaction.atomic():
        tables = ", ".join(model._meta.db_table for model in _TABLES)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The per-case look-ups (callbacks, calendar) make the plans
                # look dear enough for JIT, whose compiling took longer (2 s a
                # statement) than the statements themselves.
                cursor.execute("SET LOCAL jit = off")
                # EXCLUSIVE: readers go on; a bucket writer waits, then sees
                # the rebuilt rows (its delete would miss them otherwise).
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        if calendar:
            workday_numbers_fill()
        for model in _TABLES:
            model.objects.all().delete()
        _fill(Case.objects.all())
        insert_select(CaseSendBackCount, send_back_rows(Q()))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics: the planner reads these tables by day
                # range and must know how many rows a year holds.
                cursor.execute(f"ANALYZE {tables}")
        return {model._meta.db_table: model.objects.count() for model in _TABLES}


_TABLES = (
    CaseDayCount,
    CaseMonthCount,
    CaseAnswerDayCount,
    CaseAnswerMonthCount,
    CaseSendBackCount,
)


def _fill(cases: QuerySet[Case]) -> None:
    """INSERT … SELECT the roll-up rows of `cases`, then the months of every
    day (four statements: a rebuild's, over empty tables)."""
    insert_select(CaseDayCount, day_rows(cases))
    insert_select(CaseAnswerDayCount, answer_day_rows(cases))
    insert_select(CaseMonthCount, month_rows(CaseDayCount.objects.all()))
    insert_select(CaseAnswerMonthCount, month_rows(CaseAnswerDayCount.objects.all()))
