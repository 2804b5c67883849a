from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """What `getMe` says about a bot token."""

    telegram_bot_id: int
    username: str
    first_name: str


class TelegramGateway(Protocol):
    """Bot API calls made outside a running bot (token checks).

    `get_me` raises InvalidTelegramToken when Telegram rejects the token (401/404)
    and ExternalServiceError when Telegram cannot be reached.
    """

    async def get_me(self, token: str) -> BotIdentity: ...
