from __future__ import annotations

from src.core.ids import TenantId
from src.infrastructure.memory.audit import InMemoryAuditLog, InMemoryPlatformAuditLog
from src.infrastructure.memory.billing import (
    InMemoryTenantWallet,
    InMemoryTrafficMeters,
    InMemoryWalletDirectory,
)
from src.infrastructure.memory.card_payments import (
    InMemoryCardPaymentRepository,
    InMemoryDueCardPayments,
    InMemoryRotationStateRepository,
)
from src.infrastructure.memory.customers import (
    InMemoryBalanceLedger,
    InMemoryDueWork,
    InMemoryProvisioningOutbox,
    InMemoryShopFigures,
    InMemoryShopUserRepository,
    InMemorySubscriptionRepository,
)
from src.infrastructure.memory.master_admins import InMemoryMasterAdminRepository
from src.infrastructure.memory.online_payments import (
    InMemoryDueOnlinePayments,
    InMemoryOnlinePaymentRepository,
    InMemoryProviderCredentialsRepository,
)
from src.infrastructure.memory.payments import InMemoryPaymentCardRepository
from src.infrastructure.memory.promo_codes import InMemoryPromoCodeRepository
from src.infrastructure.memory.referrals import InMemoryReferralQueries
from src.infrastructure.memory.shop import InMemoryPlanRepository
from src.infrastructure.memory.statistics import InMemoryDigestLog, InMemoryPlatformStatistics
from src.infrastructure.memory.store import MemoryStore, MemoryTransaction
from src.infrastructure.memory.tenancy import (
    InMemoryConfigRepository,
    InMemoryFeatureFlagRepository,
    InMemoryTenantDirectory,
    InMemoryTenantRecord,
    InMemoryTextOverrideRepository,
)
from src.infrastructure.memory.tickets import InMemoryTicketRepository


class InMemoryTenantUnitOfWork(MemoryTransaction):
    def __init__(self, store: MemoryStore, tenant_id: TenantId) -> None:
        super().__init__(store)
        self.tenant_id = tenant_id

        ref = lambda: self.data  # noqa: E731 - the store's data object changes on rollback
        self.tenant = InMemoryTenantRecord(ref, tenant_id)
        self.flags = InMemoryFeatureFlagRepository(ref, tenant_id)
        self.config = InMemoryConfigRepository(ref, tenant_id)
        self.texts = InMemoryTextOverrideRepository(ref, tenant_id)
        self.plans = InMemoryPlanRepository(ref, tenant_id)
        self.cards = InMemoryPaymentCardRepository(ref, tenant_id)
        tables = lambda: self.data.customers  # noqa: E731
        self.users = InMemoryShopUserRepository(tables, tenant_id)
        self.ledger = InMemoryBalanceLedger(tables, tenant_id)
        self.subscriptions = InMemorySubscriptionRepository(tables, tenant_id)
        self.outbox = InMemoryProvisioningOutbox(tables, tenant_id)
        self.referrals = InMemoryReferralQueries(tables, tenant_id)
        self.promo_codes = InMemoryPromoCodeRepository(lambda: self.data.promos, tenant_id)
        self.figures = InMemoryShopFigures(tables, tenant_id)
        self.tickets = InMemoryTicketRepository(lambda: self.data.tickets, tenant_id)
        billing = lambda: self.data.billing  # noqa: E731
        self.wallet = InMemoryTenantWallet(billing, tenant_id)
        self.meters = InMemoryTrafficMeters(billing, tenant_id)
        self.card_payments = InMemoryCardPaymentRepository(ref, tenant_id)
        self.rotation = InMemoryRotationStateRepository(ref, tenant_id)
        self.audit = InMemoryAuditLog(lambda: self.data.audit, tenant_id)
        online = lambda: self.data.online  # noqa: E731
        self.online_payments = InMemoryOnlinePaymentRepository(online, tenant_id)
        self.provider_credentials = InMemoryProviderCredentialsRepository(online, tenant_id)


class InMemoryPlatformUnitOfWork(MemoryTransaction):
    def __init__(self, store: MemoryStore) -> None:
        super().__init__(store)
        self.tenants = InMemoryTenantDirectory(lambda: self.data)
        self.due = InMemoryDueWork(lambda: self.data.customers)
        self.wallets = InMemoryWalletDirectory(
            lambda: self.data.billing, lambda: tuple(self.data.bots)
        )
        self.payments_due = InMemoryDueCardPayments(lambda: self.data)
        self.audit = InMemoryPlatformAuditLog(lambda: self.data.audit)
        self.statistics = InMemoryPlatformStatistics(lambda: self.data)
        self.digests = InMemoryDigestLog(lambda: self.data)
        self.master_admins = InMemoryMasterAdminRepository(lambda: self.data)
        self.online_due = InMemoryDueOnlinePayments(lambda: self.data.online)


class InMemoryUnitOfWorkFactory:
    def __init__(self, store: MemoryStore | None = None) -> None:
        self.store = store or MemoryStore()

    def for_tenant(self, tenant_id: TenantId) -> InMemoryTenantUnitOfWork:
        return InMemoryTenantUnitOfWork(self.store, tenant_id)

    def platform(self) -> InMemoryPlatformUnitOfWork:
        return InMemoryPlatformUnitOfWork(self.store)
