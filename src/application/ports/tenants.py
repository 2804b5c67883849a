from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.core.ids import TenantId
from src.core.tenancy.tenant import AdminChat, Tenant, TenantStatus


@dataclass(frozen=True, slots=True)
class NewTenant:
    name: str
    telegram_bot_id: int
    username: str
    telegram_token_sealed: bytes
    api_token_hash: str
    is_master: bool
    default_language: str
    support_username: str | None
    admin_chat: AdminChat | None
    admin_ids: tuple[int, ...]
    created_by: str | None
    now: datetime
    status: TenantStatus = TenantStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class TenantFilter:
    """Which tenants a list shows: one status, and/or a search that matches the id
    exactly or the name or bot username case-insensitively (substring)."""

    status: TenantStatus | None = None
    search: str | None = None

    def matches(self, tenant: Tenant) -> bool:
        if self.status is not None and tenant.status is not self.status:
            return False
        if not self.search:
            return True
        needle = self.search.casefold()
        return (
            self.search == str(tenant.id)
            or needle in tenant.name.casefold()
            or needle in tenant.username.casefold()
        )


ALL_TENANTS = TenantFilter()


@dataclass(frozen=True, slots=True)
class TenantCredentials:
    """What the runtime needs to run a bot: never shown, never logged."""

    tenant_id: TenantId
    telegram_token_sealed: bytes


class TenantDirectory(Protocol):
    """Platform-scoped access to the `bots` table (the master's view of all tenants).

    `add` raises DuplicateTenantToken when the Telegram bot is already hosted.
    `save` writes every editable field and the status of an existing tenant.
    """

    async def add(self, new: NewTenant) -> Tenant: ...

    async def get(self, tenant_id: TenantId, *, for_update: bool = False) -> Tenant | None: ...

    async def get_master(self) -> Tenant | None: ...

    async def find_by_telegram_bot_id(self, telegram_bot_id: int) -> Tenant | None: ...

    async def find_by_api_token_hash(self, token_hash: str) -> TenantId | None: ...

    async def list(
        self, *, limit: int, offset: int, only: TenantFilter = ALL_TENANTS
    ) -> tuple[Sequence[Tenant], int]: ...

    async def list_serving(self) -> Sequence[TenantCredentials]: ...

    async def save(self, tenant: Tenant) -> None: ...

    async def replace_api_token_hash(self, tenant_id: TenantId, token_hash: str) -> str | None:
        """Store the new digest and return the one it replaced."""
        ...

    async def set_telegram_token(
        self, tenant_id: TenantId, sealed: bytes, telegram_bot_id: int, username: str
    ) -> None: ...

    async def credentials(self, tenant_id: TenantId) -> TenantCredentials | None: ...

    async def delete(self, tenant_id: TenantId) -> bool: ...


class TenantRecord(Protocol):
    """The bound tenant's own row, for tenant-scoped use cases (None: it is gone)."""

    async def get(self, *, for_update: bool = False) -> Tenant | None: ...
