"""Tenant schemas. A tenant response never carries the Telegram token or the API token
(the API token appears only in the create and rotate responses)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from src.application.tenancy.create_tenant import TOKEN_SHAPE_MAX, CreatedTenant
from src.core.ids import MAX_ID
from src.core.tenancy.tenant import NAME_MAX, Tenant, TenantStatus
from src.interfaces.api.schemas.common import MAX_INT32, Input

Language = Literal["fa", "en", "ru"]
TelegramId = Annotated[int, Meta(ge=1, le=MAX_ID)]
ChatId = Annotated[int, Meta(ge=-MAX_ID, le=MAX_ID)]
TopicId = Annotated[int, Meta(ge=1, le=MAX_INT32)]
Name = Annotated[str, Meta(min_length=1, max_length=NAME_MAX)]
SupportUsername = Annotated[str, Meta(max_length=33)]
AdminIds = Annotated[list[TelegramId], Meta(max_length=100)]


class TenantOut(msgspec.Struct):
    id: int
    name: str
    telegram_bot_id: int
    username: str
    is_master: bool
    status: TenantStatus
    default_language: str
    support_username: str | None
    admin_chat_id: int | None
    receipts_topic_id: int | None
    notifications_topic_id: int | None
    admin_ids: list[int]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, t: Tenant) -> TenantOut:
        chat = t.admin_chat
        return cls(
            id=t.id,
            name=t.name,
            telegram_bot_id=t.telegram_bot_id,
            username=t.username,
            is_master=t.is_master,
            status=t.status,
            default_language=t.default_language,
            support_username=t.support_username,
            admin_chat_id=chat.chat_id if chat else None,
            receipts_topic_id=chat.receipts_topic_id if chat else None,
            notifications_topic_id=chat.notifications_topic_id if chat else None,
            admin_ids=list(t.admin_ids),
            created_at=t.created_at,
            updated_at=t.updated_at,
        )


class TenantPageOut(msgspec.Struct):
    items: list[TenantOut]
    total: int


class TenantCreatedOut(msgspec.Struct):
    """`api_token` is shown this once; only its SHA-256 is stored."""

    tenant: TenantOut
    api_token: str

    @classmethod
    def of(cls, created: CreatedTenant) -> TenantCreatedOut:
        return cls(TenantOut.of(created.tenant), created.api_token)


class ApiTokenOut(msgspec.Struct):
    """The new API token, shown this once; the previous one no longer works."""

    api_token: str


class CreateTenantIn(Input):
    name: Name
    telegram_token: Annotated[str, Meta(min_length=1, max_length=TOKEN_SHAPE_MAX)]
    default_language: Language = "en"
    admin_ids: AdminIds = msgspec.field(default_factory=list)
    admin_chat_id: ChatId | None = None
    support_username: SupportUsername | None = None


class PatchTenantIn(Input):
    """Any of the editable fields; with a tenant token only `default_language`,
    `support_username`, `admin_chat_id`, `receipts_topic_id` and
    `notifications_topic_id` (the others answer 403 `tenant_field_not_editable`)."""

    name: Name | UnsetType = UNSET
    default_language: Language | UnsetType = UNSET
    support_username: SupportUsername | UnsetType | None = UNSET
    admin_ids: AdminIds | UnsetType = UNSET
    admin_chat_id: ChatId | UnsetType | None = UNSET
    receipts_topic_id: TopicId | UnsetType | None = UNSET
    notifications_topic_id: TopicId | UnsetType | None = UNSET
