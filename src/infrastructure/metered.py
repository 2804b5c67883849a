"""Use cases that count what they did for `GET /metrics` (src/infrastructure/metrics.py).

The application layer knows nothing of Prometheus: these subclasses wrap the use
cases' `__call__` and the container provides them in place of the originals (same
constructor, same signature, so every typed bundle still accepts them). Labels are
outcomes and error codes, small closed sets; never a tenant id.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from src.application.billing.bill_traffic import BillingReport, BillTraffic
from src.application.billing.top_up import TopUpInput, TopUpOutcome, TopUpWallet
from src.application.payments.card_top_up import (
    CardOffer,
    ReceiptInput,
    StartCardTopUp,
    SubmitCardReceipt,
    SubmittedReceipt,
)
from src.application.payments.decide_card_payment import (
    DecideCardPayment,
    Decision,
    DecisionInput,
)
from src.application.payments.expire_card_payments import BATCH, ExpireCardPayments
from src.application.payments.online_top_up import (
    OnlineInvoice,
    Settled,
    SettleOnlinePayment,
    StartOnlineTopUp,
)
from src.application.payments.stars_top_up import CreditStarsPayment, StarsCredit, StarsPayment
from src.application.shop.purchase_plan import PurchaseInput, PurchaseOutcome, PurchasePlan
from src.core.errors import DomainError
from src.core.ids import PlanId, TenantId
from src.core.payments.online import ProviderPayment
from src.core.tenancy.tenant import Tenant
from src.infrastructure.metrics import (
    BILLING_CHARGED,
    BILLING_RUNS,
    PURCHASES,
    TOP_UP_CREDITED,
    TOP_UPS,
)

T = TypeVar("T")


async def _top_up(method: str, call: Awaitable[T]) -> T:
    """Awaits `call`; a refusal is counted under its error code, then raised again."""
    try:
        return await call
    except DomainError as exc:
        TOP_UPS.labels(method, exc.code).inc()
        raise
    except Exception:
        TOP_UPS.labels(method, "error").inc()
        raise


class MeteredPurchasePlan(PurchasePlan):
    async def __call__(self, data: PurchaseInput) -> PurchaseOutcome:
        try:
            outcome = await super().__call__(data)
        except DomainError as exc:
            PURCHASES.labels(exc.code).inc()
            raise
        except Exception:
            PURCHASES.labels("error").inc()
            raise
        PURCHASES.labels("repeated" if outcome.repeated else outcome.provisioning.value).inc()
        return outcome


class MeteredTopUpWallet(TopUpWallet):
    async def __call__(self, data: TopUpInput) -> TopUpOutcome:
        outcome = await _top_up("wallet", super().__call__(data))
        TOP_UPS.labels("wallet", "replayed" if outcome.replayed else "credited").inc()
        if not outcome.replayed:
            TOP_UP_CREDITED.labels("wallet").inc(data.amount)
        return outcome


class MeteredStartCardTopUp(StartCardTopUp):
    async def __call__(self, tenant: Tenant, telegram_id: int, amount: int) -> CardOffer:
        offer = await _top_up("card", super().__call__(tenant, telegram_id, amount))
        TOP_UPS.labels("card", "started").inc()
        return offer


class MeteredSubmitCardReceipt(SubmitCardReceipt):
    async def __call__(self, data: ReceiptInput) -> SubmittedReceipt:
        submitted = await _top_up("card", super().__call__(data))
        TOP_UPS.labels("card", "receipt").inc()
        return submitted


class MeteredDecideCardPayment(DecideCardPayment):
    async def __call__(self, data: DecisionInput) -> Decision:
        decision = await _top_up("card", super().__call__(data))
        TOP_UPS.labels("card", decision.payment.status.value).inc()
        if decision.balance is not None:  # approved and credited
            TOP_UP_CREDITED.labels("card").inc(decision.payment.amount)
        return decision


class MeteredExpireCardPayments(ExpireCardPayments):
    async def __call__(self, limit: int = BATCH) -> int:
        expired = await super().__call__(limit)
        if expired:
            TOP_UPS.labels("card", "expired").inc(expired)
        return expired


class MeteredCreditStarsPayment(CreditStarsPayment):
    async def __call__(self, data: StarsPayment) -> StarsCredit:
        credit = await _top_up("stars", super().__call__(data))
        TOP_UPS.labels("stars", "repeated" if credit.repeated else "credited").inc()
        if not credit.repeated:
            TOP_UP_CREDITED.labels("stars").inc(credit.amount)
        return credit


class MeteredStartOnlineTopUp(StartOnlineTopUp):
    async def __call__(
        self,
        tenant: Tenant,
        telegram_id: int,
        provider: str,
        amount: int,
        description: str,
        plan_id: PlanId | None = None,
    ) -> OnlineInvoice:
        call = super().__call__(tenant, telegram_id, provider, amount, description, plan_id)
        invoice = await _top_up(provider, call)
        TOP_UPS.labels(provider, "started").inc()
        return invoice


class MeteredSettleOnlinePayment(SettleOnlinePayment):
    """Every settlement (notification or poll) by its result: `credited` once per payment,
    `unchanged` for the replays, `mismatch` for an invoice the provider disagrees with."""

    async def __call__(self, tenant_id: TenantId, provider: str, seen: ProviderPayment) -> Settled:
        settled = await _top_up(provider, super().__call__(tenant_id, provider, seen))
        TOP_UPS.labels(provider, settled.value).inc()
        if settled is Settled.CREDITED and seen.amount is not None:  # credited: it matched
            TOP_UP_CREDITED.labels(provider).inc(seen.amount)
        return settled


class MeteredBillTraffic(BillTraffic):
    async def __call__(self) -> BillingReport:
        try:
            report = await super().__call__()
        except Exception:
            BILLING_RUNS.labels("failed").inc()
            raise
        BILLING_RUNS.labels("partial" if report.failed else "ok").inc()
        BILLING_CHARGED.inc(report.charged)
        return report
