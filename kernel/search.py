r"""The one search service: Chinese text that finds two-character words.

Trigram indexes cannot serve a two-character query (社保, 噪音): a trigram of
two characters does not exist, and Chinese has no spaces to split words at. So
every searchable row keeps a *search document* (`document`): each run of CJK
characters as its overlapping bigrams followed by its last character (夜间施工噪音
→ 夜间 间施 施工 工噪 噪音 音; a one-character run is that character), each Latin
word and digit run as itself, NFKC-folded (full-width Ａ１ → a1) and lower-cased,
in text order and not deduplicated, so a phrase stands in it as its tokens
side by side. The closing character lets a one-character query match wherever
the character stands, as the first character of a token. (kernel/search_text.py
writes documents and reads queries; this module turns them into SQL.)

A query (`compile_query`) is its whitespace-separated words ANDed; a word is the
AND of its tokens, and a word that ends in a one-character run or is one
character is a prefix (`噪:*`). On PostgreSQL `search` filters
`document_vector(field) @@ to_tsquery(...)`, the exact expression the GIN index
`SearchIndex` covers, then checks each word of several tokens as a phrase with a
LIKE over the candidates' document (`'%夜间 间施 施工 工噪%'`), so 夜间施工噪 finds
夜间施工噪音 and not a text with those characters apart; it annotates `ts_rank`.
(A tsquery phrase, `夜间 <-> 间施`, makes PostgreSQL recompute every candidate's
tsvector: 20 times slower.) Everything a user types goes through the tokenizer,
so no tsquery syntax (`&|!():*<>'\`) reaches the database: punctuation only
separates tokens.

Where there is no document (SQLite, or a small table that keeps none) it falls
back to LIKE (icontains) over the caller's fields, each word in one of them,
ranked by the first field a word matches in (the fields are listed best first).

A query may be widened before it is compiled: `register_expander` plugs in
synonyms (社保 → 社会保险), which the knowledge app owns; the kernel knows no app.
How it works and its limits: docs/search.md.
"""

from collections.abc import Iterable, Sequence

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)

# The text side, re-exported: the one service's public names live here.
from kernel.search_text import (  # noqa: F401
    MAX_PHRASE_TOKENS,
    MAX_TERMS,
    compile_query,
    document,
    phrases,
    query_terms,
    register_expander,
    runs,
    unregister_expander,
)

# The text search configuration: no stemming, no stop words (the tokens are
# already ours).
CONFIG = "simple"


def _phrase_checks(field: str, query: str) -> Q:
    """Each word of several tokens in order, side by side: its document text a
    substring of the row's document (what the index cannot say; a LIKE over the
    candidates it found, 20 times cheaper than a phrase query's recheck)."""
    return _all(
        _any(Q(**{f"{field}__contains": text}) for text in alternatives)
        for alternatives in phrases(query)
    )


def document_vector(field: str) -> SearchVector:
    """The tsvector expression of a search document, exactly as `SearchIndex`
    indexes it (PostgreSQL uses the index only for the same expression)."""
    return SearchVector(field, config=CONFIG)


class DocumentVector(SearchVector):
    """A document's tsvector as a stored generated column's expression (a
    model's `GeneratedField`): to_tsvector on PostgreSQL, NULL on SQLite, which
    has neither and searches with LIKE."""

    def __init__(self, field: str):
        super().__init__(field, config=CONFIG)

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def _vector(document_field: str, vector_field: str | None):
    # The stored column when the model keeps one, else the indexed expression.
    return F(vector_field) if vector_field else document_vector(document_field)


class _VectorMatches(Func):
    """`vector @@ query` as the function call `ts_match_vq(vector, query)`: no
    index serves it, and the planner takes it to match a third of the rows."""

    function = "ts_match_vq"
    output_field = BooleanField()


# How `is_common` tells a common word: at least COMMON_MATCHES of the first
# PROBE_ROWS rows of the list in its order match it (5 %).
PROBE_ROWS = 500
COMMON_MATCHES = 25


