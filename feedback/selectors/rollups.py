"""Satisfaction rates and impression averages read from the day roll-ups
(`FeedbackDayCount`, kept in step by `feedback.services.rollups`).

A period of whole Asia/Shanghai days, the dashboard's and 数据公开's, is a range
of roll-up rows: one small GROUP BY however many ratings a year holds. A bound
inside a day cannot be answered from day rows, so such a call counts the raw
rows instead (`satisfaction_rates_raw`, `impression_averages_raw`), with the same
result.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet, Sum

from cases.statistics import rollup_day
from feedback.models import FeedbackDayCount
from feedback.selectors.comments import impression_averages_raw
from feedback.selectors.evaluations import satisfaction_entry, satisfaction_rates_raw


def _whole_days(start: datetime | None, end: datetime | None) -> Q | None:
    """The roll-up rows of [start, end), or None when a bound is not an
    Asia/Shanghai midnight (an open bound is unbounded)."""
    try:
        first = rollup_day(start) if start is not None else None
        last = rollup_day(end) if end is not None else None
    except ValueError:
        return None
    days = Q()
    if first is not None:
        days &= Q(day__gte=first)
    if last is not None:
        days &= Q(day__lt=last)
    return days


def _sums(rows: QuerySet, *, counted: str, **sums: str) -> QuerySet:
    """Per department, the sums of these columns over the rows where `counted`
    adds up to more than nothing."""
    return (
        rows.values("department_id")
        .annotate(**{name: Sum(column) for name, column in sums.items()})
        .filter(**{f"{counted}__gt": 0})
        .order_by()
    )


def satisfaction_rates(
    *,
    department_ids: Iterable[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, dict]:
    """Per department: ratings counted (void ones excluded), how many were 满意 or
    非常满意, and their share (0-1, four decimals; None without ratings). Every
    requested department appears; without ids, every department with a rating.
    `start`/`end` keep the ratings given in [start, end) (either may be None).
    One query."""
    days = _whole_days(start, end)
    if days is None:
        return satisfaction_rates_raw(
            department_ids=department_ids, start=start, end=end
        )
    rows = FeedbackDayCount.objects.filter(days)
    rates = {}
    if department_ids is not None:
        ids = sorted(set(department_ids))
        rates = {pk: satisfaction_entry(rated=0, satisfied=0) for pk in ids}
        if not ids:
            return rates
        rows = rows.filter(department_id__in=ids)
    for row in _sums(rows, counted="n_rated", n_rated="rated", n_sat="satisfied"):
        rates[row["department_id"]] = satisfaction_entry(
            rated=row["n_rated"], satisfied=row["n_sat"]
        )
    return rates


def impression_averages(
    *,
    department_ids: Iterable[int],
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, dict]:
    """Per department: {"average", "count"} of the counted impression scores
    given in [start, end) (either side may be None), in one query; every
    requested department appears."""
    days = _whole_days(start, end)
    if days is None:
        return impression_averages_raw(
            department_ids=department_ids, start=start, end=end
        )
    ids = sorted(set(department_ids))
    averages = {pk: {"average": None, "count": 0} for pk in ids}
    if not ids:
        return averages
    rows = FeedbackDayCount.objects.filter(days, department_id__in=ids)
    for row in _sums(rows, counted="n", n="impressions", score="impression_score"):
        averages[row["department_id"]] = {
            # As the raw average, rounded once to two decimals.
            "average": round(row["score"] / row["n"], 2),
            "count": row["n"],
        }
    return averages
