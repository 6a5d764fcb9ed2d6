"""Field rules a citizen's submission must meet, shared by the API and the admin."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kernel.text import CONTROL

# Mainland mobile numbers (1 + 3..9 + 9 digits) and landlines with an area code
# (010 / 0531 + 7-8 digits, optional extension). ASCII digits: Python's \d also
# matches other scripts' digits, which the API's schema (this same pattern) does not.
PHONE_PATTERN = r"^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?)$"
_PHONE = re.compile(PHONE_PATTERN)


def normalise_phone(value: str) -> str:
    """Drop spaces and a +86/0086 prefix, which people often type."""
    phone = re.sub(r"[\s()（）]", "", value or "")
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix) :].lstrip("-")
    return phone


def validate_phone(value: str) -> None:
    if not _PHONE.match(value):
        raise ValidationError(
            _("手机号或固话格式不正确，例如 13812345678 或 0531-86001234。"),
            code="invalid_phone",
        )


_CONTROL = re.compile(f"[{CONTROL}]")


def validate_plain_text(value: str) -> None:
    """Text is stored as typed and always shown escaped; control characters (which
    no keyboard produces) are refused rather than silently dropped."""
    if _CONTROL.search(value or ""):
        raise ValidationError(
            _("内容包含不可见的控制字符，请删除后重试。"), code="control"
        )