def is_common(
    queryset: QuerySet,
    walked: Q,
    *,
    order: Sequence[str],
    enough: int = COMMON_MATCHES,
) -> bool:
    """Whether the rows meeting `walked` (a `matches(walk=True)` condition) are
    common among the first rows of `queryset` in `order`, an order an index
    serves: then the list should walk that index and check each row, not ask
    the GIN index.

    PostgreSQL takes the tokens of a word for independent, so it thinks 电动车充电
    (电动 & 动车 & 车充 & 充电, each in one case of fifteen, found together) is
    in a handful of rows, fetches all 66,743 of them from the GIN index and sorts
    them for a page: 500 ms at 1,000,000 cases, where walking the list's order
    finds a page in 750 rows. One look at the first PROBE_ROWS rows (a few ms)
    tells which of the two plans is right; a rare word keeps the index.
    `enough`: how many of those rows must match (a list that shows three items
    walks as soon as three are among them)."""
    window = queryset.order_by(*order).values("pk")[:PROBE_ROWS]
    probe = queryset.model._base_manager.filter(walked, pk__in=window).order_by()
    return probe[:enough].count() >= enough


def has_full_text(queryset: QuerySet) -> bool:
    """Whether the queryset's database answers full-text queries (PostgreSQL)."""
    return connections[queryset.db].vendor == "postgresql"


# A condition no row meets: a query with nothing searchable in it.
_NOTHING = Q(pk__in=[])


def matches(
    *,
    query: str,
    fields: Sequence[str],
    document_field: str | None,
    full_text: bool,
    otherwise: Q | None = None,
    vector_field: str | None = None,
    walk: bool = False,
) -> Q:
    """The condition of `search`, to combine with others: Q() for a blank query,
    nothing for a query with no searchable word. `otherwise`: rows meeting it
    match too (the staff search's exact name). `vector_field`: the document's
    stored tsvector (`DocumentVector`), read instead of computing it; `walk`:
    match it in a form no index serves (`is_common`), for a common word."""
    if not query.split():
        return Q()
    if document_field and full_text:
        text = compile_query(query)
        if not text:
            return otherwise or _NOTHING
        tsquery = SearchQuery(text, search_type="raw", config=CONFIG)
        vector = _vector(document_field, vector_field)
        found = Q(
            _VectorMatches(vector, tsquery)
            if walk
            else SearchVectorExact(vector, tsquery)
        )
        in_order = _phrase_checks(document_field, query)
        if otherwise is None:
            return found & in_order
        # (a | index) & (a | phrase), not a | (index & phrase): PostgreSQL then
        # sees the first as the bitmap's own condition and leaves it to the index,
        # where inside one OR it recomputes every candidate's tsvector (670
        # against 160 ms for 夜间施工噪 over 100,000 cases, on a loaded machine).
        return (otherwise | found) & ((otherwise | in_order) if in_order else Q())
    condition = Q()
    found_any = False
    for found in _field_matches(query, fields):
        condition &= _any(found.values())
        found_any = True
    if not found_any:
        return otherwise or _NOTHING
    return (otherwise | condition) if otherwise is not None else condition


def matches_any(
    *,
    terms: Sequence[str],
    fields: Sequence[str],
    document_field: str | None,
    full_text: bool,
    vector_field: str | None = None,
    walk: bool = False,
) -> Q:
    """Rows holding any of `terms` (each with its alternatives), for a caller
    that checks or ranks the candidates by reading their text (the knowledge
    base's suggestions, the letters like a question). On PostgreSQL one tsquery
    ORing the terms, which the GIN index answers in one scan (with `walk`, in
    the form no index serves, as `matches`); a term's token order is not checked
    here (the ORed phrase checks of `matches` made PostgreSQL read every row: 10
    of 14 ms over 10,000 entries). Elsewhere the LIKE fallback, ORed."""
    if document_field and full_text:
        text = " | ".join(
            f"({compiled})" for compiled in map(compile_query, terms) if compiled
        )
        if not text:
            return _NOTHING
        tsquery = SearchQuery(text, search_type="raw", config=CONFIG)
        vector = _vector(document_field, vector_field)
        return Q(
            _VectorMatches(vector, tsquery)
            if walk
            else SearchVectorExact(vector, tsquery)
        )
    return (
        _any(
            matches(query=term, fields=fields, document_field=None, full_text=False)
            for term in terms
            if query_terms(term)
        )
        or _NOTHING
    )


