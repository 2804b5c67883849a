"""Top-ups paid in Telegram Stars (docs/payments.md#telegram-stars): the invoice, the checkout,
the credit."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from src.application.growth.referrals import ReferralRewards
from src.application.notices import StarsCredited
from src.application.payments.after_top_up import FinishPurchaseAfterTopUp
from src.application.payments.top_up_options import TELEGRAM_STARS, TopUpOptions
from src.application.ports.clock import Clock
from src.application.ports.notices import UserNotifier
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import UserNotRegistered
from src.application.tenancy.config import GetConfig
from src.core.ids import PlanId
from src.core.money import Money
from src.core.payments.stars import InvalidStarsPayment, StarsPayload
from src.core.shop.ledger import DuplicatePosting, LedgerKind, Posting
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
CHARGE_ID_MAX = 150


@dataclass(frozen=True, slots=True)
class StarsInvoice:
    payload: str
    stars: int
    credit: int  # what the balance gets: stars * rate (at least the amount asked)
    asked: int  # the amount asked for
    rate: int  # the price of one Star

    @property
    def rounded(self) -> bool:
        """Whole Stars cost more than the amount asked: the user must be told why."""
        return self.credit != self.asked


class OfferStarsInvoice:
    """An invoice in XTR for a top-up of `amount` (minor units).

    Rules: `telegram_stars` on; the amount within its min/max; Stars =
    ceil(amount / stars_rate); the payload names the payer, the Stars, the rate
    and the plan to buy afterwards (`plan_id`, 0: none).
    """

    def __init__(self, options: TopUpOptions, config: GetConfig) -> None:
        self._options, self._config = options, config

    async def __call__(
        self, tenant: Tenant, telegram_id: int, amount: int, plan_id: PlanId | None = None
    ) -> StarsInvoice:
        (await self._options.limits(tenant.id, TELEGRAM_STARS)).check(amount)
        rate = int((await self._config(tenant.id))["stars_rate"])
        payload = StarsPayload.offer(telegram_id, amount, rate, plan_id or 0)
        return StarsInvoice(payload.encode(), payload.stars, payload.credit, amount, rate)


@dataclass(frozen=True, slots=True)
class StarsCheckout:
    tenant: Tenant
    telegram_id: int
    currency: str
    total_amount: int
    payload: str


class CheckStarsCheckout:
    """Answer a pre_checkout_query (Telegram waits 10 s for it): may this payment go on?

    Rules: `telegram_stars` must be on (else FeatureDisabled); the payload must be
    one of ours, for this payer, in XTR, for exactly its Stars; the rate in it must
    still be the tenant's `stars_rate` (a changed price needs a new invoice); the
    credit must lie within the method's min/max; the payer must be a user of
    this tenant. Anything else: InvalidStarsPayment.
    """

    def __init__(self, uow: UnitOfWorkFactory, options: TopUpOptions, config: GetConfig) -> None:
        self._uow, self._options, self._config = uow, options, config

    async def __call__(self, data: StarsCheckout) -> None:
        limits = await self._options.limits(data.tenant.id, TELEGRAM_STARS)
        payload = StarsPayload.parse(data.payload)
        if not payload.matches(data.telegram_id, data.currency, data.total_amount):
            raise InvalidStarsPayment("the payment does not match its invoice")
        if payload.rate != int((await self._config(data.tenant.id))["stars_rate"]):
            raise InvalidStarsPayment("the Stars price changed; ask for a new invoice")
        limits.check(payload.credit)
        async with self._uow.for_tenant(data.tenant.id) as uow:
            if await uow.users.by_telegram_id(data.telegram_id) is None:
                raise UserNotRegistered("send /start first")


@dataclass(frozen=True, slots=True)
class StarsPayment:
    tenant: Tenant
    telegram_id: int
    currency: str
    total_amount: int
    payload: str
    charge_id: str  # telegram_payment_charge_id


@dataclass(frozen=True, slots=True)
class StarsCredit:
    amount: int
    balance: int
    repeated: bool  # this charge was credited before: nothing happened now


def stars_key(charge_id: str) -> str:
    return f"stars:{charge_id}"


class CreditStarsPayment:
    """Credit a successful Stars payment once per `telegram_payment_charge_id`.

    Rules:
    - the Stars are already paid, so the credit does not depend on the flag: the
      payload and the payment must match (payer, XTR, Stars), and the credit is
      the Stars paid times the rate the invoice was made with;
    - the ledger key is `stars:<charge id>` (unique per tenant): the same
      successful_payment delivered twice, even concurrently, credits once;
    - the first credit tells the user and finishes the purchase the invoice was
      for; a repeat does neither.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        notifier: UserNotifier,
        finish: FinishPurchaseAfterTopUp,
        referrals: ReferralRewards,
        currency: str,
    ) -> None:
        self._uow, self._clock, self._notifier = uow, clock, notifier
        self._finish, self._currency = finish, currency
        self._referrals = referrals

    async def __call__(self, data: StarsPayment) -> StarsCredit:
        payload = StarsPayload.parse(data.payload)
        charge = data.charge_id.strip()
        if not charge or len(charge) > CHARGE_ID_MAX:
            raise InvalidStarsPayment("no telegram_payment_charge_id", field="charge_id")
        if not payload.matches(data.telegram_id, data.currency, data.total_amount):
            log.error("a Stars payment does not match its invoice; not credited")
            raise InvalidStarsPayment("the payment does not match its invoice")
        key, tenant_id = stars_key(charge), data.tenant.id
        try:
            async with self._uow.for_tenant(tenant_id) as uow:
                user = await uow.users.by_telegram_id(data.telegram_id, for_update=True)
                if user is None:
                    log.error("Stars paid by an unknown user; not credited")
                    raise UserNotRegistered("send /start first")
                if (done := await uow.ledger.by_key(key)) is not None:
                    return StarsCredit(done.amount, user.balance, repeated=True)
                posting = Posting(LedgerKind.TOP_UP, payload.credit, f"stars:{payload.stars}", key)
                entry = await uow.ledger.post(user.id, posting, self._clock.now())
                notices = await self._referrals.after_credit(uow, user, entry, self._clock.now())
                await uow.commit()
        except DuplicatePosting:  # a concurrent delivery of the same charge won
            return await self._repeated(data, key)
        credited = StarsCredited(
            tenant_id=tenant_id,
            chat_id=user.telegram_id,
            language=user.language,
            stars=payload.stars,
            credit=Money(payload.credit, self._currency),
            balance=Money(entry.balance_after, self._currency),
        )
        await self._notifier.notify(credited)
        await self._referrals.announce(tenant_id, notices)
        if payload.plan_id:
            await self._finish(
                tenant_id,
                user.telegram_id,
                user.language,
                PlanId(payload.plan_id),
                f"after-topup:stars:{charge}",
            )
        return StarsCredit(payload.credit, entry.balance_after, repeated=False)

    async def _repeated(self, data: StarsPayment, key: str) -> StarsCredit:
        async with self._uow.for_tenant(data.tenant.id) as uow:
            user = await uow.users.by_telegram_id(data.telegram_id)
            done = await uow.ledger.by_key(key)
        if user is None or done is None:  # pragma: no cover - the winner committed both
            raise InvalidStarsPayment("the payment was not recorded")
        return StarsCredit(done.amount, user.balance, repeated=True)
