"""SQLAlchemy repositories of tenant billing: wallets, their ledger, traffic meters."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    Row,
    String,
    Table,
    bindparam,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.wallets import TrafficMeter
from src.core.billing.settings import BillingModel
from src.core.billing.wallet import (
    DuplicateWalletPosting,
    Wallet,
    WalletEntry,
    WalletKind,
    WalletPosting,
    WalletSettings,
)
from src.core.ids import TenantId
from src.infrastructure.persistence.billing_models import (
    TenantWalletModel,
    TrafficMeterModel,
    WalletLedgerModel,
)
from src.infrastructure.persistence.models import BotModel
from src.infrastructure.persistence.posting import posting_statement

W, WL = TenantWalletModel.__table__.c, WalletLedgerModel.__table__.c
M = TrafficMeterModel.__table__.c
METERED = (BillingModel.CONSUMPTION.value, BillingModel.HYBRID.value)


def _wallet(row: Row[Any]) -> Wallet:
    return Wallet(
        tenant_id=TenantId(row.bot_id),
        balance=row.balance,
        settings=WalletSettings(
            model=BillingModel(row.model) if row.model is not None else None,
            rate_per_gb=row.rate_per_gb,
            hybrid_prepay_percent=row.hybrid_prepay_percent,
            unlimited_wholesale_price=row.unlimited_wholesale_price,
            credit_limit=row.credit_limit,
            low_balance_threshold=row.low_balance_threshold,
            suspend_threshold=row.suspend_threshold,
        ),
        traffic_carry=row.traffic_carry,
        low_balance_pending=row.low_balance_pending,
        updated_at=row.updated_at,
    )


def _entry(row: Row[Any]) -> WalletEntry:
    return WalletEntry(
        id=row.id,
        kind=WalletKind(row.kind),
        amount=row.amount,
        balance_after=row.balance_after,
        traffic_bytes=row.traffic_bytes,
        panel_username=row.panel_username,
        reference=row.reference,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
    )


def _build_post() -> Any:
    amount = bindparam("amount", type_=BigInteger)
    now = bindparam("now", type_=DateTime(timezone=True))
    return posting_statement(
        cast(Table, TenantWalletModel.__table__),
        cast(Table, WalletLedgerModel.__table__),
        account_key=[W.bot_id == bindparam("b")],
        amount=amount,
        row={
            "bot_id": bindparam("b", type_=BigInteger),
            "kind": bindparam("kind", type_=String),
            "amount": amount,
            "traffic_bytes": bindparam("traffic_bytes", type_=BigInteger),
            "panel_username": bindparam("panel_username", type_=String),
            "reference": bindparam("reference", type_=String),
            "idempotency_key": bindparam("key", type_=String),
            "created_at": now,
        },
        touch={"updated_at": now},
    )


_POST = _build_post()


class SqlaTenantWallet:
    """A posting is one statement (`posting.posting_statement`): the wallet row locked,
    the ledger row appended unless its key exists, the balance moved (it may go
    negative: limits are the use cases'); a replay leaves the transaction usable."""

    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def _select(self, *, for_update: bool) -> Wallet | None:
        stmt = select(TenantWalletModel.__table__).where(W.bot_id == self._t)
        row = (await self._s.execute(stmt.with_for_update() if for_update else stmt)).one_or_none()
        return _wallet(row) if row else None

    async def get(self, *, for_update: bool = False) -> Wallet | None:
        return await self._select(for_update=for_update)

    async def lock(self, now: datetime) -> Wallet:
        wallet = await self._select(for_update=True)
        if wallet is not None:
            return wallet
        await self._s.execute(
            insert(TenantWalletModel)
            .values(bot_id=self._t, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["bot_id"])
        )
        wallet = await self._select(for_update=True)
        assert wallet is not None  # inserted above, or by a concurrent first use
        return wallet

    async def post(self, posting: WalletPosting, now: datetime) -> WalletEntry:
        params = {
            "b": self._t,
            "kind": posting.kind.value,
            "amount": posting.amount,
            "traffic_bytes": posting.traffic_bytes,
            "panel_username": posting.panel_username,
            "reference": posting.reference,
            "key": posting.idempotency_key,
            "now": now,
        }
        row = (await self._s.execute(_POST, params)).one_or_none()
        if row is not None:
            return _entry(row)
        if await self.by_key(posting.idempotency_key) is not None:
            raise DuplicateWalletPosting(posting.idempotency_key)
        raise RuntimeError("post to a wallet that has no row (lock() creates it)")

    async def by_key(self, idempotency_key: str) -> WalletEntry | None:
        row = (
            await self._s.execute(
                select(WalletLedgerModel.__table__).where(
                    WL.bot_id == self._t, WL.idempotency_key == idempotency_key
                )
            )
        ).one_or_none()
        return _entry(row) if row else None

    async def entries(self, *, limit: int, offset: int) -> tuple[Sequence[WalletEntry], int]:
        total = await self._s.scalar(
            select(func.count()).select_from(WalletLedgerModel).where(WL.bot_id == self._t)
        )
        rows = await self._s.execute(
            select(WalletLedgerModel.__table__)
            .where(WL.bot_id == self._t)
            .order_by(WL.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_entry(r) for r in rows], total or 0

    async def save(self, wallet: Wallet, now: datetime) -> None:
        s = wallet.settings
        await self._s.execute(
            update(TenantWalletModel)
            .where(W.bot_id == self._t)
            .values(
                model=s.model.value if s.model is not None else None,
                rate_per_gb=s.rate_per_gb,
                hybrid_prepay_percent=s.hybrid_prepay_percent,
                unlimited_wholesale_price=s.unlimited_wholesale_price,
                credit_limit=s.credit_limit,
                low_balance_threshold=s.low_balance_threshold,
                suspend_threshold=s.suspend_threshold,
                traffic_carry=wallet.traffic_carry,
                low_balance_pending=wallet.low_balance_pending,
                updated_at=now,
            )
        )


class SqlaTrafficMeters:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def lock(self, usernames: Collection[str]) -> dict[str, TrafficMeter]:
        if not usernames:
            return {}
        rows = await self._s.execute(
            select(M.panel_username, M.panel_user_id, M.last_lifetime_bytes, M.prepaid_bytes_left)
            .where(M.bot_id == self._t, M.panel_username.in_(list(usernames)))
            .with_for_update()
        )
        return {r[0]: TrafficMeter(*r) for r in rows}

    async def put(self, meters: Sequence[TrafficMeter], now: datetime) -> None:
        if not meters:
            return
        stmt = insert(TrafficMeterModel)
        stmt = stmt.on_conflict_do_update(
            index_elements=[M.bot_id, M.panel_username],
            set_={
                "panel_user_id": stmt.excluded.panel_user_id,
                "last_lifetime_bytes": stmt.excluded.last_lifetime_bytes,
                "prepaid_bytes_left": stmt.excluded.prepaid_bytes_left,
                "updated_at": stmt.excluded.updated_at,
            },
        )
        await self._s.execute(
            stmt,
            [
                {
                    "bot_id": self._t,
                    "panel_username": m.panel_username,
                    "panel_user_id": m.panel_user_id,
                    "last_lifetime_bytes": m.last_lifetime_bytes,
                    "prepaid_bytes_left": m.prepaid_bytes_left,
                    "updated_at": now,
                }
                for m in meters
            ],
        )

    async def add_prepaid(self, panel_username: str, delta: int, now: datetime) -> None:
        stmt = insert(TrafficMeterModel).values(
            bot_id=self._t,
            panel_username=panel_username,
            panel_user_id=None,
            last_lifetime_bytes=0,
            prepaid_bytes_left=max(delta, 0),
            updated_at=now,
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[M.bot_id, M.panel_username],
                set_={
                    "prepaid_bytes_left": func.greatest(M.prepaid_bytes_left + delta, 0),
                    "updated_at": now,
                },
            )
        )


class SqlaWalletDirectory:
    """Platform-scoped: every tenant's wallet on this session."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def of(self, tenant_id: TenantId) -> SqlaTenantWallet:
        return SqlaTenantWallet(self._s, tenant_id)

    async def metered(self, default_model: BillingModel) -> Sequence[TenantId]:
        model = func.coalesce(W.model, literal(default_model.value))
        rows = await self._s.execute(
            select(BotModel.id)
            .outerjoin(TenantWalletModel, W.bot_id == BotModel.id)
            .where(model.in_(METERED))
            .order_by(BotModel.id)
        )
        return [TenantId(i) for (i,) in rows]

    async def low_balance_pending(self) -> Sequence[TenantId]:
        rows = await self._s.execute(
            select(W.bot_id).where(W.low_balance_pending.is_(True)).order_by(W.bot_id)
        )
        return [TenantId(i) for (i,) in rows]
