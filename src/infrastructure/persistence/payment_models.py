"""Tables of card-to-card top-ups: the payments under review and the rotation state.

A payment references its user, card and plan as (bot_id, id), so it can never
point at another tenant's rows even by a wrong id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base, owner_fk


class CardRotationStateModel(Base):
    """One row per tenant, locked by every card selection (docs/payments.md#card-rotation)."""

    __tablename__ = "card_rotation_state"
    __table_args__ = (CheckConstraint("cursor >= 0", name="cursor_not_negative"),)

    bot_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("bots.id", ondelete="CASCADE"), primary_key=True
    )
    last_card_id: Mapped[int | None] = mapped_column(BigInteger)
    last_order: Mapped[int | None] = mapped_column(BigInteger)
    current_card_id: Mapped[int | None] = mapped_column(BigInteger)
    current_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cursor: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))


class CardPaymentModel(Base):
    __tablename__ = "card_payments"
    __table_args__ = (
        UniqueConstraint(
            "bot_id", "tracking_number", name="uq_card_payments_bot_id_tracking_number"
        ),
        # one card offer -> at most one payment, whatever runs concurrently
        UniqueConstraint("bot_id", "offer_key", name="uq_card_payments_bot_id_offer_key"),
        ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_card_payments_bot_id_user_id_bot_users",
        ),
        ForeignKeyConstraint(
            ["bot_id", "card_id"],
            ["tenant_payment_cards.bot_id", "tenant_payment_cards.id"],
            ondelete="SET NULL (card_id)",
            name="fk_card_payments_bot_id_card_id_tenant_payment_cards",
        ),
        ForeignKeyConstraint(
            ["bot_id", "plan_id"],
            ["bot_plans.bot_id", "bot_plans.id"],
            ondelete="SET NULL (plan_id)",
            name="fk_card_payments_bot_id_plan_id_bot_plans",
        ),
        CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'expired')", name="status_valid"
        ),
        CheckConstraint(
            "receipt_kind IN ('photo', 'text', 'photo_caption')", name="receipt_kind_valid"
        ),
        CheckConstraint(
            "receipt_text IS NOT NULL OR receipt_file_id IS NOT NULL", name="receipt_present"
        ),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index(
            "ix_card_payments_pending_by_user",
            "bot_id",
            "user_id",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_card_payments_bot_id_status_id", "bot_id", "status", "id"),
        Index(
            "ix_card_payments_unseen",
            "bot_id",
            "created_at",
            postgresql_where=text("status = 'pending' AND admin_message_id IS NULL"),
        ),
        Index(
            "ix_card_payments_overdue", "expires_at", postgresql_where=text("status = 'pending'")
        ),
        # the daily digest's "receipts waiting" (docs/master-console.md)
        Index(
            "ix_card_payments_pending_created_at",
            "created_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    user_id: Mapped[int] = mapped_column(BigInteger)
    card_id: Mapped[int | None] = mapped_column(BigInteger)
    card_masked: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger)
    tracking_number: Mapped[str] = mapped_column(String(19))
    status: Mapped[str] = mapped_column(String(16), server_default=text("'pending'"))
    receipt_kind: Mapped[str] = mapped_column(String(16))
    receipt_text: Mapped[str | None] = mapped_column(String(2000))
    receipt_file_id: Mapped[str | None] = mapped_column(String(256))
    plan_id: Mapped[int | None] = mapped_column(BigInteger)
    admin_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    admin_message_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    offer_key: Mapped[str | None] = mapped_column(String(32))  # NULL: before migration 0008
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    unseen_alerted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
