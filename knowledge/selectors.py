"""Reads of the knowledge base: what citizens see, what staff keep, what the
dashboard counts. The suggestions at intake are in knowledge/suggest.py."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from kernel import search as kernel_search
from knowledge.models import Entry, KnowledgeDayCount, UnansweredQuestion

# Best first: a word in the question ranks an entry above one in its answer.
SEARCH_FIELDS = ("question", "keywords", "answer")
DOCUMENT_FIELD = "search_document"
VECTOR_FIELD = "search_vector"
# An entry is stale (督办 sees it) when its validity has passed, or when at
# least STALE_MIN_VOTES citizens rated it and most found it 没用.
STALE_MIN_VOTES = 5


def today() -> date:
    return timezone.localdate()


def shown_entries(*, on: date | None = None) -> QuerySet[Entry]:
    """Published entries within their validity today: what citizens see."""
    on = on or today()
    return (
        Entry.objects.filter(status=Entry.Status.PUBLISHED)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    )


def with_places(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.select_related(
        "department", "service_type__window__department"
    ).defer(DOCUMENT_FIELD, VECTOR_FIELD)


# Where the one search service looks in an entry (kernel.search's arguments).
SEARCHED = {
    "fields": SEARCH_FIELDS,
    "document_field": DOCUMENT_FIELD,
    "vector_field": VECTOR_FIELD,
}


def entry_list(
    *, search: str = "", department_id: int | None = None
) -> QuerySet[Entry]:
    """知识库 for citizens: every word of `search` (and its synonyms) in the
    question, keywords or answer, best first; then the most useful, newest."""
    entries = shown_entries()
    if department_id is not None:
        entries = entries.filter(department_id=department_id)
    ordering = ["-helpful_count", "-published_at", "-id"]
    if search.strip():
        entries = kernel_search.search(entries, query=search, **SEARCHED)
        ordering.insert(0, "-search_rank")
    return with_places(entries).order_by(*ordering)


def get_shown_entry(*, entry_id: int) -> Entry | None:
    return with_places(shown_entries()).filter(pk=entry_id).first()


def stale_condition() -> Q:
    """Published entries past their validity, or rated 没用 by most of at least
    STALE_MIN_VOTES citizens: what supervisors review (the admin's filter)."""
    return Q(status=Entry.Status.PUBLISHED) & (
        Q(valid_until__lt=today())
        | Q(
            unhelpful_count__gte=STALE_MIN_VOTES, unhelpful_count__gt=F("helpful_count")
        )
    )


def entries_from_case(*, case_id: int) -> QuerySet[Entry]:
    return Entry.objects.filter(source_case_id=case_id)


@dataclass(frozen=True)
class KnowledgeFigures:
    """The dashboard's 知识库 panel for a period."""

    views: int
    helpful: int
    unhelpful: int
    self_served: int
    published: int
    # department_id (None: city-wide) → entries added from cases in the period
    from_cases: dict[int | None, int]
    unanswered: list[tuple[str, int]]


def knowledge_figures(
    *, start: date, end: date, department_ids=None, unanswered_shown: int = 10
) -> KnowledgeFigures:
    """What the knowledge base did between `start` and `end` (inclusive days),
    for these departments (None: the city, city-wide entries included)."""
    days = KnowledgeDayCount.objects.filter(day__gte=start, day__lte=end)
    entries = Entry.objects.all()
    if department_ids is not None:
        days = days.filter(department_id__in=department_ids)
        entries = entries.filter(department_id__in=department_ids)
    totals = days.aggregate(
        views=Sum("views"),
        helpful=Sum("helpful"),
        unhelpful=Sum("unhelpful"),
        self_served=Sum("self_served"),
    )
    from_cases = dict(
        entries.filter(
            source_case__isnull=False,
            created_at__date__gte=start,
            created_at__date__lte=end,
        )
        .values_list("department_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unanswered = (
        list(
            UnansweredQuestion.objects.filter(last_asked__gte=start)
            .order_by("-times", "-last_asked")
            .values_list("text", "times")[:unanswered_shown]
        )
        if department_ids is None
        else []
    )
    return KnowledgeFigures(
        views=totals["views"] or 0,
        helpful=totals["helpful"] or 0,
        unhelpful=totals["unhelpful"] or 0,
        self_served=totals["self_served"] or 0,
        published=shown_entries()
        .filter(
            **({} if department_ids is None else {"department_id__in": department_ids})
        )
        .count(),
        from_cases=from_cases,
        unanswered=unanswered,
    )
