"""Searching cases: their search document and the staff and public searches,
through the one search service (`kernel.search`).

The staff search takes each word of the search box for what it looks like: a
case number (TS-20261122-0001, any case) is the number, exactly; a phone number
is the contact's phone, exactly; any other word is the contact's full name or
text in the title, content or complainee (full-text on PostgreSQL). Words are
ANDed, as the admin's own search does, and the queryset given (the user's
scope) is only ever narrowed.
"""

import re
from collections.abc import Sequence

from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from kernel import search as kernel_search

# Best first: a word in the title ranks above the same word in the content.
TEXT_FIELDS = ("title", "content", "complainee")
DOCUMENT_FIELD = "search_document"
VECTOR_FIELD = "search_vector"
RANK = "search_rank"
_NUMBER = re.compile(r"(?:ZX|TS|JY)-\d{8}-\d{4,}", re.IGNORECASE)
# As cases.services.contact_log reads a phone (which masks it in the record).
_PHONE = re.compile(r"\+?\d[\d-]{6,19}")


def case_document(*, title: str, content: str, complainee: str = "") -> str:
    """The search document of a case's text (`Case.search_document`): written
    with the text by whoever writes it, emptied by retention."""
    return kernel_search.document(title, content, complainee)


def _options(cases: QuerySet, query: str) -> dict:
    return {
        "query": query,
        "fields": TEXT_FIELDS,
        "document_field": DOCUMENT_FIELD,
        "vector_field": VECTOR_FIELD,
        "full_text": kernel_search.has_full_text(cases),
    }


def case_text_search(*, cases: QuerySet, query: str) -> QuerySet:
    """`cases` whose text holds every word of `query`, annotated `search_rank`."""
    return kernel_search.search(
        cases,
        query=query,
        fields=TEXT_FIELDS,
        document_field=DOCUMENT_FIELD,
        vector_field=VECTOR_FIELD,
        rank=RANK,
    )


def search_words(query: str) -> list[str]:
    """The words of a search box, split and unquoted as the admin's search does
    (so "夜间 施工" in quotes stays one word, searched as two terms)."""
    words = []
    for word in smart_split(query):
        if word[:1] in {'"', "'"} and word[-1:] == word[:1] and len(word) > 1:
            word = unescape_string_literal(word)
        if word.strip():
            words.append(word)
    return words


def staff_case_search(
    *, cases: QuerySet, query: str, list_order: Sequence[str] | None = None
) -> QuerySet:
    """The case list's search (module docstring) within `cases`, annotated
    `search_rank` (0 on SQLite and for exact words). A blank query is `cases`.

    The number and the phone are exact, case-sensitive equality (the number is
    stored upper case, so the word is upper-cased): their indexes answer it.
    `list_order`: the order the list will be read in, when an index serves it;
    a common word is then matched row by row along it (kernel.search.is_common)."""
    condition, text_words = _staff_condition(cases, query, walk=False)
    if list_order and text_words and kernel_search.has_full_text(cases):
        walked, _words = _staff_condition(cases, query, walk=True)
        if kernel_search.is_common(cases, walked, order=list_order):
            condition = walked
    return cases.filter(condition).annotate(
        **{RANK: kernel_search.rank_of(**_options(cases, " ".join(text_words)))}
    )


def _staff_condition(cases: QuerySet, query: str, *, walk: bool) -> tuple[Q, list]:
    """The staff search's condition, and the words it searched as text."""
    condition = Q()
    text_words = []
    for word in search_words(query):
        if _NUMBER.fullmatch(word):
            condition &= Q(number=word.upper())
        elif _PHONE.fullmatch(word):
            condition &= Q(contact_phone=word)
        else:
            # The full name, or the text: one filter the indexes answer together.
            condition &= kernel_search.matches(
                **_options(cases, word), otherwise=Q(contact_name=word), walk=walk
            )
            text_words.append(word)
    return condition, text_words


# What a published letter shows of its text: its complainee is never public.
PUBLIC_FIELDS = ("title", "content")


def public_case_search(*, cases: QuerySet, query: str) -> QuerySet:
    """公开信件 whose title and content hold every word of `query`, annotated
    `search_rank`. The document also holds the complainee, which a letter never
    shows, so on PostgreSQL the index finds the candidates and a LIKE over the
    shown text confirms them: nobody probes a complainee through the search."""
    full_text = kernel_search.has_full_text(cases)
    shown = kernel_search.matches(
        query=query, fields=PUBLIC_FIELDS, document_field=None, full_text=False
    )
    if full_text:
        shown &= kernel_search.matches(**_options(cases, query))
    # Ranked by where the words are (the title before the content), not ts_rank:
    # a sort must score every match, and ts_rank recomputes each one's tsvector
    # (4 times slower for 噪音 over 100,000 cases, on an endpoint anyone calls).
    rank = kernel_search.rank_of(
        query=query, fields=PUBLIC_FIELDS, document_field=None, full_text=False
    )
    return cases.filter(shown).annotate(**{RANK: rank})
