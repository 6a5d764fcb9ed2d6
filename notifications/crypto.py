"""Encryption, keyed hashing and masking of recipients and secret parameters.

Recipients (phone numbers, openids, addresses) and secret parameters (query and
login codes) are stored only as Fernet tokens. The key is NOTIFY_ENCRYPTION_KEY (a
Fernet key: `Fernet.generate_key()`), else one derived from SECRET_KEY, so that a
development setup needs nothing. The keyed hash (HMAC-SHA256 under a key derived
from the same secret) lets the outbox find a recipient's rows (uniqueness, the daily
cap, the admin's search by exact number) without storing the number in clear.
"""

import base64
import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from kernel.privacy import mask_phone


def _secret() -> bytes:
    configured = getattr(settings, "NOTIFY_ENCRYPTION_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(
        b"notifications.encryption:" + settings.SECRET_KEY.encode()
    ).digest()


def _fernet() -> Fernet:
    secret = _secret()
    if getattr(settings, "NOTIFY_ENCRYPTION_KEY", ""):
        return Fernet(secret)
    return Fernet(base64.urlsafe_b64encode(secret))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The clear value; raises ValueError when the token was not made with our key."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("undecryptable token") from exc


def encrypt_json(value: dict) -> str:
    return encrypt(json.dumps(value, ensure_ascii=False))


def decrypt_json(token: str) -> dict:
    return json.loads(decrypt(token)) if token else {}


def normalize_recipient(channel: str, recipient: str) -> str:
    """One spelling per recipient, so that the hash finds it however it was typed."""
    recipient = recipient.strip()
    if channel == "email":
        return recipient.lower()
    if channel == "sms":
        return recipient.replace(" ", "").replace("-", "").removeprefix("+86")
    return recipient


def recipient_hash(channel: str, recipient: str) -> str:
    key = hmac.new(_secret(), b"notifications.recipient-hash", hashlib.sha256).digest()
    value = f"{channel}:{normalize_recipient(channel, recipient)}"
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def mask_recipient(channel: str, recipient: str) -> str:
    """138****5678, z***@example.com, oAbC****xYz1 (an openid)."""
    recipient = normalize_recipient(channel, recipient)
    if channel == "sms":
        return mask_phone(recipient)
    if channel == "email":
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}" if domain else "***"
    if len(recipient) <= 8:
        return "****"
    return f"{recipient[:4]}****{recipient[-4:]}"
