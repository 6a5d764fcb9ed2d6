"""The text side of the search service (kernel/search.py): the documents it
stores, the words it reads from a query, and their tsquery text. Plain Python,
no database: see kernel/search.py for the rules and docs/search.md for why."""

import re
import unicodedata
from collections.abc import Callable, Iterable

# A query past these is cut, not refused: five words and a 32-token phrase
# (about 33 characters) say what anyone searches for, and keep the tsquery small.
MAX_TERMS = 5
MAX_PHRASE_TOKENS = 32
# Han (with extension A, compatibility ideographs, the supplementary planes) and
# kana: written without spaces, so split into bigrams. Hangul is spaced.
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# A CJK run, or a run of other letters and digits (\w without "_" and CJK).
_TOKEN = re.compile(f"([{_CJK}]+)|[^\\W_{_CJK}]+")
# Full-width letters and digits, half-width katakana, compatibility ideographs,
# enclosed and squared forms, ligatures: where NFKC changes a token.
_FOLDED = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9f"
    "\uf900-\ufaff\u2460-\u24ff\u3200-\u33ff\ufb00-\ufb06\U0002f800-\U0002fa1f]"
)
# The same tokens in one pass, for `document` (called on every case write and a
# million times by the benchmark's fill): at each position, a lookahead captures
# the bigram starting there, the closing character of a CJK run, or a word
# starting there. Twice as fast as slicing the runs of _TOKEN in Python.
_DOCUMENT_TOKEN = re.compile(
    f"(?=([{_CJK}][{_CJK}]?|(?<![^\\W_{_CJK}])[^\\W_{_CJK}]+))"
)

Expander = Callable[[str], Iterable[str]]
_expanders: list[Expander] = []


# Token kinds: a Latin word or digit run, a CJK bigram, the character closing a
# CJK run.
WORD, BIGRAM, CLOSING = "word", "bigram", "closing"


def _normal(text: str) -> str:
    # NFKC costs as much as the tokenizing, and Chinese text is never NFKC (its
    # full-width ，：（） fold to ASCII), yet punctuation only separates tokens
    # either way: fold only text holding a character whose folding changes a token.
    if _FOLDED.search(text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _tokens(text: str) -> list[tuple[str, str]]:
    """(token, kind) pairs of `text`, in order: what `document` writes."""
    tokens = []
    for match in _TOKEN.finditer(_normal(text)):
        run = match.group()
        if match.group(1) is None:
            tokens.append((run, WORD))
            continue
        tokens.extend((run[i : i + 2], BIGRAM) for i in range(len(run) - 1))
        tokens.append((run[-1], CLOSING))
    return tokens


def runs(text: str) -> list[str]:
    """The runs of letters and digits or of CJK characters in `text`, normalised."""
    return [match.group() for match in _TOKEN.finditer(_normal(text))]


def document(*texts: str) -> str:
    """The search document of these texts: their tokens, space-separated, in
    order (the rules: kernel/search.py). Empty texts add nothing. About 30 µs
    for a case of 200 characters on a quiet machine."""
    words: list[str] = []
    for text in texts:
        if text:
            words += _DOCUMENT_TOKEN.findall(_normal(text))
    return " ".join(words)


def register_expander(expander: Expander) -> Expander:
    """Widen every query term with alternatives, ORed with it: `expander(term)`
    returns terms (社保 → ["社会保险"]). The knowledge base's synonym table
    plugs in here from its app's ready(). Returns the expander (a decorator)."""
    if expander not in _expanders:
        _expanders.append(expander)
    return expander


def unregister_expander(expander: Expander) -> None:
    """Take an expander out again (tests; an app reloading its table)."""
    if expander in _expanders:
        _expanders.remove(expander)


def query_terms(query: str) -> list[list[str]]:
    """The query's terms, each with its alternatives (the term first, then what
    the expanders add, duplicates dropped): at most MAX_TERMS terms."""
    terms = []
    for word in [word for word in query.split() if runs(word)][:MAX_TERMS]:
        alternatives = [word]
        for expander in _expanders:
            for other in expander(word):
                if other and other.strip() and other not in alternatives:
                    alternatives.append(other.strip())
        terms.append(alternatives)
    return terms


def _quote(lexeme: str) -> str:
    # Tokens hold only letters and digits; quoting is the second fence.
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def term_tokens(term: str) -> list[tuple[str, bool]]:
    """(token, is a prefix) of one term, [] when it has none: the tokens its
    text has in a document, where they stand side by side."""
    tokens = _tokens(term)
    if len(tokens) > 1 and tokens[-2][1] == BIGRAM:
        # The closing character of a longer last run adds nothing (the bigram
        # before it ends in it) but would make the term a prefix scan.
        tokens.pop()
    tokens = tokens[:MAX_PHRASE_TOKENS]
    # A lone last character may open a longer token in the text (噪 → 噪音).
    return [
        (token, i == len(tokens) - 1 and (kind == CLOSING or len(token) == 1))
        for i, (token, kind) in enumerate(tokens)
    ]


def _term_query(tokens: list[tuple[str, bool]]) -> str:
    return " & ".join(_quote(t) + (":*" if prefix else "") for t, prefix in tokens)


def term_text(tokens: list[tuple[str, bool]]) -> str:
    """The term as it stands in a document, for the phrase check."""
    return " ".join(token for token, _prefix in tokens)


def compile_query(query: str) -> str:
    """The tsquery text of a user's query ("" when nothing in it is
    searchable): terms ANDed, each the OR of its alternatives, each alternative
    the AND of its tokens. Token order is checked apart (`search`): a phrase
    query (<->) makes PostgreSQL recompute every candidate's tsvector."""
    clauses = []
    for alternatives in query_terms(query):
        parts = [term_tokens(term) for term in alternatives]
        queries = dict.fromkeys(_term_query(tokens) for tokens in parts if tokens)
        if queries:
            clauses.append("(" + " | ".join(f"({q})" for q in queries) + ")")
    return " & ".join(clauses)


def phrases(query: str) -> list[list[str]]:
    """Per word of several tokens, its alternatives as they stand in a document
    (`search` checks token order with them); single-token words are left out."""
    found = []
    for alternatives in query_terms(query):
        tokens = [term_tokens(term) for term in alternatives]
        if any(len(t) > 1 for t in tokens):
            found.append([term_text(t) for t in tokens if t])
    return found
