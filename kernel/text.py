"""Citizens' free text: what counts as visible, and what a name may not carry.

A title of four zero-width spaces passed every length check and showed as an empty
line in the back office; a name of only U+202E U+2066 (bidi controls) did the same,
and inside a real name such controls reorder what staff read ("王RLO明" can show as
anything). Python's str.strip() removes neither: they are format characters
(Unicode category Cf), not whitespace.

Rules, applied by `CitizenTextField` (declared through `citizen_text`) to every
free-text field a citizen fills in
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
* Only strings: DRF's CharField turns a JSON number into text (`"comment": 0`
  stored "0"), although the API's schema says string.
* Control characters (`CONTROL`: C0 except tab and line breaks, and DEL), which no
  keyboard produces, are refused rather than silently dropped.
* The maximum length counts the text as sent, spaces around it included, as the
  schema's maxLength does.

`visible_text_pattern` states the same rules as the regular expression the API's
schema publishes (kernel/api/schema.py), so that what the schema allows is what is
accepted.

The same helpers serve the feedback moderation's normalisation (`visible_only`).
"""

import re
import unicodedata
from functools import cache

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
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # a regex character range
_CONTROL = re.compile(f"[{CONTROL}]")


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
        if not isinstance(data, str):
            self.fail("invalid")
        # The schema's maxLength is the text as sent; DRF counts it after trimming,
        # so 60 characters with 15 spaces in front passed a limit of 50.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        typed = super().to_internal_value(data)
        value = strip_bidi(typed).strip() if self.is_name else typed
        if _CONTROL.search(value):
            raise serializers.ValidationError(
                _("内容包含不可见的控制字符，请删除后重试。"), code="control"
            )
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


def citizen_text(
    label,
    *,
    max_length: int,
    min_length: int | None = None,
    required: bool = True,
    **kwargs,
) -> CitizenTextField:
    """The field of one thing a citizen types, as every citizen form declares it:
    a required one refuses blank text; an optional one accepts it and stores ""
    (also when the field is left out). `min_length` counts visible characters;
    `name=True` drops bidi controls (see `CitizenTextField`)."""
    return CitizenTextField(
        label=label,
        min_length=min_length,
        max_length=max_length,
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        trim_whitespace=True,
        **kwargs,
    )


def _char_class(codepoints) -> str:
    """A regex character-class body for `codepoints`, as ranges of \\uXXXX escapes
    (read alike by Python and ECMAScript)."""

    def one(code: int) -> str:
        return f"\\u{code:04x}"

    codes, parts = sorted(codepoints), []
    start = previous = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        parts.append(
            one(start) if start == previous else f"{one(start)}-{one(previous)}"
        )
        if code is not None:
            start = previous = code
    return "".join(parts)


@cache
def _classes() -> tuple[str, str, str]:
    """(whitespace, invisible but allowed, control) as character-class bodies."""
    space, invisible, control = set(), set(), set()
    # Only the BMP: ECMAScript has no escape for a code point beyond it without the
    # `u` flag, and schemathesis rewrites such patterns into ones its validator
    # refuses. So the schema counts the few format characters up there (the emoji
    # tag characters U+E0020-U+E007F and some historic scripts' controls) as
    # visible; the server still refuses text made only of them.
    for code in range(0x10000):
        char = chr(code)
        if _CONTROL.match(char):
            control.add(code)
        elif is_invisible(char):
            invisible.add(code)
        if char.isspace():
            space.add(code)
    return _char_class(space), _char_class(invisible), _char_class(control)


def visible_text_pattern(*, min_visible: int, blank: bool) -> str:
    """The regular expression a `CitizenTextField` accepts: no control character
    except in the whitespace trimmed from either end, and at least `min_visible`
    (at least one) visible characters; with `blank`, also nothing but whitespace
    (stored as ""). The schema's maxLength and minLength give the lengths."""
    space, invisible, control = _classes()
    visible = f"[^{invisible}{control}]"
    text = f"^[{space}]*(?:[{invisible}]*{visible}){{{max(min_visible, 1)}}}[^{control}]*[{space}]*$"
    return f"{blank_text_pattern()}|{text}" if blank else text


def blank_text_pattern(also: str = "") -> str:
    """The regular expression of text that is only whitespace (and the characters
    of `also`, a character-class body), which a CharField stores as ""."""
    return f"^[{whitespace_class()}{also}]*$"


def whitespace_class() -> str:
    """What str.strip() removes, as a character-class body."""
    return _classes()[0]
