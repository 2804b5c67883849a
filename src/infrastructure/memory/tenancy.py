"""In-memory twins of the tenancy repositories (kept equal by tests/contract)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from src.application.ports.tenants import (
    ALL_TENANTS,
    NewTenant,
    TenantCredentials,
    TenantFilter,
)
from src.core.errors import DuplicateTenantToken
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.infrastructure.memory.store import BotRow, MemoryData

DataRef = Callable[[], MemoryData]


class InMemoryTenantDirectory:
    def __init__(self, data: DataRef) -> None:
        self._data = data

    async def add(self, new: NewTenant) -> Tenant:
        data = self._data()
        if any(r.tenant.telegram_bot_id == new.telegram_bot_id for r in data.bots.values()):
            raise DuplicateTenantToken("this Telegram bot is already hosted")
        tenant_id = TenantId(data.next_id)
        data.next_id += 1
        tenant = Tenant(
            id=tenant_id,
            name=new.name,
            telegram_bot_id=new.telegram_bot_id,
            username=new.username,
            is_master=new.is_master,
            status=new.status,
            default_language=new.default_language,
            created_at=new.now,
            updated_at=new.now,
            support_username=new.support_username,
            admin_chat=new.admin_chat,
            admin_ids=new.admin_ids,
            created_by=new.created_by,
        )
        data.bots[tenant_id] = BotRow(tenant, new.telegram_token_sealed, new.api_token_hash)
        return tenant

    async def get(self, tenant_id: TenantId, *, for_update: bool = False) -> Tenant | None:
        row = self._data().bots.get(tenant_id)
        return row.tenant if row else None

    async def get_master(self) -> Tenant | None:
        return next((r.tenant for r in self._data().bots.values() if r.tenant.is_master), None)

    async def find_by_telegram_bot_id(self, telegram_bot_id: int) -> Tenant | None:
        rows = self._data().bots.values()
        return next((r.tenant for r in rows if r.tenant.telegram_bot_id == telegram_bot_id), None)

    async def find_by_api_token_hash(self, token_hash: str) -> TenantId | None:
        rows = self._data().bots.items()
        return next((tid for tid, r in rows if r.api_token_hash == token_hash), None)

    async def list(
        self, *, limit: int, offset: int, only: TenantFilter = ALL_TENANTS
    ) -> tuple[Sequence[Tenant], int]:
        tenants = sorted(
            (r.tenant for r in self._data().bots.values() if only.matches(r.tenant)),
            key=lambda t: (not t.is_master, t.id),
        )
        return tenants[offset : offset + limit], len(tenants)

    async def list_serving(self) -> Sequence[TenantCredentials]:
        return [
            TenantCredentials(tid, r.telegram_token_sealed)
            for tid, r in sorted(self._data().bots.items())
            if r.tenant.serves_updates
        ]

    async def save(self, tenant: Tenant) -> None:
        row = self._data().bots.get(tenant.id)
        if row is not None:
            row.tenant = replace(tenant, created_at=row.tenant.created_at)

    async def replace_api_token_hash(self, tenant_id: TenantId, token_hash: str) -> str | None:
        row = self._data().bots.get(tenant_id)
        if row is None:
            return None
        old, row.api_token_hash = row.api_token_hash, token_hash
        return old

    async def set_telegram_token(
        self, tenant_id: TenantId, sealed: bytes, telegram_bot_id: int, username: str
    ) -> None:
        row = self._data().bots.get(tenant_id)
        if row is not None:
            row.telegram_token_sealed = sealed
            row.tenant = replace(row.tenant, telegram_bot_id=telegram_bot_id, username=username)

    async def credentials(self, tenant_id: TenantId) -> TenantCredentials | None:
        row = self._data().bots.get(tenant_id)
        return TenantCredentials(tenant_id, row.telegram_token_sealed) if row else None

    async def delete(self, tenant_id: TenantId) -> bool:
        data = self._data()
        if data.bots.pop(tenant_id, None) is None:
            return False
        data.drop_tenant_rows(tenant_id)
        return True


class InMemoryTenantRecord:
    def __init__(self, data: DataRef, tenant_id: TenantId) -> None:
        self._data, self._tenant_id = data, tenant_id

    async def get(self, *, for_update: bool = False) -> Tenant | None:
        row = self._data().bots.get(self._tenant_id)
        return row.tenant if row else None


class InMemoryFeatureFlagRepository:
    def __init__(self, data: DataRef, tenant_id: TenantId) -> None:
        self._data, self._tenant_id = data, tenant_id

    async def all(self) -> Mapping[str, tuple[bool, Mapping[str, Any]]]:
        return {
            key: (enabled, dict(config))
            for (tid, key), (enabled, config) in self._data().flags.items()
            if tid == self._tenant_id
        }

    async def put(self, key: str, enabled: bool, config: Mapping[str, Any]) -> None:
        self._data().flags[(self._tenant_id, key)] = (enabled, dict(config))


class InMemoryTextOverrideRepository:
    def __init__(self, data: DataRef, tenant_id: TenantId) -> None:
        self._data, self._tenant_id = data, tenant_id

    async def all(self) -> Mapping[tuple[str, str], str]:
        return {
            (lang, key): v
            for (tid, lang, key), v in self._data().texts.items()
            if tid == self._tenant_id
        }

    async def get(self, language: str, key: str) -> str | None:
        return self._data().texts.get((self._tenant_id, language, key))

    async def put(self, language: str, key: str, source: str) -> None:
        self._data().texts[(self._tenant_id, language, key)] = source

    async def delete(self, language: str, key: str) -> bool:
        return self._data().texts.pop((self._tenant_id, language, key), None) is not None


class InMemoryConfigRepository:
    def __init__(self, data: DataRef, tenant_id: TenantId) -> None:
        self._data, self._tenant_id = data, tenant_id

    async def all(self) -> Mapping[str, Any]:
        return {key: v for (tid, key), v in self._data().config.items() if tid == self._tenant_id}

    async def put(self, key: str, value: Any) -> None:
        self._data().config[(self._tenant_id, key)] = value

    async def delete(self, key: str) -> bool:
        return self._data().config.pop((self._tenant_id, key), None) is not None
