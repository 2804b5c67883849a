"""Online top-ups: `online_payments` and the tenants' sealed provider credentials.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from src.infrastructure.persistence.rls import disable_tenant_rls, enable_tenant_rls

revision = "0018"
down_revision = "0021"
branch_labels = None
depends_on = None

_PROVIDERS = "provider IN ('yookassa', 'cryptopay')"


def upgrade() -> None:
    op.create_table(
        "online_payments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("provider_payment_id", sa.String(64), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("plan_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_online_payments"),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], ondelete="CASCADE", name="fk_online_payments_bot_id_bots"
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_online_payments_bot_id_user_id_bot_users",
        ),
        sa.UniqueConstraint(
            "bot_id",
            "provider",
            "provider_payment_id",
            name="uq_online_payments_bot_id_provider_payment_id",
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'canceled', 'expired')",
            name="ck_online_payments_status_valid",
        ),
        sa.CheckConstraint(_PROVIDERS, name="ck_online_payments_provider_valid"),
        sa.CheckConstraint("amount > 0", name="ck_online_payments_amount_positive"),
    )
    op.create_index(
        "ix_online_payments_pending",
        "online_payments",
        ["created_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "tenant_payment_providers",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("credentials_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("test_mode", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("bot_id", "provider", name="pk_tenant_payment_providers"),
        sa.ForeignKeyConstraint(
            ["bot_id"],
            ["bots.id"],
            ondelete="CASCADE",
            name="fk_tenant_payment_providers_bot_id_bots",
        ),
        sa.CheckConstraint(_PROVIDERS, name="ck_tenant_payment_providers_provider_valid"),
    )
    enable_tenant_rls("online_payments")
    enable_tenant_rls("tenant_payment_providers")


def downgrade() -> None:
    disable_tenant_rls("tenant_payment_providers")
    disable_tenant_rls("online_payments")
    op.drop_table("tenant_payment_providers")
    op.drop_index("ix_online_payments_pending", table_name="online_payments")
    op.drop_table("online_payments")
