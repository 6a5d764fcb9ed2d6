"""Reads of citizens' comments: the tags, and the
summaries of impressions and leader reviews that the departments API embeds.

Every summary takes a list of ids and answers for all of them in a constant number
of queries, so a page of departments costs the same whether it holds 5 or 100.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from departments import selectors as department_selectors
from departments.models import Leader
from feedback.models import (
    DepartmentImpression,
    ImpressionTag,
    LeaderReview,
)
from feedback.models.comments import SCORE_RANGE
from feedback.selectors.periods import created_between

TOP_TAGS = 5
RECENT_COMMENTS = 3
# "Recent" comments: the newest few of this window, which also bounds the rows the
# window function ranks on a busy department.
RECENT_COMMENT_DAYS = 90
SCORES = range(SCORE_RANGE[0], SCORE_RANGE[1] + 1)
Published = DepartmentImpression.Status.PUBLISHED


def active_impression_tags() -> QuerySet[ImpressionTag]:
    """The tags a citizen may pick, in display order."""
    return ImpressionTag.objects.filter(is_active=True).order_by("sort_order", "id")


def _average(value) -> float | None:
    """An average as the summaries show it: two decimals, None without scores."""
    return round(float(value), 2) if value is not None else None


def department_impression_summaries(
    *, department_ids: Iterable[int], now: datetime | None = None
) -> dict[int, dict]:
    """Per department: average and count of counted scores, their distribution
    (1..5), the five most chosen active tags, and the three newest published
    comments of the last 90 days. Three queries for any number of departments."""
    ids = sorted(set(department_ids))
    summaries = {
        pk: {
            "average": None,
            "count": 0,
            "distribution": dict.fromkeys(SCORES, 0),
            "top_tags": [],
            "recent_comments": [],
        }
        for pk in ids
    }
    if not ids:
        return summaries
    now = now or timezone.now()
    counted = DepartmentImpression.objects.filter(
        department_id__in=ids, counts_in_average=True
    )
    per_score = {f"score_{n}": Count("id", filter=Q(score=n)) for n in SCORES}
    for row in (
        counted.values("department_id")
        .annotate(count=Count("id"), average=Avg("score"), **per_score)
        .order_by()
    ):
        summary = summaries[row["department_id"]]
        summary["average"] = _average(row["average"])
        summary["count"] = row["count"]
        summary["distribution"] = {n: row[f"score_{n}"] for n in SCORES}

    tag_counts = (
        DepartmentImpression.tags.through.objects.filter(
            departmentimpression__department_id__in=ids,
            departmentimpression__counts_in_average=True,
            impressiontag__is_active=True,
        )
        .values("departmentimpression__department_id", "impressiontag__name")
        .annotate(count=Count("id"))
        .order_by(
            "departmentimpression__department_id", "-count", "impressiontag__name"
        )
    )
    for row in tag_counts:
        tags = summaries[row["departmentimpression__department_id"]]["top_tags"]
        if len(tags) < TOP_TAGS:
            tags.append({"name": row["impressiontag__name"], "count": row["count"]})

    recent = (
        DepartmentImpression.objects.filter(
            department_id__in=ids,
            status=Published,
            created_at__gte=now - timedelta(days=RECENT_COMMENT_DAYS),
        )
        .exclude(comment="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("department_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=RECENT_COMMENTS)
        .order_by("department_id", "rank")
        .values_list("department_id", "score", "comment", "created_at")
    )
    for department_id, score, comment, created_at in recent:
        summaries[department_id]["recent_comments"].append(
            {"score": score, "comment": comment, "created_at": created_at}
        )
    return summaries


def impression_averages_raw(
    *,
    department_ids: Iterable[int],
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, dict]:
    """`impression_averages` counted from the impressions themselves, for any
    bounds (the roll-ups answer whole days): what the roll-ups must agree with."""
    return _score_averages(
        DepartmentImpression.objects.filter(**created_between(start, end)),
        key="department_id",
        ids=department_ids,
    )


def leader_review_summaries(*, leader_ids: Iterable[int]) -> dict[int, dict]:
    """Per leader: average and count of counted review scores, in one query."""
    return _score_averages(LeaderReview.objects.all(), key="leader_id", ids=leader_ids)


def _score_averages(comments: QuerySet, *, key: str, ids: Iterable[int]) -> dict:
    """{id: {"average", "count"}} of the counted scores among `comments`, grouped
    by the `key` column, for every one of `ids`."""
    ids = sorted(set(ids))
    averages = {pk: {"average": None, "count": 0} for pk in ids}
    if not ids:
        return averages
    rows = (
        comments.filter(**{f"{key}__in": ids}, counts_in_average=True)
        .values(key)
        .annotate(count=Count("id"), average=Avg("score"))
        .order_by()
    )
    for row in rows:
        averages[row[key]] = {
            "average": _average(row["average"]),
            "count": row["count"],
        }
    return averages


def get_reviewable_leader(*, leader_id: int) -> Leader | None:
    """The active leader of an active department with this id, or None."""
    return department_selectors.leader_list().filter(pk=leader_id).first()


def published_leader_reviews(*, leader_id: int) -> QuerySet[LeaderReview]:
    """A leader's published reviews, newest first."""
    return LeaderReview.objects.filter(leader_id=leader_id, status=Published).order_by(
        "-created_at", "-id"
    )
