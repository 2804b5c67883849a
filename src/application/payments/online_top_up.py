"""Online top-ups (docs/payments.md, "Online providers"): the invoice, the notification,
the settlement, and the job that polls what the webhooks missed.

Rules:
- an invoice is created at the provider with the tenant's own credentials and a fresh
  idempotence key; only then is the `pending` row written (a provider that is down:
  ProviderUnavailable, nothing left behind);
- a notification is first verified by the provider's adapter (signature or sender
  IP: ForgedNotification, nothing read); a notification for a payment this tenant
  does not have is ignored; an unsigned notification (YooKassa) is never believed:
  the payment is re-read from the API within a short deadline, and when that fails
  nothing is credited and the poll job settles it later;
- the settlement locks the row, checks amount, currency and metadata, and credits
  through the user ledger with the key `{provider}:{payment id}` in the same
  transaction as the status change, so concurrent and replayed notifications and
  polls credit once; the first credit tells the user (a late one says it was late);
- the poll job re-reads pending payments older than `poll_after`, a batch at a time,
  the least recently handled first (a provider that keeps failing for some rows cannot
  starve the others); a payment the provider still calls pending after
  `expire_after` is expired here (the provider can still succeed it later: then it is
  credited); one that cannot be read stays pending.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from src.application.growth.referrals import ReferralRewards
from src.application.notices import OnlineTopUpCredited
from src.application.payments.after_top_up import FinishPurchaseAfterTopUp
from src.application.payments.provider_settings import load_credentials
from src.application.payments.top_up_options import TopUpOptions
from src.application.ports.clock import Clock
from src.application.ports.notices import UserNotifier
from src.application.ports.online_payments import (
    CreatedInvoice,
    InvoiceRequest,
    NewOnlinePayment,
    Notification,
    PaymentProvider,
    ProviderCredentials,
)
from src.application.ports.security import SecretBox
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.core.ids import PlanId, TenantId
from src.core.money import Money
from src.core.payments.online import (
    OnlineStatus,
    ProviderPayment,
    ProviderUnavailable,
    check_provider,
)
from src.core.shop.ledger import DuplicatePosting, LedgerKind, Posting
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
Providers = Mapping[str, PaymentProvider]
REREAD_DEADLINE_S = 1.5  # a webhook answers within 2 s; the re-read gets at most this
INVOICE_DEADLINE_S = 5.0  # a user waits in the chat for the link: then "provider down"


class ProviderCalls:
    """The provider of a name and a tenant's credentials for it (never another's)."""

    def __init__(self, uow: UnitOfWorkFactory, box: SecretBox, providers: Providers) -> None:
        self._uow, self._box, self.providers = uow, box, providers

    def provider(self, name: str) -> PaymentProvider:
        return self.providers[check_provider(name)]

    async def credentials(self, tenant_id: TenantId, name: str) -> ProviderCredentials | None:
        async with self._uow.for_tenant(tenant_id) as uow:
            return await load_credentials(uow, self._box, name)

    async def fetch(
        self, tenant_id: TenantId, name: str, payment_id: str, deadline: float
    ) -> ProviderPayment | None:
        """The payment as the provider has it; ProviderUnavailable when it does not answer."""
        credentials = await self.credentials(tenant_id, name)
        if credentials is None:
            return None
        try:
            async with asyncio.timeout(deadline):
                return await self.provider(name).fetch_payment(credentials, payment_id)
        except TimeoutError:
            raise ProviderUnavailable(f"{name} did not answer in time") from None


@dataclass(frozen=True, slots=True)
class OnlineInvoice:
    provider: str
    amount: int
    url: str
    payment_id: str


class StartOnlineTopUp:
    """Create an invoice at the provider and record the pending payment.

    The payer-facing `description` is worded by the caller (the bot's view, in the
    user's language); it is cut to what the providers take."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        options: TopUpOptions,
        calls: ProviderCalls,
        currency: str,
        return_url: str,
    ) -> None:
        self._uow, self._clock, self._options, self._calls = uow, clock, options, calls
        self._currency, self._return_url = currency, return_url

    async def __call__(
        self,
        tenant: Tenant,
        telegram_id: int,
        provider: str,
        amount: int,
        description: str,
        plan_id: PlanId | None = None,
    ) -> OnlineInvoice:
        (await self._options.limits(tenant.id, provider)).check(amount)
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
        if user is None:
            raise UserNotRegistered("send /start first")
        credentials = await self._calls.credentials(tenant.id, provider)
        if credentials is None:
            raise FeatureDisabled(f"{provider} has no credentials")
        request = InvoiceRequest(
            amount,
            self._currency,
            description.replace("\x00", "")[:128],
            self._return_url,
            tenant.id,
            telegram_id,
            str(uuid.uuid4()),
        )
        try:
            async with asyncio.timeout(INVOICE_DEADLINE_S):
                created: CreatedInvoice = await self._calls.provider(provider).create_invoice(
                    credentials, request
                )
        except TimeoutError:  # an invoice created after this is never shown, so never paid
            raise ProviderUnavailable(f"{provider} did not answer in time") from None
        async with self._uow.for_tenant(tenant.id) as uow:
            row = NewOnlinePayment(
                user.id, telegram_id, provider, created.payment_id, amount, self._currency, plan_id
            )
            await uow.online_payments.add(row, self._clock.now())
            await uow.commit()
        return OnlineInvoice(provider, amount, created.url, created.payment_id)


