"""Which bots this process should run, with their tokens opened (docs/runtime.md).

The runtime asks these instead of reading tenants and opening sealed tokens itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from src.application.ports.security import SecretBox
from src.application.ports.uow import UnitOfWorkFactory
from src.core.ids import TenantId

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ServingBot:
    tenant_id: TenantId
    token: str


def _open(box: SecretBox, tenant_id: TenantId, sealed: bytes) -> ServingBot | None:
    try:
        return ServingBot(tenant_id, box.open(sealed))
    except ValueError:
        log.error("bot token not readable with this secret key", extra={"tenant_id": tenant_id})
        return None


class ListServingBots:
    """Every tenant whose bot should run now (active or suspended), with its token.
    A token sealed under another secret key is logged and left out."""

    def __init__(self, uow: UnitOfWorkFactory, box: SecretBox) -> None:
        self._uow, self._box = uow, box

    async def __call__(self) -> list[ServingBot]:
        async with self._uow.platform() as uow:
            serving = await uow.tenants.list_serving()
        opened = (_open(self._box, c.tenant_id, c.telegram_token_sealed) for c in serving)
        return [bot for bot in opened if bot is not None]


class LoadServingBot:
    """One tenant's bot and token read afresh from the database (not the cache), or
    None when it should not run (missing, disabled, failed, or its token unreadable)."""

    def __init__(self, uow: UnitOfWorkFactory, box: SecretBox) -> None:
        self._uow, self._box = uow, box

    async def __call__(self, tenant_id: TenantId) -> ServingBot | None:
        async with self._uow.platform() as uow:
            tenant = await uow.tenants.get(tenant_id)
            creds = await uow.tenants.credentials(tenant_id) if tenant else None
        if tenant is None or creds is None or not tenant.serves_updates:
            return None
        return _open(self._box, tenant_id, creds.telegram_token_sealed)
