"""Messages about a tenant's wallet to its own admins, through its own bot."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from src.application.i18n import t
from src.application.ports.clock import Clock
from src.application.ports.messaging import UserMessenger
from src.core.ids import TenantId
from src.core.money import Money
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
REFUSAL_QUIET = timedelta(minutes=10)


class WalletNotices:
    """Tells a tenant's admins about its wallet (best effort: never raises).

    Rules:
    - destination: the tenant's admin chat (its notifications topic when set),
      else each tenant admin in a private chat; with neither it is only logged;
    - texts in the tenant's default language, amounts in the platform currency;
    - the master tenant is never told: the platform does not bill itself;
    - a refused sale is told without waiting (the caller is inside the sale's
      transaction) and at most once per tenant every REFUSAL_QUIET, since a shop
      with an empty wallet would otherwise message its admins on every attempt.
    """

    def __init__(self, messenger: UserMessenger, clock: Clock, currency: str) -> None:
        self._messenger, self._clock, self._currency = messenger, clock, currency
        self._last_refusal: dict[TenantId, datetime] = {}
        self._pending: set[asyncio.Task[None]] = set()

    def _money(self, amount: int) -> str:
        return Money(amount, self._currency).format()

    async def low_balance(self, tenant: Tenant, balance: int, threshold: int) -> None:
        await self._tell(
            tenant,
            "wallet.low_balance",
            balance=self._money(balance),
            threshold=self._money(threshold),
        )

    async def suspended(self, tenant: Tenant, balance: int, threshold: int) -> None:
        await self._tell(
            tenant,
            "wallet.suspended",
            balance=self._money(balance),
            threshold=self._money(threshold),
        )

    async def resumed(self, tenant: Tenant, balance: int) -> None:
        await self._tell(tenant, "wallet.resumed", balance=self._money(balance))

    def sale_refused(
        self, tenant: Tenant, plan_name: str, reason: str, *, charge: int, available: int
    ) -> None:
        """Schedule the refusal notice (see the rules); returns at once."""
        now = self._clock.now()
        last = self._last_refusal.get(tenant.id)
        if last is not None and now - last < REFUSAL_QUIET:
            return
        self._last_refusal[tenant.id] = now
        if reason == "wallet_credit_limit":
            coro = self._tell(
                tenant,
                "wallet.sale_refused_limit",
                plan=plan_name,
                charge=self._money(charge),
                available=self._money(available),
            )
        else:
            coro = self._tell(tenant, "wallet.sale_refused_unlimited", plan=plan_name)
        task = asyncio.get_running_loop().create_task(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def flush(self) -> None:
        """Wait for the scheduled notices (tests, shutdown)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def _tell(self, tenant: Tenant, key: str, **params: object) -> None:
        if tenant.is_master:
            return
        text = t(tenant.default_language, key, **params)
        try:
            if tenant.admin_chat is not None:
                chat = tenant.admin_chat
                await self._messenger.send(
                    tenant.id, chat.chat_id, text, thread_id=chat.notifications_topic_id
                )
                return
            if not tenant.admin_ids:
                log.warning(
                    "wallet notice has no admin to go to",
                    extra={"tenant_id": tenant.id, "key": key},
                )
            for admin_id in tenant.admin_ids:
                await self._messenger.send(tenant.id, admin_id, text)
        except Exception:  # best effort by contract: a notice never breaks billing
            log.exception("wallet notice not delivered", extra={"tenant_id": tenant.id, "key": key})
