"""Case numbers and private query codes.

Numbers look like TS-20261122-0001: kind prefix, the Asia/Shanghai date, and a
counter per prefix and day from django-sequences. The counter row is updated in the
caller's transaction, so a submission that rolls back gives its number back and
numbers stay gapless; concurrent submitters queue on that row until the taker
commits. So the submission inserts the case under a `provisional_number` first and
takes the real one last (cases/services/submission.py): the row is held for one
update and the commit, not for the whole registration.

Query codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L).
Only a keyed hash is stored: HMAC-SHA256 with the project's SECRET_KEY, salted with
the case number. A leaked database alone reveals no code; SECRET_KEY_FALLBACKS keep
old codes working after a key rotation.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from sequences import get_next_value

from kernel.workdays import SHANGHAI

PREFIXES = {"consultation": "ZX", "complaint": "TS", "suggestion": "JY"}
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_HASH_SALT = "cases.query_code"


def next_case_number(*, kind: str, moment: datetime) -> str:
    """Take the next number for this kind and day; call inside transaction.atomic,
    as late in it as possible (the counter row stays locked until the commit)."""
    prefix = PREFIXES[kind]
    day = moment.astimezone(SHANGHAI).strftime("%Y%m%d")
    counter = get_next_value(f"case-{prefix}-{day}")
    return f"{prefix}-{day}-{counter:04d}"


def provisional_number() -> str:
    """A unique stand-in for `Case.number` (20 characters, its limit) while the
    case is inserted, replaced by the real number in the same transaction: never
    committed, so nobody else ever reads one."""
    return f"tmp-{secrets.token_hex(8)}"


def new_query_code(*, seed: str | None = None, secret: str | None = None) -> str:
    """A fresh random code; with `seed` (an idempotency key and body fingerprint),
    the code derived from it, so a retried submission gets the same code back
    without the code ever being stored. `secret` defaults to SECRET_KEY."""
    if seed is None:
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    digest = hmac.new(
        (secret or settings.SECRET_KEY).encode(),
        f"query-code:{seed}".encode(),
        hashlib.sha256,
    ).digest()
    value = int.from_bytes(digest, "big")
    chars = []
    for _ in range(CODE_LENGTH):
        value, index = divmod(value, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def normalise_query_code(code: str) -> str:
    """Citizens type codes in lower case and with spaces; both are forgiven."""
    return "".join(code.split()).upper()


def hash_query_code(*, number: str, code: str, secret: str | None = None) -> str:
    return salted_hmac(
        _HASH_SALT,
        f"{number}:{normalise_query_code(code)}",
        secret=secret or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


def query_code_matches(*, number: str, code: str, code_hash: str) -> bool:
    """Constant-time check against the current key and every fallback key."""
    secrets_to_try = [
        settings.SECRET_KEY,
        *getattr(settings, "SECRET_KEY_FALLBACKS", []),
    ]
    matched = False
    for secret in secrets_to_try:
        candidate = hash_query_code(number=number, code=code, secret=secret)
        matched |= constant_time_compare(candidate, code_hash)
    return matched
