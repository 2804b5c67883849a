from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class FeatureFlagRepository(Protocol):
    """This tenant's stored feature rows (`bot_feature_flags`), keyed by feature key.

    Bound to one tenant at construction; no method takes a tenant id.
    """

    async def all(self) -> Mapping[str, tuple[bool, Mapping[str, Any]]]: ...

    async def put(self, key: str, enabled: bool, config: Mapping[str, Any]) -> None: ...


class ConfigRepository(Protocol):
    """This tenant's stored config overrides (`bot_configurations`), keyed by config key.

    Bound to one tenant at construction; no method takes a tenant id.
    `delete` returns whether an override existed.
    """

    async def all(self) -> Mapping[str, Any]: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def delete(self, key: str) -> bool: ...
