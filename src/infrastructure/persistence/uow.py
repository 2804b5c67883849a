"""SQLAlchemy units of work: one AsyncSession (one transaction) each."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.core.ids import TenantId
from src.infrastructure.persistence.audit import SqlaAuditLog, SqlaPlatformAuditLog
from src.infrastructure.persistence.billing import (
    SqlaTenantWallet,
    SqlaTrafficMeters,
    SqlaWalletDirectory,
)
from src.infrastructure.persistence.card_payments import (
    SqlaCardPaymentRepository,
    SqlaDueCardPayments,
    SqlaRotationStateRepository,
)
from src.infrastructure.persistence.customers import SqlaBalanceLedger, SqlaShopUserRepository
from src.infrastructure.persistence.master_admins import SqlaMasterAdminRepository
from src.infrastructure.persistence.online_payments import (
    SqlaDueOnlinePayments,
    SqlaOnlinePaymentRepository,
    SqlaProviderCredentialsRepository,
)
from src.infrastructure.persistence.payments import SqlaPaymentCardRepository
from src.infrastructure.persistence.promo_codes import SqlaPromoCodeRepository
from src.infrastructure.persistence.referrals import SqlaReferralQueries
from src.infrastructure.persistence.rls import tenant_session_info
from src.infrastructure.persistence.shop import SqlaPlanRepository
from src.infrastructure.persistence.statistics import (
    SqlaDigestLog,
    SqlaPlatformStatistics,
    SqlaShopFigures,
)
from src.infrastructure.persistence.subscriptions import (
    SqlaDueWork,
    SqlaProvisioningOutbox,
    SqlaSubscriptionRepository,
)
from src.infrastructure.persistence.tenancy import (
    SqlaConfigRepository,
    SqlaFeatureFlagRepository,
    SqlaTenantDirectory,
    SqlaTenantRecord,
)
from src.infrastructure.persistence.texts import SqlaTextOverrideRepository
from src.infrastructure.persistence.tickets import SqlaTicketRepository


class SqlaUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._open()
        self._bind(self._session)
        return self

    def _open(self) -> AsyncSession:
        return self._sessions()

    def _bind(self, session: AsyncSession) -> None:
        raise NotImplementedError

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()  # a no-op after commit
        finally:
            await session.close()

    async def commit(self) -> None:
        await self.session.commit()


class SqlaTenantUnitOfWork(SqlaUnitOfWork):
    """Every transaction runs as `fleet_tenant` with this tenant set, so PostgreSQL
    itself hides and refuses other tenants' rows (docs/decisions/0005-row-level-security.md)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], tenant_id: TenantId) -> None:
        super().__init__(sessions)
        self.tenant_id = tenant_id

    def _open(self) -> AsyncSession:
        return self._sessions(info=tenant_session_info(self.tenant_id))

    def _bind(self, session: AsyncSession) -> None:
        self.tenant = SqlaTenantRecord(session, self.tenant_id)
        self.flags = SqlaFeatureFlagRepository(session, self.tenant_id)
        self.config = SqlaConfigRepository(session, self.tenant_id)
        self.texts = SqlaTextOverrideRepository(session, self.tenant_id)
        self.plans = SqlaPlanRepository(session, self.tenant_id)
        self.cards = SqlaPaymentCardRepository(session, self.tenant_id)
        self.users = SqlaShopUserRepository(session, self.tenant_id)
        self.ledger = SqlaBalanceLedger(session, self.tenant_id)
        self.subscriptions = SqlaSubscriptionRepository(session, self.tenant_id)
        self.outbox = SqlaProvisioningOutbox(session, self.tenant_id)
        self.referrals = SqlaReferralQueries(session, self.tenant_id)
        self.promo_codes = SqlaPromoCodeRepository(session, self.tenant_id)
        self.tickets = SqlaTicketRepository(session, self.tenant_id)
        self.wallet = SqlaTenantWallet(session, self.tenant_id)
        self.meters = SqlaTrafficMeters(session, self.tenant_id)
        self.card_payments = SqlaCardPaymentRepository(session, self.tenant_id)
        self.rotation = SqlaRotationStateRepository(session, self.tenant_id)
        self.audit = SqlaAuditLog(session, self.tenant_id)
        self.figures = SqlaShopFigures(session, self.tenant_id)
        self.online_payments = SqlaOnlinePaymentRepository(session, self.tenant_id)
        self.provider_credentials = SqlaProviderCredentialsRepository(session, self.tenant_id)


class SqlaPlatformUnitOfWork(SqlaUnitOfWork):
    def _bind(self, session: AsyncSession) -> None:
        self.tenants = SqlaTenantDirectory(session)
        self.due = SqlaDueWork(session)
        self.wallets = SqlaWalletDirectory(session)
        self.payments_due = SqlaDueCardPayments(session)
        self.audit = SqlaPlatformAuditLog(session)
        self.statistics = SqlaPlatformStatistics(session)
        self.digests = SqlaDigestLog(session)
        self.master_admins = SqlaMasterAdminRepository(session)
        self.online_due = SqlaDueOnlinePayments(session)


class SqlaUnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    def for_tenant(self, tenant_id: TenantId) -> SqlaTenantUnitOfWork:
        return SqlaTenantUnitOfWork(self._sessions, tenant_id)

    def platform(self) -> SqlaPlatformUnitOfWork:
        return SqlaPlatformUnitOfWork(self._sessions)
