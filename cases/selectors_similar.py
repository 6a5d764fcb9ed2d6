"""Cases like the one being written: the duplicate hint at intake and on the
case page (12345: 重复诉求原则上并单处理), and answered letters like a question.

A complaint is *similar* to another when both are complaints to the same
department, the other still in hand (`IN_HAND`) and received in the last
SIMILAR_DAYS days, and they share the complainee, the address or the service
type. The complainee and the address compare as typed, ignoring case and the
whitespace around them: a hint, not a match a staff member would merge on
without reading. The department's index `(department, status, -submitted_at)`
finds the window; at intake only counts leave the server, never a case.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet

from cases import search as case_search
from cases.models import Case
from cases.workflow import ANSWERED_FOR_RATING, IN_HAND
from kernel import search as kernel_search

SIMILAR_DAYS = 30
# The case page lists at most this many; the hint counts every one.
SIMILAR_SHOWN = 10


@dataclass(frozen=True)
class SimilarCounts:
    complainee: int
    address: int
    service_type: int

    @property
    def same_object(self) -> int:
        # The larger of the two: a case with both counts once in each.
        return max(self.complainee, self.address)


def _window(
    *, department_id: int, now: datetime, within: QuerySet[Case] | None = None
) -> QuerySet[Case]:
    return (Case.objects.all() if within is None else within).filter(
        department_id=department_id,
        kind=Case.Kind.COMPLAINT,
        status__in=IN_HAND,
        submitted_at__gte=now - timedelta(days=SIMILAR_DAYS),
    )


def _conditions(*, complainee: str, address: str, service_type_id: int | None):
    complainee, address = complainee.strip(), address.strip()
    return {
        "complainee": Q(complainee__iexact=complainee) if complainee else None,
        "address": Q(address__iexact=address) if address else None,
        "service_type": Q(service_type_id=service_type_id) if service_type_id else None,
    }


def similar_open_counts(
    *,
    department_id: int,
    now: datetime,
    complainee: str = "",
    address: str = "",
    service_type_id: int | None = None,
) -> SimilarCounts:
    """How many complaints in hand share each of these with the one being
    written (one query)."""
    conditions = _conditions(
        complainee=complainee, address=address, service_type_id=service_type_id
    )
    wanted = {name: q for name, q in conditions.items() if q is not None}
    if not wanted:
        return SimilarCounts(0, 0, 0)
    counts = _window(department_id=department_id, now=now).aggregate(
        **{name: Count("pk", filter=q) for name, q in wanted.items()}
    )
    return SimilarCounts(**{name: counts.get(name) or 0 for name in conditions})


def similar_open_cases(
    *, case: Case, now: datetime, within: QuerySet[Case] | None = None
) -> list[Case]:
    """The complaints in hand like `case` (not itself), newest first, each with
    `similar_reasons`: the case page's list. `within`: the cases the reader may
    open (the admin's scoped queryset)."""
    conditions = _conditions(
        complainee=case.complainee,
        address=case.address,
        service_type_id=case.service_type_id,
    )
    wanted = {name: q for name, q in conditions.items() if q is not None}
    if case.kind != Case.Kind.COMPLAINT or not case.department_id or not wanted:
        return []
    any_of = Q()
    for condition in wanted.values():
        any_of |= condition
    found = list(
        _window(department_id=case.department_id, now=now, within=within)
        .filter(any_of)
        .exclude(pk=case.pk)
        .only(
            "pk",
            "number",
            "title",
            "status",
            "submitted_at",
            "complainee",
            "address",
            "service_type_id",
        )
        .order_by("-submitted_at", "-id")[:SIMILAR_SHOWN]
    )
    for other in found:
        other.similar_reasons = [
            name
            for name, same in (
                (
                    "complainee",
                    other.complainee.strip().lower() == case.complainee.strip().lower(),
                ),
                (
                    "address",
                    other.address.strip().lower() == case.address.strip().lower(),
                ),
                ("service_type", other.service_type_id == case.service_type_id),
            )
            if name in wanted and same
        ]
    return found


# The order similar letters are read in, which case_public_letters(_kind) serves.
LETTER_ORDER = ("-replied_at", "-id")


def letters_about(
    *,
    terms: list[str],
    kind: str | None = None,
    department_id: int | None = None,
    wanted: int = 3,
) -> list[Case]:
    """Up to `wanted` 公开信件 whose title or content holds any of `terms` (each
    with its synonyms). Not ranked, and newest first only where that is cheap: when
    `wanted` of the newest 500 letters match (kernel.search.is_common), the
    letters' index is walked, matching each row, and stops after `wanted`;
    otherwise the full-text index gives any `wanted` matches, unsorted (sorting
    every match of 补办 by answer date took 58 ms at 1,000,000 cases, for three
    suggestions). The complainee, in the document but never public, cannot match."""
    letters = Case.objects.filter(publish_consent=True, status__in=ANSWERED_FOR_RATING)
    if kind:
        letters = letters.filter(kind=kind)
    if department_id is not None:
        letters = letters.filter(department_id=department_id)
    # The shown text must hold a word (the index's candidates may hold it only
    # in the complainee, or its tokens apart).
    shown = kernel_search.matches_any(
        terms=terms,
        fields=case_search.PUBLIC_FIELDS,
        document_field=None,
        full_text=False,
    )
    order = LETTER_ORDER
    if kernel_search.has_full_text(letters):
        indexed = {
            "terms": terms,
            "fields": case_search.TEXT_FIELDS,
            "document_field": case_search.DOCUMENT_FIELD,
            "vector_field": case_search.VECTOR_FIELD,
            "full_text": True,
        }
        walked = kernel_search.matches_any(**indexed, walk=True)
        if kernel_search.is_common(letters, walked, order=LETTER_ORDER, enough=wanted):
            shown &= walked
        else:
            shown &= kernel_search.matches_any(**indexed)
            order = ()
    return list(
        letters.filter(shown)
        .select_related("department")
        .defer("search_document", "search_vector")
        .order_by(*order)[:wanted]
    )
