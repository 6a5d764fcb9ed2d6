"""Login codes, phone hashes and the sealed phone in the session.

- A code is 6 random digits (`secrets`). Only HMAC-SHA256(SECRET_KEY, salt:phone
  hash:code) is stored, with a random salt per code: a 6-digit code has a million
  values, so an unkeyed hash would be reversed in a moment; keyed, a leaked table
  alone reveals nothing. Codes are compared in constant time.
- The phone is stored as HMAC-SHA256 under a key derived from SECRET_KEY, so the
  newest code of a phone is found without keeping the number.
- The session keeps that hash (`citizen_phone_hash`) and the phone sealed with
  Fernet (a key derived from SECRET_KEY), because the cases are found by their
  clear contact phone and the session table should not hold numbers in clear.
  Rotating SECRET_KEY signs every citizen out, as it does staff.
"""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

CODE_DIGITS = 6
CODE_VALID_SECONDS = 5 * 60
CODE_MAX_TRIES = 5


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def new_salt() -> str:
    return secrets.token_hex(16)


def phone_hash(phone: str) -> str:
    return salted_hmac("citizens.phone", phone, algorithm="sha256").hexdigest()


def code_hash(*, salt: str, phone_hash: str, code: str) -> str:
    return salted_hmac(
        "citizens.login_code", f"{salt}:{phone_hash}:{code}", algorithm="sha256"
    ).hexdigest()


def code_matches(*, salt: str, phone_hash: str, code: str, expected: str) -> bool:
    candidate = code_hash(salt=salt, phone_hash=phone_hash, code=code)
    return constant_time_compare(candidate, expected)


def _fernet() -> Fernet:
    key = hashlib.sha256(b"citizens.session:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(phone: str) -> str:
    return _fernet().encrypt(phone.encode()).decode()


def unseal(token: str) -> str | None:
    """The phone, or None for a token not sealed with the current key."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError, TypeError):
        return None