class Settled(StrEnum):
    CREDITED = "credited"
    CLOSED = "closed"  # canceled or expired
    UNCHANGED = "unchanged"  # nothing new (pending still, or credited before)
    UNKNOWN = "unknown"  # no such payment for this tenant
    MISMATCH = "mismatch"  # amount, currency or metadata differ: never credited
    DEFERRED = "deferred"  # the provider did not answer: the poll job settles it


class SettleOnlinePayment:
    """Apply what the provider says of a payment to the tenant's row: credit once."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        notifier: UserNotifier,
        finish: FinishPurchaseAfterTopUp,
        referrals: ReferralRewards,
    ) -> None:
        self._uow, self._clock, self._notifier, self._finish = uow, clock, notifier, finish
        self._referrals = referrals

    async def __call__(self, tenant_id: TenantId, provider: str, seen: ProviderPayment) -> Settled:
        now = self._clock.now()
        try:
            async with self._uow.for_tenant(tenant_id) as uow:
                row = await uow.online_payments.get(provider, seen.payment_id, for_update=True)
                if row is None:
                    return Settled.UNKNOWN
                if not row.matches(seen):
                    log.error(
                        "a provider payment does not match its invoice; not credited",
                        extra={"tenant_id": tenant_id, "provider": provider},
                    )
                    return Settled.MISMATCH
                status = row.next_status(seen)
                if status is None:
                    return Settled.UNCHANGED
                await uow.online_payments.set_status(row.id, status, now)
                if status is not OnlineStatus.SUCCEEDED:
                    await uow.commit()
                    return Settled.CLOSED
                user = await uow.users.by_telegram_id(row.telegram_id, for_update=True)
                if user is None:  # pragma: no cover - the row references the user
                    return Settled.UNKNOWN
                posting = Posting(LedgerKind.TOP_UP, row.amount, row.key, row.key)
                entry = await uow.ledger.post(user.id, posting, now)
                notices = await self._referrals.after_credit(uow, user, entry, now)
                await uow.commit()
        except DuplicatePosting:  # a concurrent settlement of the same payment won
            return Settled.UNCHANGED
        credited = OnlineTopUpCredited(
            tenant_id=tenant_id,
            chat_id=row.telegram_id,
            language=user.language,
            provider=provider,
            amount=Money(row.amount, row.currency),
            balance=Money(entry.balance_after, row.currency),
            late=row.status is not OnlineStatus.PENDING,
        )
        await self._notifier.notify(credited)
        await self._referrals.announce(tenant_id, notices)
        if row.plan_id:
            await self._finish(
                tenant_id, row.telegram_id, user.language, row.plan_id, f"after-topup:{row.key}"
            )
        return Settled.CREDITED

    async def expire(self, tenant_id: TenantId, provider: str, payment_id: str) -> bool:
        async with self._uow.for_tenant(tenant_id) as uow:
            row = await uow.online_payments.get(provider, payment_id, for_update=True)
            if row is None or row.status is not OnlineStatus.PENDING:
                return False
            await uow.online_payments.set_status(row.id, OnlineStatus.EXPIRED, self._clock.now())
            await uow.commit()
        return True


class HandleNotification:
    """A provider's notification for a tenant: verify, find, (re-read), settle.

    ForgedNotification propagates (the route answers 401); every other outcome is a
    `Settled` (the route answers 200 so the provider stops resending)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        calls: ProviderCalls,
        settle: SettleOnlinePayment,
        deadline: float = REREAD_DEADLINE_S,
    ) -> None:
        self._uow, self._calls, self._settle, self._deadline = uow, calls, settle, deadline

    async def __call__(
        self, provider: str, tenant_id: TenantId, notification: Notification
    ) -> Settled:
        adapter = self._calls.provider(provider)
        credentials = await self._calls.credentials(tenant_id, provider)
        if credentials is None:
            return Settled.UNKNOWN
        notice = adapter.verify_notification(credentials, notification)
        async with self._uow.for_tenant(tenant_id) as uow:
            if await uow.online_payments.get(provider, notice.payment_id) is None:
                return Settled.UNKNOWN
        seen = notice.payment
        if seen is None:
            try:
                seen = await self._calls.fetch(
                    tenant_id, provider, notice.payment_id, self._deadline
                )
            except ProviderUnavailable:
                log.warning(
                    "payment re-read failed; the poll job settles it",
                    extra={"tenant_id": tenant_id, "provider": provider},
                )
                return Settled.DEFERRED
            if seen is None:
                return Settled.UNKNOWN
        return await self._settle(tenant_id, provider, seen)


