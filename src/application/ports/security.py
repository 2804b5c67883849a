from __future__ import annotations

from typing import Protocol


class SecretBox(Protocol):
    """Authenticated encryption of secrets at rest (Telegram tokens).

    `open` raises ValueError when the ciphertext was not sealed with this key.
    """

    def seal(self, plaintext: str) -> bytes: ...

    def open(self, ciphertext: bytes) -> str: ...
