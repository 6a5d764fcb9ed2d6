"""The feedback roll-ups (`FeedbackDayCount`), kept in step by the services in
their own transactions and rebuilt from the raw rows on demand.

A bucket is what one department received on one Asia/Shanghai day
(`created_at`). Every change the figures see is a known step of one row, so the
service that makes it adds that step to its bucket, after saving, in its
transaction (`kernel.rollups.lock_buckets` then `bucket_add`: two queries on
PostgreSQL, one or two on SQLite):

- a rating given (`evaluation_submit`): 评价数 +1, and 满意数 +1 if 满意 or better;
- a rating voided by an appeal (`appeal_decide`): the same, −1;
- an impression given that counts (not held for a sensitive word): +1 and its
  score; hidden as 刷票 or 恶意评价 (`moderation_hide`): −1 and its score;
  published or restored (`moderation_restore`) when it did not count: +1.

Why steps and not a recompute (as the cases' roll-ups do): a department's day
of ratings has no index of its own to recompute from, while each service knows
exactly what it changed, under the lock of the row it changed. `rollups_rebuild`
recomputes every row from the raw rows with the selectors' own definitions;
tests/feedback/test_rollups.py checks that it finds what the steps added.
"""

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value

from cases.statistics import ShanghaiDate
from feedback.models import CaseEvaluation, DepartmentImpression, FeedbackDayCount
from feedback.models.evaluations import SATISFIED_LEVELS
from feedback.rating_sources import rating_source_add, rating_sources
from kernel.rollups import bucket_add, lock_buckets
from kernel.workdays import SHANGHAI

__all__ = [
    "impression_counted",
    "rating_counted",
    "rating_source_add",
    "rollups_rebuild",
    "visit_rating_counted",
]


def _add(*, department_id: int, created_at, counts: dict[str, int]) -> None:
    key = {
        "day": created_at.astimezone(SHANGHAI).date(),
        "department_id": department_id,
    }
    lock_buckets(FeedbackDayCount, [key])
    bucket_add(FeedbackDayCount, key, {}, counts)


def rating_counted(*, evaluation: CaseEvaluation, step: int) -> None:
    """A rating starts (`step` 1) or stops (−1) counting: in the caller's
    transaction, after its save."""
    satisfied = step if evaluation.level in SATISFIED_LEVELS else 0
    _add(
        department_id=evaluation.department_id,
        created_at=evaluation.created_at,
        counts={"rated": step, "satisfied": satisfied},
    )


def visit_rating_counted(
    *, department_id: int, created_at, level: int, step: int
) -> None:
    """A rating kept by another app (`feedback.rating_sources`) starts or stops counting:
    in the caller's transaction, after its save."""
    satisfied = step if level in SATISFIED_LEVELS else 0
    _add(
        department_id=department_id,
        created_at=created_at,
        counts={"rated": step, "satisfied": satisfied},
    )


def impression_counted(*, impression: DepartmentImpression, step: int) -> None:
    """An impression's score starts (`step` 1) or stops (−1) counting in the
    average: in the caller's transaction, after its save."""
    _add(
        department_id=impression.department_id,
        created_at=impression.created_at,
        counts={"impressions": step, "impression_score": step * impression.score},
    )


def rollups_rebuild(*, apps=global_apps) -> dict[str, int]:
    """Recompute every `FeedbackDayCount` row from the ratings and impressions,
    in one transaction (one DELETE, one INSERT … SELECT … GROUP BY): writers wait
    for it, readers do not. `apps`: the app registry to take the models from (a
    migration passes its own). Returns {table: rows}."""
    ratings = apps.get_model("feedback", "CaseEvaluation")
    impressions = apps.get_model("feedback", "DepartmentImpression")
    rollup = apps.get_model("feedback", "FeedbackDayCount")
    table = connection.ops.quote_name(rollup._meta.db_table)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # EXCLUSIVE: readers go on; a writer's step waits for the rebuilt
                # rows instead of landing in rows about to be deleted.
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        rollup.objects.all().delete()
        _insert_select(
            table,
            _rating_rows(ratings.objects.filter(is_void=False)),
            *(_rating_rows(rows) for rows in rating_sources(apps)),
            _impression_rows(impressions.objects.all()),
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics: the planner would otherwise guess the rows
                # of a period from the empty table it last saw.
                cursor.execute(f"ANALYZE {table}")
        return {rollup._meta.db_table: rollup.objects.count()}


COLUMNS = (
    "day",
    "department_id",
    "rated",
    "satisfied",
    "impressions",
    "impression_score",
)


def _rating_rows(ratings: QuerySet) -> QuerySet:
    """Per (day, department): the ratings (those that count), named as the
    columns."""
    zero = Value(0, output_field=IntegerField())
    return (
        ratings.order_by()
        .annotate(r_day=ShanghaiDate("created_at"), r_department_id=F("department_id"))
        .values("r_day", "r_department_id")
        .annotate(
            r_rated=Count("id"),
            r_satisfied=Count("id", filter=Q(level__in=sorted(SATISFIED_LEVELS))),
            r_impressions=zero,
            r_impression_score=zero,
        )
    )


def _impression_rows(impressions: QuerySet) -> QuerySet:
    """Per (day, department): the impressions counted in the average."""
    zero = Value(0, output_field=IntegerField())
    return (
        impressions.order_by()
        .filter(counts_in_average=True)
        .annotate(r_day=ShanghaiDate("created_at"), r_department_id=F("department_id"))
        .values("r_day", "r_department_id")
        .annotate(
            r_rated=zero,
            r_satisfied=zero,
            r_impressions=Count("id"),
            r_impression_score=Sum("score"),
        )
    )


def _insert_select(table: str, *parts: QuerySet) -> None:
    """INSERT INTO `table` the sums per (day, department) of the rows of `parts`
    (values() queries naming each column `r_` + column): each part is wrapped to
    put its columns in one order, whatever order Django compiled them in."""
    quote = connection.ops.quote_name
    named = ", ".join(quote(f"r_{column}") for column in COLUMNS)
    selects, params = [], []
    for part in parts:
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        alias = f"part_{len(selects)}"
        selects.append(f"SELECT {named} FROM ({sql}) AS {alias}")  # noqa: S608 - Django's SQL
        params += part_params
    sums = ", ".join(f"SUM({quote(f'r_{column}')})" for column in COLUMNS[2:])
    day, department = quote("r_day"), quote("r_department_id")
    with connection.cursor() as cursor:
        # Identifiers from the models' meta, values as parameters.
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(quote(c) for c in COLUMNS)}) "  # noqa: S608
            f"SELECT {day}, {department}, {sums} "
            f"FROM ({' UNION ALL '.join(selects)}) AS feedback_rows "
            f"GROUP BY {day}, {department}",
            params,
        )
