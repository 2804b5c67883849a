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
from src.application.ports.master_admins import MasterAdminRepository
from src.application.ports.online_payments import (
    DueOnlinePayments,
    OnlinePaymentRepository,
    ProviderCredentialsRepository,
)
from src.application.ports.payments import PaymentCardRepository
from src.application.ports.promo_codes import PromoCodeRepository
from src.application.ports.referrals import ReferralQueries
from src.application.ports.settings import ConfigRepository, FeatureFlagRepository
from src.application.ports.shop import PlanRepository
from src.application.ports.statistics import DigestLog, PlatformStatistics, ShopFigures
from src.application.ports.tenants import TenantDirectory, TenantRecord
from src.application.ports.texts import TextOverrideRepository
from src.application.ports.tickets import TicketRepository
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
    """Repositories bound to one tenant: every query filters by it, every insert stamps it.
    (Read-only properties, so an adapter may hold its own repository types.)"""

    tenant_id: TenantId

    @property
    def tenant(self) -> TenantRecord: ...

    @property
    def flags(self) -> FeatureFlagRepository: ...

    @property
    def config(self) -> ConfigRepository: ...

    @property
    def texts(self) -> TextOverrideRepository: ...

    @property
    def plans(self) -> PlanRepository: ...

    @property
    def cards(self) -> PaymentCardRepository: ...

    @property
    def users(self) -> ShopUserRepository: ...

    @property
    def ledger(self) -> BalanceLedger: ...

    @property
    def subscriptions(self) -> SubscriptionRepository: ...

    @property
    def outbox(self) -> ProvisioningOutbox: ...

    @property
    def referrals(self) -> ReferralQueries: ...

    @property
    def promo_codes(self) -> PromoCodeRepository: ...

    @property
    def tickets(self) -> TicketRepository: ...

    @property
    def wallet(self) -> TenantWallet: ...

    @property
    def meters(self) -> TrafficMeters: ...

    @property
    def card_payments(self) -> CardPaymentRepository: ...

    @property
    def rotation(self) -> RotationStateRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def figures(self) -> ShopFigures: ...

    @property
    def online_payments(self) -> OnlinePaymentRepository: ...

    @property
    def provider_credentials(self) -> ProviderCredentialsRepository: ...


class PlatformUnitOfWork(UnitOfWork, Protocol):
    """Cross-tenant work (the master's views, start-up, billing jobs), named as such."""

    @property
    def tenants(self) -> TenantDirectory: ...

    @property
    def due(self) -> DueWork: ...

    @property
    def wallets(self) -> WalletDirectory: ...

    @property
    def payments_due(self) -> DueCardPayments: ...

    @property
    def audit(self) -> PlatformAuditLog: ...

    @property
    def statistics(self) -> PlatformStatistics: ...

    @property
    def digests(self) -> DigestLog: ...

    @property
    def master_admins(self) -> MasterAdminRepository: ...

    @property
    def online_due(self) -> DueOnlinePayments: ...


class UnitOfWorkFactory(Protocol):
    def for_tenant(self, tenant_id: TenantId) -> TenantUnitOfWork: ...

    def platform(self) -> PlatformUnitOfWork: ...
