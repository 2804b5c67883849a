"""SQLAlchemy models. `bot_id` leads every tenant-owned key and index
(docs/architecture.md#tenancy)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def tenant_fk() -> Mapped[int]:
    return mapped_column(
        BigInteger, ForeignKey("bots.id", ondelete="CASCADE"), primary_key=True, nullable=False
    )


class BotModel(Base):
    __tablename__ = "bots"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'suspended', 'disabled', 'failed')", name="status_valid"
        ),
        Index(
            "uq_bots_single_master", "is_master", unique=True, postgresql_where=text("is_master")
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    telegram_bot_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    username: Mapped[str] = mapped_column(String(64))
    telegram_token_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    api_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    is_master: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    status: Mapped[str] = mapped_column(String(16), server_default=text("'active'"))
    default_language: Mapped[str] = mapped_column(String(8), server_default=text("'en'"))
    support_username: Mapped[str | None] = mapped_column(String(64))
    admin_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    receipts_topic_id: Mapped[int | None] = mapped_column(Integer)
    notifications_topic_id: Mapped[int | None] = mapped_column(Integer)
    admin_ids: Mapped[list[int]] = mapped_column(
        ARRAY(BigInteger), server_default=text("'{}'::bigint[]")
    )
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BotFeatureFlagModel(Base):
    __tablename__ = "bot_feature_flags"

    bot_id: Mapped[int] = tenant_fk()
    feature_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    config: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BotConfigurationModel(Base):
    __tablename__ = "bot_configurations"

    bot_id: Mapped[int] = tenant_fk()
    config_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


def owner_fk() -> Mapped[int]:
    """`bot_id` of a table whose own `id` is the primary key."""
    return mapped_column(BigInteger, ForeignKey("bots.id", ondelete="CASCADE"), nullable=False)


class BotPlanModel(Base):
    __tablename__ = "bot_plans"
    __table_args__ = (
        UniqueConstraint("bot_id", "name", name="uq_bot_plans_bot_id_name"),
        # lets future child rows reference (bot_id, plan id) so no mix-up is possible
        UniqueConstraint("bot_id", "id", name="uq_bot_plans_bot_id_id"),
        CheckConstraint("period_days > 0", name="period_days_positive"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("traffic_gb >= 0 AND device_limit >= 0", name="limits_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    name: Mapped[str] = mapped_column(String(64))
    period_days: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(BigInteger)
    traffic_gb: Mapped[int] = mapped_column(Integer)
    device_limit: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    sort_order: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TenantPaymentCardModel(Base):
    __tablename__ = "tenant_payment_cards"
    __table_args__ = (
        UniqueConstraint(
            "bot_id", "card_number", name="uq_tenant_payment_cards_bot_id_card_number"
        ),
        UniqueConstraint("bot_id", "id", name="uq_tenant_payment_cards_bot_id_id"),
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),
        CheckConstraint("success_count >= 0 AND failure_count >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    card_number: Mapped[str] = mapped_column(String(19))
    holder_name: Mapped[str] = mapped_column(String(100))
    weight: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    success_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    failure_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DailyDigestModel(Base):
    """One row per day the master admins' digest went out: the primary key makes it
    once per day whatever the number of processes (docs/master-console.md)."""

    __tablename__ = "daily_digests"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MasterAdminModel(Base):
    """A master admin added from the console (those of the settings are not stored)."""

    __tablename__ = "master_admins"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The shop's user-side tables live in their own module; importing it here puts them
# on `Base.metadata` for every user of the models (alembic, tests).
from src.infrastructure.persistence import (  # noqa: E402
    audit_models,  # noqa: F401
    billing_models,  # noqa: F401
    broadcast_models,  # noqa: F401
    customer_models,  # noqa: F401
    lease_models,  # noqa: F401
    payment_models,  # noqa: F401
    promo_models,  # noqa: F401
    ticket_models,  # noqa: F401
)
