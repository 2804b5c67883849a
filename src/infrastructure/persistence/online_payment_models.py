"""Tables of online top-ups (docs/payments.md, "Online providers"): the payments and the
tenants' sealed provider credentials. Both are tenant-owned (row-level security)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base, owner_fk


class OnlinePaymentModel(Base):
    __tablename__ = "online_payments"
    __table_args__ = (
        # one provider payment id is one row of its tenant; led by bot_id like every key
        # (Crypto Pay's testnet and mainnet number invoices apart, so two tenants' ids may
        # coincide, and a collision must not tell one tenant of the other's payment)
        UniqueConstraint(
            "bot_id",
            "provider",
            "provider_payment_id",
            name="uq_online_payments_bot_id_provider_payment_id",
        ),
        ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_online_payments_bot_id_user_id_bot_users",
        ),
        CheckConstraint(
            "status IN ('pending', 'succeeded', 'canceled', 'expired')", name="status_valid"
        ),
        CheckConstraint("provider IN ('yookassa', 'cryptopay')", name="provider_valid"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index(
            "ix_online_payments_pending", "created_at", postgresql_where=text("status = 'pending'")
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    user_id: Mapped[int] = mapped_column(BigInteger)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    provider: Mapped[str] = mapped_column(String(16))
    provider_payment_id: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), server_default=text("'pending'"))
    plan_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TenantPaymentProviderModel(Base):
    __tablename__ = "tenant_payment_providers"
    __table_args__ = (
        CheckConstraint("provider IN ('yookassa', 'cryptopay')", name="provider_valid"),
    )

    bot_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bots.id", ondelete="CASCADE"), primary_key=True
    )
    provider: Mapped[str] = mapped_column(String(16), primary_key=True)
    credentials_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    test_mode: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
