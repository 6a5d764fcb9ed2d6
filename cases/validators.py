"""Field rules a citizen's submission must meet, shared by the API and the admin."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mainland mobile numbers (1 + 3..9 + 9 digits) and landlines with an area code
# (010 / 0531 + 7-8 digits, optional extension).
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalise_phone(value: str) -> str:
    """Drop spaces and a +86/0086 prefix, which people often type."""
    phone = re.sub(r"[\s()（）]", "", value or "")
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix) :].lstrip("-")
    return phone


def validate_phone(value: str) -> None:
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(
            _("手机号或固话格式不正确，例如 13812345678 或 0531-86001234。"),
            code="invalid_phone",
        )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_plain_text(value: str) -> None:
    """Text is stored as typed and always shown escaped; control characters (which
    no keyboard produces) are refused rather than silently dropped."""
    if _CONTROL.search(value or ""):
        raise ValidationError(
            _("内容包含不可见的控制字符，请删除后重试。"), code="control"
        )
