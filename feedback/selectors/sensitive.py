"""The sensitive-word check: normalise, then one pass of an Aho-Corasick automaton.

`骗\u200b子` was published: the old check looked for each word with `in`, so a
zero-width space, a full-width letter, a traditional character or a space between
the characters slipped past, and it read every word from the database for every
comment (61 ms a comment at 20,000 words; bench/moderation.py).

`normalise` makes the text and the words alike, in this order:

1. NFKC: full-width letters and digits, circled numbers, compatibility ideographs
   become their plain forms (ＡＢＣ → ABC, ① → 1).
2. casefold, so matching ignores case as it always did.
3. Whitespace, format characters (Cf: zero-width spaces and joiners, bidi
   controls, soft hyphens) and the other invisible ones (`kernel.text`) are
   removed, and so is punctuation: "骗 子", "骗.子" and "骗\u200b子" all read "骗子".
4. Traditional to simplified with OpenCC (`t2s`), the upstream converter's own
   Python package: phrase-aware, maintained, a binary wheel with its dictionaries.

The automaton is built once per process from the active words and kept until the
words change: `feedback.signals` bumps a version in the shared cache (Redis in
production) when a SensitiveWord is saved or deleted, every check compares it (one
cache read), and a process that cannot see the shared version (a local-memory
cache in another process) rebuilds after `REBUILD_AFTER` seconds anyway.
"""

import threading
import time
import unicodedata
from functools import cache

import ahocorasick
import opencc

from feedback.models import SensitiveWord
from kernel.shared_versions import current_version, version_bump
from kernel.text import is_invisible

VERSION_KEY = "feedback:sensitive-words:version"
REBUILD_AFTER = 60.0

_lock = threading.Lock()
# (version, built at (monotonic), automaton or None when there are no words)
_built: tuple[str, float, ahocorasick.Automaton | None] | None = None


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """The form both comments and words are compared in (see the module doc)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(
        char
        for char in folded
        if not (is_invisible(char) or unicodedata.category(char).startswith("P"))
    )
    return _to_simplified().convert(kept) if kept else ""


def find_sensitive_word(*, text: str) -> str | None:
    """The first active sensitive word in `text` after normalising both, or None."""
    if not text:
        return None
    automaton = _automaton()
    if automaton is None:
        return None
    for _end, word in automaton.iter(normalise(text)):
        return word
    return None


def invalidate() -> None:
    """Make every process rebuild its automaton at its next check."""
    version_bump(VERSION_KEY)


def _automaton() -> ahocorasick.Automaton | None:
    global _built
    version = current_version(VERSION_KEY)
    built = _built
    if (
        built is not None
        and built[0] == version
        and time.monotonic() - built[1] < REBUILD_AFTER
    ):
        return built[2]
    with _lock:  # one thread builds; the others use what it made
        if _built is not None and _built[0] == version and _built is not built:
            return _built[2]
        _built = (version, time.monotonic(), _build())
        return _built[2]


def _build() -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    words = SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True)
    for word in words.iterator(chunk_size=5000):
        key = normalise(word)
        if key and key not in automaton:
            automaton.add_word(key, word)
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton
