"""Messages about a tenant's wallet to its own admins, through its own bot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from src.application.notices import (
    SaleRefusedOverLimit,
    SaleRefusedUnlimited,
    UserNotice,
    WalletLow,
    WalletResumed,
    WalletSuspended,
)
from src.application.ports.clock import Clock
from src.application.ports.notices import UserNotifier
from src.core.ids import TenantId
from src.core.money import Money
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
REFUSAL_QUIET = timedelta(minutes=10)
Addressed = Callable[..., UserNotice]  # the notice, given where it goes


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

    def __init__(self, notifier: UserNotifier, clock: Clock, currency: str) -> None:
        self._notifier, self._clock, self._currency = notifier, clock, currency
        self._last_refusal: dict[TenantId, datetime] = {}
        self._pending: set[asyncio.Task[None]] = set()

    def _money(self, amount: int) -> Money:
        return Money(amount, self._currency)

    async def low_balance(self, tenant: Tenant, balance: int, threshold: int) -> None:
        await self._tell(
            tenant,
            lambda **to: WalletLow(
                **to, balance=self._money(balance), threshold=self._money(threshold)
            ),
        )

    async def suspended(self, tenant: Tenant, balance: int, threshold: int) -> None:
        await self._tell(
            tenant,
            lambda **to: WalletSuspended(
                **to, balance=self._money(balance), threshold=self._money(threshold)
            ),
        )

    async def resumed(self, tenant: Tenant, balance: int) -> None:
        await self._tell(tenant, lambda **to: WalletResumed(**to, balance=self._money(balance)))

    def sale_refused(
        self, tenant: Tenant, plan_name: str, reason: str, *, charge: int, available: int
    ) -> None:
        """Schedule the refusal notice (see the rules); returns at once."""
        now = self._clock.now()
        last = self._last_refusal.get(tenant.id)
        if last is not None and now - last < REFUSAL_QUIET:
            return
        self._last_refusal[tenant.id] = now
        notice: Addressed
        if reason == "wallet_credit_limit":

            def notice(**to: Any) -> UserNotice:
                return SaleRefusedOverLimit(
                    **to,
                    plan=plan_name,
                    charge=self._money(charge),
                    available=self._money(available),
                )
        else:

            def notice(**to: Any) -> UserNotice:
                return SaleRefusedUnlimited(**to, plan=plan_name)

        task = asyncio.get_running_loop().create_task(self._tell(tenant, notice))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def flush(self) -> None:
        """Wait for the scheduled notices (tests, shutdown)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def _tell(self, tenant: Tenant, notice: Addressed) -> None:
        """`notice(tenant_id=, chat_id=, language=, thread_id=)` to each destination."""
        if tenant.is_master:
            return
        chat = tenant.admin_chat
        places = (
            [(chat.chat_id, chat.notifications_topic_id)]
            if chat is not None
            else [(admin_id, None) for admin_id in tenant.admin_ids]
        )
        if not places:
            log.warning("wallet notice has no admin to go to", extra={"tenant_id": tenant.id})
        try:
            for chat_id, thread_id in places:
                await self._notifier.notify(
                    notice(
                        tenant_id=tenant.id,
                        chat_id=chat_id,
                        language=tenant.default_language,
                        thread_id=thread_id,
                    )
                )
        except Exception:  # best effort by contract: a notice never breaks billing
            log.exception("wallet notice not delivered", extra={"tenant_id": tenant.id})