class PollOnlinePayments:
    """The job: re-read pending payments older than `poll_after` (lost webhooks, failed
    re-reads) and settle them; expire those still pending after `expire_after`."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        calls: ProviderCalls,
        settle: SettleOnlinePayment,
        poll_after: timedelta = timedelta(minutes=5),
        expire_after: timedelta = timedelta(hours=24),
        batch: int = 100,
    ) -> None:
        self._uow, self._clock, self._calls, self._settle = uow, clock, calls, settle
        self._poll_after, self._expire_after, self._batch = poll_after, expire_after, batch

    async def __call__(self) -> dict[str, int]:
        now = self._clock.now()
        async with self._uow.platform() as uow:
            due = await uow.online_due.take(now - self._poll_after, self._batch, now)
            await uow.commit()
        counts: dict[str, int] = {}
        for item in due:
            try:
                seen = await self._calls.fetch(
                    item.tenant_id, item.provider, item.payment_id, REREAD_DEADLINE_S * 4
                )
            except ProviderUnavailable:
                outcome = Settled.DEFERRED
            else:
                outcome = await self._one(item.tenant_id, item.provider, item.payment_id, seen)
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    async def _one(
        self, tenant_id: TenantId, provider: str, payment_id: str, seen: ProviderPayment | None
    ) -> Settled:
        if seen is not None and seen.status is not OnlineStatus.PENDING:
            return await self._settle(tenant_id, provider, seen)
        async with self._uow.for_tenant(tenant_id) as uow:
            row = await uow.online_payments.get(provider, payment_id)
        if row is not None and row.created_at <= self._clock.now() - self._expire_after:
            await self._settle.expire(tenant_id, provider, payment_id)
            return Settled.CLOSED
        return Settled.UNCHANGED
