"""Tables of the shop's user side: users, their ledger, subscriptions, provisioning.

Child rows reference their parent as (bot_id, id), so a row can never point at
another tenant's user even by a wrong id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base, owner_fk

_NOW = func.now()


def _user_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["bot_id", "user_id"],
        ["bot_users.bot_id", "bot_users.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_bot_id_user_id_bot_users",
    )


class BotUserModel(Base):
    __tablename__ = "bot_users"
    __table_args__ = (
        UniqueConstraint("bot_id", "telegram_id", name="uq_bot_users_bot_id_telegram_id"),
        UniqueConstraint("bot_id", "id", name="uq_bot_users_bot_id_id"),
        UniqueConstraint("bot_id", "referral_code", name="uq_bot_users_bot_id_referral_code"),
        ForeignKeyConstraint(
            ["bot_id", "referred_by"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="SET NULL (referred_by)",
            name="fk_bot_users_bot_id_referred_by_bot_users",
        ),
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        Index("ix_bot_users_blocked", "bot_id", postgresql_where=text("blocked_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8))
    username: Mapped[str | None] = mapped_column(String(64))
    first_name: Mapped[str | None] = mapped_column(String(128))
    balance: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    referral_code: Mapped[str] = mapped_column(String(16))
    referred_by: Mapped[int | None] = mapped_column(BigInteger)
    trial_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    auto_renew: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class UserLedgerModel(Base):
    __tablename__ = "user_ledger"
    __table_args__ = (
        UniqueConstraint("bot_id", "idempotency_key", name="uq_user_ledger_bot_id_idempotency_key"),
        _user_fk("user_ledger"),
        CheckConstraint("balance_after >= 0", name="balance_after_not_negative"),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_user_ledger_bot_id_user_id_id", "bot_id", "user_id", "id"),
        # the master's sales figures (docs/master-console.md, "Statistics")
        Index(
            "ix_user_ledger_sales_created_at",
            "created_at",
            postgresql_where=text("kind IN ('purchase', 'renewal')"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    user_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class SubscriptionModel(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("bot_id", "user_id", name="uq_subscriptions_bot_id_user_id"),
        UniqueConstraint("bot_id", "id", name="uq_subscriptions_bot_id_id"),
        _user_fk("subscriptions"),
        Index("ix_subscriptions_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    user_id: Mapped[int] = mapped_column(BigInteger)
    plan_id: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    traffic_limit_bytes: Mapped[int] = mapped_column(BigInteger)
    device_limit: Mapped[int] = mapped_column(Integer)
    is_trial: Mapped[bool] = mapped_column(Boolean)
    provisioned: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    panel_user_id: Mapped[int | None] = mapped_column(BigInteger)
    subscription_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class SubscriptionReminderModel(Base):
    __tablename__ = "subscription_reminders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["bot_id", "subscription_id"],
            ["subscriptions.bot_id", "subscriptions.id"],
            ondelete="CASCADE",
            name="fk_subscription_reminders_bot_id_subscription_id_subscriptions",
        ),
    )

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    days_before: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class PanelOutboxModel(Base):
    __tablename__ = "panel_outbox"
    __table_args__ = (
        _user_fk("panel_outbox"),
        CheckConstraint("status IN ('pending', 'done', 'abandoned')", name="status_valid"),
        Index(
            "ix_panel_outbox_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    user_id: Mapped[int] = mapped_column(BigInteger)
    subscription_id: Mapped[int] = mapped_column(BigInteger)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    traffic_limit_bytes: Mapped[int] = mapped_column(BigInteger)
    device_limit: Mapped[int] = mapped_column(Integer)
    squads: Mapped[list[str]] = mapped_column(ARRAY(String(36)), server_default=text("'{}'"))
    reset_traffic: Mapped[bool] = mapped_column(Boolean)
    refund_key: Mapped[str | None] = mapped_column(String(200))
    granted_days: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    status: Mapped[str] = mapped_column(String(16), server_default=text("'pending'"))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
