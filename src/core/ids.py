"""Identifier types. A tenant id is the `bots.id` primary key (`bot_id` elsewhere)."""

from typing import NewType

TenantId = NewType("TenantId", int)
TelegramUserId = NewType("TelegramUserId", int)
