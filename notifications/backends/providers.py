"""What the provider backends (aliyun, tencent, wechat) share: where the provider
is, which signature an SMS carries, keeping the phone number out of what is stored,
and refusing to start without keys.

- An endpoint setting is a URL (https://dysmsapi.aliyuncs.com); the SDKs take the
  scheme and the host apart. http:// is accepted for the tests' local fakes.
- The signature is the 【...】 that heads the rendered text (the template's own
  signature, or SMS_SIGN_NAME), sent without the brackets, as both providers want.
- A provider's answer is stored on the outbox row; any copy of the number in it is
  replaced by its masked form (138****5678).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNATURE = re.compile(r"^\s*【([^】]+)】")


def split_endpoint(url: str, *, setting: str) -> tuple[str, str]:
    """(scheme, host[:port]) of an endpoint URL; a bare host means https."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{setting} must be an http(s) URL.")
    return parts.scheme, parts.netloc


def sign_name_of(text: str) -> str:
    """The signature heading `text`, else SMS_SIGN_NAME, without 【】."""
    match = SIGNATURE.match(text)
    if match:
        return match.group(1).strip()
    return getattr(settings, "SMS_SIGN_NAME", "").strip("【】 ")


def mask_phone(phone: str) -> str:
    """138****5678: enough for staff to recognise a number, not to dial it."""
    digits = phone.removeprefix("+86")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def scrub(value, phone: str):
    """`value` (an answer: dicts, lists, strings) with the number masked."""
    national = phone.removeprefix("+86")
    if isinstance(value, dict):
        return {key: scrub(item, phone) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, phone) for item in value]
    if isinstance(value, str) and national and national in value:
        return value.replace(f"+86{national}", national).replace(
            national, mask_phone(national)
        )
    return value


def require(**values: str) -> None:
    """Refuse to start without a provider's keys: an SDK without keys looks for
    them elsewhere (environment, instance metadata) and can hang doing so."""
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(f"Set {', '.join(missing)} to send through it.")
