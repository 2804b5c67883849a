from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from src.application import cache_keys
from src.application.patch import KEEP, Keep, given
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.errors import TenantFieldNotEditable, ValidationError
from src.core.ids import TenantId
from src.core.tenancy.tenant import (
    AdminChat,
    Tenant,
    check_admin_ids,
    check_language,
    check_name,
    check_support_username,
)

# What a tenant's own API token may change; the rest is the platform owner's.
TENANT_EDITABLE: frozenset[str] = frozenset(
    {
        "default_language",
        "support_username",
        "admin_chat_id",
        "receipts_topic_id",
        "notifications_topic_id",
    }
)
_CHAT_FIELDS = ("admin_chat_id", "receipts_topic_id", "notifications_topic_id")


@dataclass(frozen=True, slots=True)
class UpdateTenantInput:
    tenant_id: TenantId
    by_master: bool
    name: str | Keep = KEEP
    default_language: str | Keep = KEEP
    support_username: str | Keep | None = KEEP
    admin_ids: tuple[int, ...] | Keep = KEEP
    admin_chat_id: int | Keep | None = KEEP
    receipts_topic_id: int | Keep | None = KEEP
    notifications_topic_id: int | Keep | None = KEEP


class UpdateTenant:
    """Change the editable fields of a tenant (PATCH).

    Rules: only the fields sent change; a tenant credential may change only
    `TENANT_EDITABLE` (others: forbidden, naming the field); each field is
    validated as at creation; topic ids need an admin chat, and changing the chat
    drops topic ids that were not sent with it; the cached record is invalidated
    everywhere at once.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache) -> None:
        self._uow, self._clock, self._cache = uow, clock, cache

    async def __call__(self, data: UpdateTenantInput) -> Tenant:
        changes = given(data, skip=("tenant_id", "by_master"))
        if not data.by_master:
            for name in sorted(changes):
                if name not in TENANT_EDITABLE:
                    raise TenantFieldNotEditable(f"{name} is set by the platform owner", field=name)
        fields = _checked(changes)
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, data.tenant_id, for_update=True)
            updated = _apply(tenant, fields)
            if updated == tenant:
                return tenant
            updated = replace(updated, updated_at=self._clock.now())
            await uow.tenants.save(updated)
            await uow.commit()
        await self._cache.invalidate(cache_keys.tenant(data.tenant_id))
        return updated


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(changes)
    if "name" in out:
        out["name"] = check_name(out["name"])
    if "default_language" in out:
        out["default_language"] = check_language(out["default_language"])
    if "support_username" in out:
        out["support_username"] = check_support_username(out["support_username"])
    if "admin_ids" in out:
        out["admin_ids"] = check_admin_ids(out["admin_ids"])
    chat = out.get("admin_chat_id")
    if chat is not None and (isinstance(chat, bool) or not isinstance(chat, int) or chat == 0):
        raise ValidationError("admin_chat_id must be a Telegram chat id", field="admin_chat_id")
    for name in _CHAT_FIELDS[1:]:
        topic = out.get(name)
        if topic is not None and (isinstance(topic, bool) or not isinstance(topic, int)):
            raise ValidationError(f"{name} must be an integer", field=name)
        if topic is not None and topic <= 0:
            raise ValidationError(f"{name} must be a positive forum topic id", field=name)
    return out


def _apply(tenant: Tenant, fields: dict[str, Any]) -> Tenant:
    plain = {k: v for k, v in fields.items() if k not in _CHAT_FIELDS}
    updated = replace(tenant, **plain)
    if not any(k in fields for k in _CHAT_FIELDS):
        return updated
    old = tenant.admin_chat
    chat_id = fields.get("admin_chat_id", old.chat_id if old else None)
    keep_topics = old is not None and chat_id == old.chat_id
    receipts = fields.get(
        "receipts_topic_id", old.receipts_topic_id if keep_topics and old else None
    )
    notifications = fields.get(
        "notifications_topic_id", old.notifications_topic_id if keep_topics and old else None
    )
    if chat_id is None:
        for name, topic in (
            ("receipts_topic_id", receipts),
            ("notifications_topic_id", notifications),
        ):
            if topic is not None:
                raise ValidationError(f"{name} needs an admin_chat_id", field=name)
        return replace(updated, admin_chat=None)
    return replace(updated, admin_chat=AdminChat(chat_id, receipts, notifications))
