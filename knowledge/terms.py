"""The words the knowledge base knows, held in each process until they change.

Two tables in memory, each loaded on first use:

- the synonyms (社保 → 社会保险, 人社局, …), which `expand` gives the one search
  service for every query word (registered in knowledge/apps.py, so departments,
  办事指南, public letters, the staff case search and the knowledge base all
  apply them);
- an Aho-Corasick automaton of every synonym term and alternative and every
  published entry's keywords, which `terms_in` runs over what a citizen types
  ("社保卡丢了怎么补办" holds 社保卡 and 补办): a consultation is a sentence, not a
  search query, so the suggestions search for the known words in it.

Correct across workers as the sensitive words are (feedback.selectors.sensitive):
a version in the shared cache, bumped when a synonym or an entry is saved or
deleted (knowledge/signals.py). The process that changed them reloads at once;
the others compare the version at most once every VERSION_CHECK_EVERY seconds
(each word of each search would otherwise read the shared cache), and a process
that cannot see it reloads after REFRESH_AFTER seconds anyway.
"""

import threading
import time
import unicodedata
from dataclasses import dataclass

import ahocorasick

from kernel.shared_versions import current_version, version_bump

VERSION_KEY = "knowledge:terms:version"
REFRESH_AFTER = 60.0
# Another process's change is seen within this many seconds.
VERSION_CHECK_EVERY = 1.0
# The known words a text may add to a search: the longest first.
MAX_TERMS = 4
# A keyword of one character would match half of any sentence.
MIN_TERM_LENGTH = 2


@dataclass(frozen=True)
class _Loaded:
    version: str
    loaded_at: float
    value: object


# Reentrant: the automaton loads the synonyms it holds through _table too.
_lock = threading.RLock()
# What each table loaded, by name: "synonyms" (every search reads it, one
# query) and "automaton" (only the suggestions, two queries).
_loaded: dict[str, _Loaded] = {}
# When this process last read the shared version, and what it said.
_checked: tuple[float, str] | None = None


def normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def split_alternatives(text: str) -> list[str]:
    """A synonym row's alternatives: one per line or separated by / 、 , ，."""
    for separator in "/、,，;；":
        text = text.replace(separator, "\n")
    return [part.strip() for part in text.splitlines() if part.strip()]


def split_keywords(text: str) -> list[str]:
    """An entry's keywords: separated by spaces, 、 or commas."""
    return [word for word in split_alternatives(text.replace(" ", "\n")) if word]


def expand(word: str) -> list[str]:
    """The search service's expander: the alternatives of `word` (none when the
    word is no synonym's term)."""
    return list(_table("synonyms", _load_synonyms).get(normal(word), ()))


def terms_in(text: str) -> list[str]:
    """The known words in `text`, longest first, at most MAX_TERMS; a word
    inside a longer one found is left out (社保 inside 社保卡)."""
    automaton = _table("automaton", _load_automaton)
    if automaton is None or not text:
        return []
    spans = sorted(
        (
            (end - len(word) + 1, end + 1, word)
            for end, word in automaton.iter(normal(text))
        ),
        key=lambda span: (-(span[1] - span[0]), span[0]),
    )
    chosen: list[tuple[int, int, str]] = []
    for start, end, word in spans:
        if any(start >= s and end <= e for s, e, _w in chosen):
            continue
        if word not in (w for _s, _e, w in chosen):
            chosen.append((start, end, word))
    return [word for _s, _e, word in chosen[:MAX_TERMS]]


def invalidate() -> None:
    """Make every process reload the tables at its next use (this one at once)."""
    version_bump(VERSION_KEY)
    forget()


def forget() -> None:
    """This process drops what it holds and reads the version again."""
    global _checked
    _loaded.clear()
    _checked = None


def _version() -> str:
    # One shared-cache read a second, not one per word: a query expands every
    # word, and a suggestion runs several searches (48 cache reads a call).
    global _checked
    now = time.monotonic()
    if _checked is None or now - _checked[0] > VERSION_CHECK_EVERY:
        _checked = (now, current_version(VERSION_KEY))
    return _checked[1]


def _table(name: str, load):
    version = _version()
    loaded = _loaded.get(name)
    if (
        loaded is None
        or loaded.version != version
        or time.monotonic() - loaded.loaded_at > REFRESH_AFTER
    ):
        with _lock:
            loaded = _loaded[name] = _Loaded(version, time.monotonic(), load())
    return loaded.value


def _load_synonyms() -> dict[str, tuple[str, ...]]:
    # Imported here: the models need the app registry, this module does not.
    from knowledge.models import Synonym

    return {
        normal(term): tuple(dict.fromkeys(split_alternatives(alternatives)))
        for term, alternatives in Synonym.objects.filter(is_active=True).values_list(
            "term", "alternatives"
        )
    }


def _load_automaton() -> ahocorasick.Automaton | None:
    from knowledge.models import Entry

    words: set[str] = set()
    for term, alternatives in _table("synonyms", _load_synonyms).items():
        words.update([term, *map(normal, alternatives)])
    for keywords in (
        Entry.objects.filter(status=Entry.Status.PUBLISHED)
        .exclude(keywords="")
        .values_list("keywords", flat=True)
        .iterator(chunk_size=2000)
    ):
        words.update(map(normal, split_keywords(keywords)))
    words = {word for word in words if len(word) >= MIN_TERM_LENGTH}
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton
