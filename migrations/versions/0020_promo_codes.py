"""Promo codes: the codes, their redemptions (one per user) and wrong tries.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from src.infrastructure.persistence.rls import disable_tenant_rls, enable_tenant_rls

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("promo_codes", "promo_redemptions", "promo_attempts")


def _now() -> sa.Column[sa.DateTime]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["bot_id", "user_id"],
        ["bot_users.bot_id", "bot_users.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_bot_id_user_id_bot_users",
    )


def upgrade() -> None:
    op.create_table(
        "promo_codes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("max_uses", sa.BigInteger(), nullable=True),
        sa.Column("uses", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        _now(),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("uses >= 0", name="ck_promo_codes_uses_not_negative"),
        sa.CheckConstraint(
            "max_uses IS NULL OR uses <= max_uses", name="ck_promo_codes_uses_within_max"
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], ondelete="CASCADE", name="fk_promo_codes_bot_id_bots"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_promo_codes"),
        sa.UniqueConstraint("bot_id", "code", name="uq_promo_codes_bot_id_code"),
        sa.UniqueConstraint("bot_id", "id", name="uq_promo_codes_bot_id_id"),
    )
    op.create_table(
        "promo_redemptions",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("promo_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        _now(),
        sa.Column("consumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["bot_id", "promo_id"],
            ["promo_codes.bot_id", "promo_codes.id"],
            ondelete="CASCADE",
            name="fk_promo_redemptions_bot_id_promo_id_promo_codes",
        ),
        _user_fk("promo_redemptions"),
        sa.PrimaryKeyConstraint("bot_id", "promo_id", "user_id", name="pk_promo_redemptions"),
    )
    op.create_index(
        "ix_promo_redemptions_bot_id_user_id", "promo_redemptions", ["bot_id", "user_id"]
    )
    op.create_table(
        "promo_attempts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("promo_attempts"),
        sa.PrimaryKeyConstraint("id", name="pk_promo_attempts"),
    )
    op.create_index(
        "ix_promo_attempts_bot_id_user_id_at", "promo_attempts", ["bot_id", "user_id", "at"]
    )
    for table in TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        disable_tenant_rls(table)
    op.drop_index("ix_promo_attempts_bot_id_user_id_at", table_name="promo_attempts")
    op.drop_table("promo_attempts")
    op.drop_index("ix_promo_redemptions_bot_id_user_id", table_name="promo_redemptions")
    op.drop_table("promo_redemptions")
    op.drop_table("promo_codes")
