"""tenant id -> aiogram Bot, all bots sharing one HTTP session (docs/runtime.md)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession

from src.core.ids import TenantId
from src.infrastructure.telegram.html_bot import HTML, HtmlBot


class BotRegistry:
    """The running bots of this process.

    A Bot object is small (its token, the shared session, default properties), so
    an idle tenant costs a few KB; the session and its connection pool are shared.
    """

    def __init__(self, session: AiohttpSession) -> None:
        self._session = session
        self._bots: dict[TenantId, Bot] = {}
        self._tenants: dict[int, TenantId] = {}

    def add(self, tenant_id: TenantId, token: str) -> Bot:
        """Register (or re-register with a new token) the bot of a tenant."""
        current = self._bots.get(tenant_id)
        if current is not None and current.token == token:
            return current
        self.remove(tenant_id)
        bot = HtmlBot(token, session=self._session, default=HTML)
        self._bots[tenant_id] = bot
        self._tenants[bot.id] = tenant_id
        return bot

    def remove(self, tenant_id: TenantId) -> Bot | None:
        bot = self._bots.pop(tenant_id, None)
        if bot is not None:
            self._tenants.pop(bot.id, None)
        return bot

    def get(self, tenant_id: TenantId) -> Bot | None:
        return self._bots.get(tenant_id)

    def tenant_of(self, telegram_bot_id: int) -> TenantId | None:
        return self._tenants.get(telegram_bot_id)

    def tenant_ids(self) -> list[TenantId]:
        return list(self._bots)

    def __contains__(self, tenant_id: object) -> bool:
        return tenant_id in self._bots

    def __len__(self) -> int:
        return len(self._bots)