def rank_of(
    *,
    query: str,
    fields: Sequence[str],
    document_field: str | None,
    full_text: bool,
    vector_field: str | None = None,
):
    """The rank expression of `search` (a float, higher is better)."""
    if not query.split() or not query_terms(query):
        return Value(0.0, output_field=FloatField())
    if document_field and full_text:
        text = compile_query(query)
        if not text:  # nothing searchable: no row matched, none to rank
            return Value(0.0, output_field=FloatField())
        tsquery = SearchQuery(text, search_type="raw", config=CONFIG)
        return SearchRank(_vector(document_field, vector_field), tsquery)
    # The first of the fields a term is found in, best first, summed over terms.
    weights = {field: float(len(fields) - i) for i, field in enumerate(fields)}
    total = Value(0.0, output_field=FloatField())
    for found in _field_matches(query, fields):
        total = total + Case(
            *(When(found[field], then=Value(weights[field])) for field in fields),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return total


def search(
    queryset: QuerySet,
    *,
    query: str,
    fields: Sequence[str],
    document_field: str | None = None,
    vector_field: str | None = None,
    rank: str = "search_rank",
) -> QuerySet:
    """`queryset` narrowed to the rows matching every term of `query`, each
    annotated with `rank` (a float, higher is better) for the caller to order
    by; the caller's own ordering breaks ties. A blank query returns the
    queryset as it is (rank 0); a query with nothing searchable, no row.

    With `document_field` on PostgreSQL: the full-text query over that field's
    document (GIN index), ranked by ts_rank. Otherwise LIKE over `fields`
    (best first: a term found in an earlier field ranks higher)."""
    options = {
        "query": query,
        "fields": fields,
        "document_field": document_field,
        "vector_field": vector_field,
        "full_text": has_full_text(queryset),
    }
    return queryset.filter(matches(**options)).annotate(**{rank: rank_of(**options)})


def _field_matches(query: str, fields: Sequence[str]) -> list[dict[str, Q]]:
    """The fallback, per term: field → the term (or one of its alternatives) is
    in it; a term of several runs (噪音，扰民) with all of them in that field."""
    terms = []
    for alternatives in query_terms(query):
        spelled = [words for words in map(runs, alternatives) if words]
        terms.append(
            {
                field: _any(
                    _all(Q(**{f"{field}__icontains": word}) for word in words)
                    for words in spelled
                )
                for field in fields
            }
        )
    return terms


def _any(conditions: Iterable[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _all(conditions: Iterable[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


class _GinOnPostgres(GinIndex):
    """SQLite has neither GIN nor tsvector, and a model's Meta.indexes cannot
    depend on the database, so there the index is an empty partial index (`WHERE
    0`) of the same name: migrations stay one linear history for both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        table = schema_editor.quote_name(model._meta.db_table)
        return f"CREATE INDEX {schema_editor.quote_name(self.name)} ON {table} (id) WHERE 0"


class SearchIndex(_GinOnPostgres):
    """A GIN index over `document_vector(field)` on PostgreSQL (migration 0011 of
    cases made one; a stored vector and `VectorIndex` serve better)."""

    def __init__(self, *, field: str, name: str):
        self.document_field = field
        super().__init__(document_vector(field), name=name)

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        kwargs.pop("expressions", None)
        return path, (), {"field": self.document_field, "name": self.name}


class VectorIndex(_GinOnPostgres):
    """A GIN index over a stored tsvector column (`DocumentVector`) on
    PostgreSQL (on SQLite, where the column is NULL, an empty one)."""

    def __init__(self, *, field: str, name: str):
        self.vector_field = field
        super().__init__(fields=[field], name=name)

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        kwargs.pop("fields", None)
        return path, (), {"field": self.vector_field, "name": self.name}
