"""Tables of promo codes: the codes, who redeemed them, and wrong tries (rate limit)."""

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
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base, owner_fk

_NOW = func.now()


class PromoCodeModel(Base):
    __tablename__ = "promo_codes"
    __table_args__ = (
        UniqueConstraint("bot_id", "code", name="uq_promo_codes_bot_id_code"),
        UniqueConstraint("bot_id", "id", name="uq_promo_codes_bot_id_id"),
        CheckConstraint("uses >= 0", name="uses_not_negative"),
        CheckConstraint("max_uses IS NULL OR uses <= max_uses", name="uses_within_max"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = owner_fk()
    code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(BigInteger)
    max_uses: Mapped[int | None] = mapped_column(BigInteger)
    uses: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    valid_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)


class PromoRedemptionModel(Base):
    """One per (code, user); `pending`: a days or discount perk not yet used by a purchase."""

    __tablename__ = "promo_redemptions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["bot_id", "promo_id"],
            ["promo_codes.bot_id", "promo_codes.id"],
            ondelete="CASCADE",
            name="fk_promo_redemptions_bot_id_promo_id_promo_codes",
        ),
        ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_promo_redemptions_bot_id_user_id_bot_users",
        ),
        Index("ix_promo_redemptions_bot_id_user_id", "bot_id", "user_id"),
    )

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    promo_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    pending: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_NOW)
    consumed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PromoAttemptModel(Base):
    """A wrong code a user typed: at most 5 an hour (the brute-force limit)."""

    __tablename__ = "promo_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_promo_attempts_bot_id_user_id_bot_users",
        ),
        Index("ix_promo_attempts_bot_id_user_id_at", "bot_id", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bot_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
