"""Which tenant a text is rendered for (docs/i18n.md#per-tenant-overrides).

`TextContextMiddleware` (an outer middleware after the tenant context) sets the text
context of each update: the tenant's overrides and its calendar and digits, both read
from the cache (no query per message; a change invalidates the cache, so the next
update sees it). Notices are rendered outside updates and synchronously: they use the
context this process loaded last for their tenant (`TextContexts`), refreshed by every
update of that tenant and every load.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import Style, TextContext, rendering_for

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class OverridesLoader(Protocol):
    async def __call__(self, tenant_id: TenantId) -> Mapping[tuple[str, str], str]: ...


class ConfigLoader(Protocol):
    async def __call__(self, tenant_id: TenantId) -> Mapping[str, Any]: ...


class TextContexts:
    """The last text context loaded per tenant, for renderers that cannot await."""

    def __init__(self) -> None:
        self._known: dict[int, TextContext] = {}

    def get(self, tenant_id: int) -> TextContext:
        return self._known.get(tenant_id) or TextContext(tenant_id=tenant_id)

    def put(self, context: TextContext) -> None:
        if context.tenant_id is not None:
            self._known[context.tenant_id] = context


class TextContextLoader:
    def __init__(
        self, known: TextContexts, overrides: OverridesLoader, config: ConfigLoader
    ) -> None:
        self._known, self._overrides, self._config = known, overrides, config

    async def __call__(self, tenant_id: TenantId) -> TextContext:
        config = await self._config(tenant_id)
        context = TextContext(
            tenant_id=tenant_id,
            style=Style(
                calendar=str(config.get("calendar", "gregorian")),
                digits=str(config.get("digits", "latin")),
            ),
            overrides=await self._overrides(tenant_id),
        )
        self._known.put(context)
        return context


class TextContextMiddleware(BaseMiddleware):
    def __init__(self, load: TextContextLoader) -> None:
        self._load = load

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tenant: Tenant | None = data.get("tenant")
        if tenant is None:
            return await handler(event, data)
        context = await self._load(tenant.id)
        data["text_context"] = context  # the error handler words refusals with it too
        with rendering_for(context):
            return await handler(event, data)
