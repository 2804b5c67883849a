from __future__ import annotations

from src.application.ports.telegram import BotIdentity
from src.core.errors import ExternalServiceError, InvalidTelegramToken


class InMemoryTelegramGateway:
    """Knows the tokens it was told about; everything else is rejected like Telegram does."""

    def __init__(self) -> None:
        self.bots: dict[str, BotIdentity] = {}
        self.unreachable = False

    def register(self, token: str, username: str, first_name: str = "Bot") -> BotIdentity:
        identity = BotIdentity(int(token.partition(":")[0]), username, first_name)
        self.bots[token] = identity
        return identity

    async def get_me(self, token: str) -> BotIdentity:
        if self.unreachable:
            raise ExternalServiceError("Telegram is unreachable")
        try:
            return self.bots[token]
        except KeyError:
            raise InvalidTelegramToken(
                "Telegram rejected this bot token", field="telegram_token"
            ) from None
