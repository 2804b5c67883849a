"""SQLAlchemy repositories of the tenancy context."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.tenants import (
    ALL_TENANTS,
    NewTenant,
    TenantCredentials,
    TenantFilter,
)
from src.core.errors import DuplicateTenantToken
from src.core.ids import TenantId
from src.core.tenancy.tenant import AdminChat, Tenant, TenantStatus
from src.infrastructure.persistence.models import (
    BotConfigurationModel,
    BotFeatureFlagModel,
    BotModel,
)


def to_tenant(row: BotModel) -> Tenant:
    chat = None
    if row.admin_chat_id is not None:
        chat = AdminChat(row.admin_chat_id, row.receipts_topic_id, row.notifications_topic_id)
    return Tenant(
        id=TenantId(row.id),
        name=row.name,
        telegram_bot_id=row.telegram_bot_id,
        username=row.username,
        is_master=row.is_master,
        status=TenantStatus(row.status),
        default_language=row.default_language,
        created_at=row.created_at,
        updated_at=row.updated_at,
        support_username=row.support_username,
        admin_chat=chat,
        admin_ids=tuple(row.admin_ids or ()),
        created_by=row.created_by,
    )


def editable_columns(tenant: Tenant) -> dict[str, Any]:
    chat = tenant.admin_chat
    return {
        "name": tenant.name,
        "telegram_bot_id": tenant.telegram_bot_id,
        "username": tenant.username,
        "status": tenant.status.value,
        "default_language": tenant.default_language,
        "support_username": tenant.support_username,
        "admin_chat_id": chat.chat_id if chat else None,
        "receipts_topic_id": chat.receipts_topic_id if chat else None,
        "notifications_topic_id": chat.notifications_topic_id if chat else None,
        "admin_ids": list(tenant.admin_ids),
        "updated_at": tenant.updated_at,
    }


class SqlaTenantDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, new: NewTenant) -> Tenant:
        chat = new.admin_chat
        row = BotModel(
            name=new.name,
            telegram_bot_id=new.telegram_bot_id,
            username=new.username,
            telegram_token_sealed=new.telegram_token_sealed,
            api_token_hash=new.api_token_hash,
            is_master=new.is_master,
            status=new.status.value,
            default_language=new.default_language,
            support_username=new.support_username,
            admin_chat_id=chat.chat_id if chat else None,
            receipts_topic_id=chat.receipts_topic_id if chat else None,
            notifications_topic_id=chat.notifications_topic_id if chat else None,
            admin_ids=list(new.admin_ids),
            created_by=new.created_by,
            created_at=new.now,
            updated_at=new.now,
        )
        self._s.add(row)
        try:
            async with self._s.begin_nested():
                await self._s.flush()
        except IntegrityError as exc:
            raise DuplicateTenantToken("this Telegram bot is already hosted") from exc
        return to_tenant(row)

    async def _one(self, *where: Any, for_update: bool = False) -> Tenant | None:
        stmt = select(BotModel).where(*where).execution_options(populate_existing=True)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._s.scalars(stmt)).one_or_none()
        return to_tenant(row) if row else None

    async def get(self, tenant_id: TenantId, *, for_update: bool = False) -> Tenant | None:
        return await self._one(BotModel.id == tenant_id, for_update=for_update)

    async def get_master(self) -> Tenant | None:
        return await self._one(BotModel.is_master.is_(True))

    async def find_by_telegram_bot_id(self, telegram_bot_id: int) -> Tenant | None:
        return await self._one(BotModel.telegram_bot_id == telegram_bot_id)

    async def find_by_api_token_hash(self, token_hash: str) -> TenantId | None:
        found = await self._s.scalar(
            select(BotModel.id).where(BotModel.api_token_hash == token_hash)
        )
        return TenantId(found) if found is not None else None

    async def list(
        self, *, limit: int, offset: int, only: TenantFilter = ALL_TENANTS
    ) -> tuple[Sequence[Tenant], int]:
        where = _filter(only)
        total = await self._s.scalar(select(func.count()).select_from(BotModel).where(*where)) or 0
        rows = await self._s.scalars(
            select(BotModel)
            .where(*where)
            .order_by(BotModel.is_master.desc(), BotModel.id)
            .limit(limit)
            .offset(offset)
        )
        return [to_tenant(r) for r in rows], total

    async def list_serving(self) -> Sequence[TenantCredentials]:
        serving = (TenantStatus.ACTIVE.value, TenantStatus.SUSPENDED.value)
        rows = await self._s.execute(
            select(BotModel.id, BotModel.telegram_token_sealed)
            .where(BotModel.status.in_(serving))
            .order_by(BotModel.id)
        )
        return [TenantCredentials(TenantId(i), sealed) for i, sealed in rows]

    async def save(self, tenant: Tenant) -> None:
        await self._s.execute(
            update(BotModel).where(BotModel.id == tenant.id).values(**editable_columns(tenant))
        )

    async def replace_api_token_hash(self, tenant_id: TenantId, token_hash: str) -> str | None:
        old = await self._s.scalar(
            select(BotModel.api_token_hash).where(BotModel.id == tenant_id).with_for_update()
        )
        if old is None:
            return None
        await self._s.execute(
            update(BotModel).where(BotModel.id == tenant_id).values(api_token_hash=token_hash)
        )
        return old

    async def set_telegram_token(
        self, tenant_id: TenantId, sealed: bytes, telegram_bot_id: int, username: str
    ) -> None:
        await self._s.execute(
            update(BotModel)
            .where(BotModel.id == tenant_id)
            .values(
                telegram_token_sealed=sealed, telegram_bot_id=telegram_bot_id, username=username
            )
        )

    async def credentials(self, tenant_id: TenantId) -> TenantCredentials | None:
        sealed = await self._s.scalar(
            select(BotModel.telegram_token_sealed).where(BotModel.id == tenant_id)
        )
        return TenantCredentials(tenant_id, sealed) if sealed is not None else None

    async def delete(self, tenant_id: TenantId) -> bool:
        result = await self._s.execute(
            delete(BotModel).where(BotModel.id == tenant_id).returning(BotModel.id)
        )
        return result.scalar_one_or_none() is not None


class SqlaTenantRecord:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._tenant_id = session, tenant_id

    async def get(self, *, for_update: bool = False) -> Tenant | None:
        stmt = select(BotModel).where(BotModel.id == self._tenant_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._s.scalars(stmt.execution_options(populate_existing=True))).one_or_none()
        return to_tenant(row) if row else None


class SqlaFeatureFlagRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._tenant_id = session, tenant_id

    async def all(self) -> Mapping[str, tuple[bool, Mapping[str, Any]]]:
        rows = await self._s.execute(
            select(
                BotFeatureFlagModel.feature_key,
                BotFeatureFlagModel.enabled,
                BotFeatureFlagModel.config,
            ).where(BotFeatureFlagModel.bot_id == self._tenant_id)
        )
        return {key: (enabled, config) for key, enabled, config in rows}

    async def put(self, key: str, enabled: bool, config: Mapping[str, Any]) -> None:
        stmt = insert(BotFeatureFlagModel).values(
            bot_id=self._tenant_id, feature_key=key, enabled=enabled, config=dict(config)
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[BotFeatureFlagModel.bot_id, BotFeatureFlagModel.feature_key],
                set_={"enabled": enabled, "config": dict(config), "updated_at": func.now()},
            )
        )


class SqlaConfigRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._tenant_id = session, tenant_id

    async def all(self) -> Mapping[str, Any]:
        rows = await self._s.execute(
            select(BotConfigurationModel.config_key, BotConfigurationModel.value).where(
                BotConfigurationModel.bot_id == self._tenant_id
            )
        )
        return dict(rows.all())

    async def put(self, key: str, value: Any) -> None:
        stmt = insert(BotConfigurationModel).values(
            bot_id=self._tenant_id, config_key=key, value=value
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[BotConfigurationModel.bot_id, BotConfigurationModel.config_key],
                set_={"value": stmt.excluded.value, "updated_at": func.now()},
            )
        )

    async def delete(self, key: str) -> bool:
        result = await self._s.execute(
            delete(BotConfigurationModel)
            .where(
                BotConfigurationModel.bot_id == self._tenant_id,
                BotConfigurationModel.config_key == key,
            )
            .returning(BotConfigurationModel.config_key)
        )
        return result.scalar_one_or_none() is not None


def _filter(only: TenantFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if only.status is not None:
        where.append(BotModel.status == only.status.value)
    if only.search:
        escaped = only.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        match = or_(BotModel.name.ilike(pattern), BotModel.username.ilike(pattern))
        if only.search.isdigit() and len(only.search) <= 18:
            match = or_(match, BotModel.id == int(only.search))
        where.append(match)
    return where
