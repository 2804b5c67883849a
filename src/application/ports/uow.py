from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from src.application.ports.audit import AuditLog, PlatformAuditLog
from src.application.ports.card_payments import (
    CardPaymentRepository,
    DueCardPayments,
    RotationStateRepository,
)
from src.application.ports.customers import (
    BalanceLedger,
    DueWork,
    ProvisioningOutbox,
    ShopUserRepository,
    SubscriptionRepository,
)
from src.application.ports.payments import PaymentCardRepository
from src.application.ports.settings import ConfigRepository, FeatureFlagRepository
from src.application.ports.shop import PlanRepository
from src.application.ports.tenants import TenantDirectory, TenantRecord
from src.application.ports.wallets import TenantWallet, TrafficMeters, WalletDirectory
from src.core.ids import TenantId


class UnitOfWork(Protocol):
    """One transaction. `async with uow: ...; await uow.commit()`; leaving without
    commit rolls back. Repositories never commit."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class TenantUnitOfWork(UnitOfWork, Protocol):
    """Repositories bound to one tenant: every query filters by it, every insert stamps it."""

    tenant_id: TenantId
    tenant: TenantRecord
    flags: FeatureFlagRepository
    config: ConfigRepository
    plans: PlanRepository
    cards: PaymentCardRepository
    users: ShopUserRepository
    ledger: BalanceLedger
    subscriptions: SubscriptionRepository
    outbox: ProvisioningOutbox
    wallet: TenantWallet
    meters: TrafficMeters
    card_payments: CardPaymentRepository
    rotation: RotationStateRepository
    audit: AuditLog


class PlatformUnitOfWork(UnitOfWork, Protocol):
    """Cross-tenant work (the master's views, start-up, billing jobs), named as such."""

    tenants: TenantDirectory
    due: DueWork
    wallets: WalletDirectory
    payments_due: DueCardPayments
    audit: PlatformAuditLog


class UnitOfWorkFactory(Protocol):
    def for_tenant(self, tenant_id: TenantId) -> TenantUnitOfWork: ...

    def platform(self) -> PlatformUnitOfWork: ...
