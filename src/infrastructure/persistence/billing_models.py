"""Tables of tenant billing (docs/billing.md): wallets, their ledger, traffic meters.

The settings live on the wallet row, not on `bots`: they are read and written
under the wallet's row lock together with the balance (a sale checks the credit
limit against the balance it is about to change), and `bots` stays the tenancy
record that the runtime reads on every update.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Identity,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base, owner_fk, tenant_fk

_NOW = func.now()
WALLET_KINDS = "'top_up', 'sale_charge', 'trial_charge', 'traffic_charge', 'refund', 'adjustment'"


class TenantWalletModel(Base):
    __tablename__ = "tenant_wallets"
    __table_args__ = (
        CheckConstraint(
            "model IS NULL OR model IN ('sale', 'consumption', 'hybrid')", name="model_valid"
        ),
        CheckConstraint("rate_per_gb IS NULL OR rate_per_gb >= 0", name="rate_not_negative"),
        CheckConstraint(
            "hybrid_prepay_percent BETWEEN 0 AND 100", name="hybrid_prepay_percent_range"
        ),
        CheckConstraint(
            "unlimited_wholesale_price IS NULL OR unlimited_wholesale_price >= 0",
            name="wholesale_not_negative",
        ),
        CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),
        CheckConstraint(
            "traffic_carry >= 0 AND traffic_carry < 1073741824", name="traffic_carry_range"
        ),
    )

    bot_id: Mapped[int] = tenant_fk()
    balance: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    model: Mapped[str | None] = mapped_column(String(16))
    rate_per_gb: Mapped[int | None] = mapped_column(BigInteger)
    hybrid_prepay_percent: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    unlimited_wholesale_price: Mapped[int | None] = mapped_column(BigInteger)
    credit_limit: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    low_balance_threshold: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    suspend_threshold: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    traffic_carry: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    low_balance_pending: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class WalletLedgerModel(Base):
    __tablename__ = "wallet_ledger"
    __table_args__ = (
        UniqueConstraint(
            "bot_id", "idempotency_key", name="uq_wallet_ledger_bot_id_idempotency_key"
        ),
        CheckConstraint(f"kind IN ({WALLET_KINDS})", name="kind_valid"),
        Index("ix_wallet_ledger_bot_id_id", "bot_id", "id"),
        # the master's traffic figure (docs/master-console.md, "Statistics")
        Index(
            "ix_wallet_ledger_traffic_created_at",
            "created_at",
            postgresql_where=text("kind = 'traffic_charge'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    traffic_bytes: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    panel_username: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class TrafficMeterModel(Base):
    """One row per panel username of a tenant: the username is Fleet's stable name of
    (tenant, Telegram user) and is known at sale time, when the panel user may not
    exist yet; the panel id is recorded at each reading to see a recreated user."""

    __tablename__ = "traffic_meters"
    __table_args__ = (
        CheckConstraint(
            "last_lifetime_bytes >= 0 AND prepaid_bytes_left >= 0", name="bytes_not_negative"
        ),
    )

    bot_id: Mapped[int] = tenant_fk()
    panel_username: Mapped[str] = mapped_column(String(64), primary_key=True)
    panel_user_id: Mapped[int | None] = mapped_column(BigInteger)
    last_lifetime_bytes: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    prepaid_bytes_left: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
