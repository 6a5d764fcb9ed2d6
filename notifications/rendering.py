"""Template text: its `{variable}` placeholders, rendering, and SMS segments.

Rendering substitutes `{name}` literally (no str.format), so a value that holds
braces (a citizen's title) is inserted as it is and never parsed. SMS segments
follow the carriers' rule: up to 70 characters is one message; a longer text is
sent in parts of 67 characters each (3 go to the part header). The signature
(【微政务】) counts.
"""

import math
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from notifications.events import EVENTS

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
SMS_SINGLE = 70
SMS_PART = 67


def variables_in(text: str) -> list[str]:
    """The placeholders of `text`, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def render(text: str, values: dict[str, str]) -> str:
    """`text` with each `{name}` replaced by values[name] (blank when missing)."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "")), text)


def validate_template_text(*, event: str, text: str) -> None:
    """Refuse a `{variable}` that `event` does not provide, naming it."""
    known = EVENTS[event].variables if event in EVENTS else {}
    unknown = [name for name in variables_in(text) if name not in known]
    if unknown:
        raise ValidationError(
            _("模板中有未知变量：%(names)s。可用变量：%(known)s。")
            % {
                "names": "、".join(f"{{{name}}}" for name in unknown),
                "known": "、".join(f"{{{name}}}" for name in known) or _("无"),
            },
            code="unknown_variable",
        )


def sms_segments(text: str) -> int:
    """How many SMS `text` is sent as (0 for an empty text)."""
    length = len(text)
    if length <= SMS_SINGLE:
        return 1 if length else 0
    return math.ceil(length / SMS_PART)
