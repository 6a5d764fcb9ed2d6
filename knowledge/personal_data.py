"""What in an entry's text looks like someone's personal data, to be removed
before it is published.

An entry made from a case starts with the citizen's question and the reply,
which may name the citizen, their phone, ID number or address. Two sources:

- the source case's own contact name, phone and address, found wherever they
  stand (the surest flags);
- patterns: mainland mobile numbers, ID numbers (18 digits, or 17 and X; the old
  15), e-mail addresses, a surname with 先生 / 女士 / 师傅 / 阿姨, and house
  numbers (3号楼, 2单元, 501室).

Landlines are not flagged: an answer's 咨询电话 is an office's landline, and the
citizen's own landline is flagged as the case's phone. A flag is removed by
editing the text; nothing marks a flag as accepted, so a published entry never
holds one (`knowledge.services.entry_publish`).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kernel.privacy import mask_name, mask_phone

_PATTERNS = [
    ("mobile", _("手机号码"), re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")),
    (
        "id_number",
        _("身份证号码"),
        re.compile(r"(?<![\dXx])(?:\d{17}[\dXx]|\d{15})(?![\dXx])"),
    ),
    ("email", _("电子邮箱"), re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "name",
        _("称呼"),
        re.compile(r"[\u4e00-\u9fff](?:先生|女士|小姐|师傅|阿姨|大爷|大妈)"),
    ),
    (
        "address",
        _("门牌地址"),
        re.compile(r"\d+\s*(?:号楼|栋|幢|单元|室|号院|弄)|\d+-\d+-\d+"),
    ),
]
# A known name of one character finds too much to be a flag.
_MIN_KNOWN = 2


@dataclass(frozen=True)
class Flag:
    kind: str
    label: str
    text: str

    @property
    def shown(self) -> str:
        """The flagged text as staff see it in the message: masked."""
        if self.kind in {"mobile", "phone", "id_number"}:
            return mask_phone(self.text)
        if self.kind in {"name", "contact_name"}:
            return mask_name(self.text)
        return self.text[:2] + "…" if len(self.text) > 4 else self.text


def personal_data_flags(
    text: str, *, known: dict[str, str] | None = None
) -> list[Flag]:
    """Every piece of `text` that looks personal, in text order, each once.
    `known`: {"contact_name": …, "phone": …, "address": …} of the source case."""
    found: dict[tuple[int, str], Flag] = {}
    labels = {
        "contact_name": _("诉求人姓名"),
        "phone": _("诉求人电话"),
        "address": _("诉求地址"),
    }
    for kind, value in (known or {}).items():
        value = (value or "").strip()
        if len(value) < _MIN_KNOWN:
            continue
        start = text.find(value)
        if start >= 0:
            found[(start, value)] = Flag(kind, str(labels[kind]), value)
    for kind, label, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            key = (match.start(), match.group())
            if not any(k[0] <= key[0] < k[0] + len(k[1]) for k in found):
                found[key] = Flag(kind, str(label), match.group())
    return [found[key] for key in sorted(found)]
