"""Citizens' free text: what counts as visible, and what a name may not carry.

A title of four zero-width spaces passed every length check and showed as an empty
line in the back office; a name of only U+202E U+2066 (bidi controls) did the same,
and inside a real name such controls reorder what staff read ("王RLO明" can show as
anything). Python's str.strip() removes neither: they are format characters
(Unicode category Cf), not whitespace.

Rules, applied by `CitizenTextField` to every free-text field a citizen fills in
(case title, content, contact name, address, complainee; impressions, leader
reviews and rating comments):

* Text made only of whitespace, format characters and the few other code points
  that render as nothing (`INVISIBLE`) is refused, with a message naming the field.
  Format characters inside real text stay: emoji sequences need the zero-width
  joiner and the flag tags, and Arabic or Hebrew quotes may need direction marks.
* A minimum length counts visible characters, so zero-width padding cannot make
  a two-character title "four characters long".
* Names (`name=True`) lose every bidi control (U+202A-U+202E, U+2066-U+2069,
  U+200E, U+200F): nobody's name needs one, and in a name they only disguise.

The same helpers serve the feedback moderation's normalisation (`visible_only`).
"""

import unicodedata

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
)
# Not category Cf, yet drawn as nothing: Hangul fillers, the braille blank, the
# combining grapheme joiner and the variation selectors.
INVISIBLE = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f" + "".join(map(chr, range(0xFE00, 0xFE10)))
)
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def is_invisible(char: str) -> bool:
    """True for whitespace, format characters (Cf) and `INVISIBLE` code points."""
    return char.isspace() or char in INVISIBLE or unicodedata.category(char) == "Cf"


def visible_only(text: str) -> str:
    """`text` without whitespace, format characters and other invisible ones."""
    return "".join(char for char in text if not is_invisible(char))


def strip_bidi(text: str) -> str:
    """`text` without bidirectional embedding, override, isolate and mark."""
    return text.translate(_BIDI_TABLE)


class CitizenTextField(serializers.CharField):
    """A CharField for what citizens type: refuses invisible-only text, counts
    `min_length` in visible characters, and with `name=True` drops bidi controls.

    Blank (empty or whitespace only) stays DRF's business: refused when the field
    is required, stored as "" when it is optional.
    """

    def __init__(self, *, name: bool = False, min_length: int | None = None, **kw):
        self.is_name = name
        self.visible_min_length = min_length
        super().__init__(**kw)

    def to_internal_value(self, data):
        typed = super().to_internal_value(data)
        value = strip_bidi(typed).strip() if self.is_name else typed
        visible = len(visible_only(value))
        if typed and not visible:
            raise serializers.ValidationError(
                _("%(field)s不能只包含空格或不可见字符。")
                % {"field": self.label or self.field_name},
                code="invisible",
            )
        if self.visible_min_length and visible < self.visible_min_length:
            self.fail("min_length", min_length=self.visible_min_length)
        return value
