"""Answers before asking: the entries, public letters and services that match
what a citizen is typing, each with why it matched.

A consultation is a sentence ("社保卡丢了去哪里补办"), not a search query: every
word of it ANDed finds nothing. So the suggestions search for the *known words*
in it (knowledge/terms.py: synonyms and the entries' keywords, longest first),
each widened by its synonyms through the one search service: the full-text
index finds the entries holding any of them in one scan, and a score read from
their text ranks them. A word in the question counts three (four when it stands
there itself, not a synonym of it), in the keywords two, in the answer one; ties
go to the more useful, then the newer. A short query with no known word (问一问:
公积金提取) searches as typed.

Nothing is written: a suggestion is a read the H5 makes as the citizen types
(debounced, throttled). What the citizen then does (opens an answer, votes, 已解决)
is counted by knowledge/services.py.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import add

from django.db.models import Case, IntegerField, Q, Value, When

from cases.selectors_similar import letters_about
from departments import selectors as department_selectors
from kernel import search as kernel_search
from knowledge import selectors, terms
from knowledge.models import Entry

# A longer text is cut, not refused (the H5 sends what is typed so far).
MAX_QUERY = 200
# A query with no known word is searched as typed when it is this short (问一问:
# 公积金提取), by its first words; a longer sentence would AND every bigram.
TYPED_QUERY_LENGTH = 20
MAX_TYPED_WORDS = 3
SHOWN = 3
# How many of the terms the letters and the services may hold (one query each,
# any of them).
LETTER_TERMS = 2


@dataclass
class Suggestions:
    terms: list[str]
    entries: list[Entry] = field(default_factory=list)
    letters: list = field(default_factory=list)
    services: list = field(default_factory=list)


def query_terms(query: str) -> list[str]:
    """What the suggestions search for in `query` (cut to MAX_QUERY)."""
    text = query[:MAX_QUERY]
    found = terms.terms_in(text)
    if found or len(text.strip()) > TYPED_QUERY_LENGTH:
        return found
    return [word for word in text.split()[:MAX_TYPED_WORDS] if kernel_search.runs(word)]


def suggest(
    *,
    query: str,
    kind: str | None = None,
    department_id: int | None = None,
    shown: int = SHOWN,
) -> Suggestions:
    """The best entries, letters and services for `query` (see the module)."""
    wanted = query_terms(query)
    result = Suggestions(terms=wanted)
    if not wanted:
        return result
    spelled = spellings(wanted)
    result.entries = ranked_entries(terms=wanted, department_id=department_id)[:shown]
    for entry in result.entries:
        entry.reasons = reasons(spelled, entry.question, entry.keywords, entry.answer)
    result.letters = letters_about(
        terms=wanted[:LETTER_TERMS],
        kind=kind,
        department_id=department_id,
        wanted=shown,
    )
    for letter in result.letters:
        letter.reasons = reasons(spelled, letter.title, letter.content)
    result.services = list(
        department_selectors.service_type_list(
            any_of=wanted[:LETTER_TERMS], department_id=department_id
        )[:shown]
    )
    for service in result.services:
        service.reasons = reasons(
            spelled,
            service.name,
            service.description,
            service.window.name,
            service.window.department.name,
            service.window.department.short_name,
        )
    return result


def ranked_entries(*, terms: list[str], department_id: int | None = None):
    """Shown entries matching any of `terms`, best first (see the module); a
    department's own and the city-wide ones when `department_id` is given."""
    entries = selectors.shown_entries()
    if department_id is not None:
        entries = entries.filter(
            Q(department_id=department_id) | Q(department__isnull=True)
        )
    candidates = kernel_search.matches_any(
        terms=terms,
        full_text=kernel_search.has_full_text(entries),
        **selectors.SEARCHED,
    )
    # The ranking reads each candidate's text (a few hundred rows at most).
    in_field = {
        name: [
            kernel_search.matches(
                query=term, fields=(name,), document_field=None, full_text=False
            )
            for term in terms
        ]
        for name in selectors.SEARCH_FIELDS
    }
    score = reduce(
        add,
        [
            Case(
                When(condition, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for conditions, weight in (
                (in_field["question"], 3),
                (in_field["keywords"], 2),
                (in_field["answer"], 1),
                # The word itself, not a synonym of it, in the question.
                ([Q(question__icontains=term) for term in terms], 1),
            )
            for condition in conditions
        ],
    )
    return (
        selectors.with_places(entries.filter(candidates))
        .annotate(suggest_score=score)
        # A candidate whose tokens only stood apart (the index does not check
        # their order) holds none of the words: it scores 0.
        .filter(suggest_score__gt=0)
        .order_by("-suggest_score", "-helpful_count", "-published_at", "-id")
    )


def spellings(wanted: list[str]) -> dict[str, list[str]]:
    """Each term with its alternatives (itself first), as the search service
    widened it: worked out once per suggestion, read for every item."""
    return {
        term: spelled[0] if (spelled := kernel_search.query_terms(term)) else []
        for term in wanted
    }


def reasons(spelled: dict[str, list[str]], *texts: str) -> list[str]:
    """Why an item matched, in words: 含“社保”, or “社保”即“社会保险” when it was a
    synonym that stands in the item's text."""
    text = terms.normal(" ".join(t for t in texts if t))
    said = []
    for term, alternatives in spelled.items():
        for alternative in alternatives:
            if _holds(text, alternative):
                said.append(
                    f"含“{term}”"
                    if alternative == term
                    else f"“{term}”即“{alternative}”"
                )
                break
    return said


def _holds(text: str, word: str) -> bool:
    # Every run of the word in the text (a word of several runs: 社保,卡).
    return all(run in text for run in kernel_search.runs(word))
