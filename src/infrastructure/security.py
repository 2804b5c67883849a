"""Secrets at rest and derived secrets, all from FLEET_SECRET_KEY."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive_key(secret_key: str, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose; different purposes never share key material."""
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=b"fleet", info=purpose.encode()
    ).derive(secret_key.encode("utf-8"))


class FernetSecretBox:
    """AES-128-CBC + HMAC-SHA256 (Fernet) with a key derived for Telegram tokens."""

    def __init__(self, secret_key: str) -> None:
        key = derive_key(secret_key, "fleet/telegram-token/v1")
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, plaintext: str) -> bytes:
        return self._fernet.encrypt(plaintext.encode("utf-8"))

    def open(self, ciphertext: bytes) -> str:
        try:
            return self._fernet.decrypt(ciphertext).decode("utf-8")
        except InvalidToken:
            raise ValueError("ciphertext was not sealed with this key") from None


class WebhookSecrets:
    """Per-tenant webhook secret tokens (`[A-Za-z0-9_-]`), derived, never stored."""

    def __init__(self, secret_key: str) -> None:
        self._key = derive_key(secret_key, "fleet/webhook-secret/v1")
        # every webhook checks its tenant's secret: kept per tenant id, bounded (the
        # id in the path is the caller's), so a hit costs no HMAC (bench/workers.py)
        self._expected = functools.lru_cache(maxsize=65_536)(self._derive)

    def _derive(self, tenant_id: int) -> bytes:
        mac = hmac.new(self._key, str(tenant_id).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=")

    def for_tenant(self, tenant_id: int) -> str:
        return self._derive(tenant_id).decode()

    def verify(self, tenant_id: int, presented: str | None) -> bool:
        if not presented:
            return False
        return hmac.compare_digest(self._expected(tenant_id), presented.encode())
