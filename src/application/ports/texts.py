"""Port of the tenants' own wordings of the bot's texts (docs/i18n.md#per-tenant-overrides)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

TextKey = tuple[str, str]  # (language, dotted text key)


class TextOverrideRepository(Protocol):
    """One tenant's overrides: (language, key) -> the Fluent pattern that replaces the default."""

    async def all(self) -> Mapping[TextKey, str]: ...

    async def get(self, language: str, key: str) -> str | None: ...

    async def put(self, language: str, key: str, source: str) -> None: ...

    async def delete(self, language: str, key: str) -> bool: ...
