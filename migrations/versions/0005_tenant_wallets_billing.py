"""Tenant wallets and traffic billing: tenant_wallets, wallet_ledger, traffic_meters.

One wallet row per tenant (created on first use) holds the balance and the
billing settings (NULL model or rate: the platform default); the ledger is
append-only with an idempotency key unique per tenant; a traffic meter is kept
per panel username of a tenant.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _now(name: str) -> sa.Column[object]:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def _zero(name: str, kind: type[sa.Integer] = sa.BigInteger) -> sa.Column[object]:
    return sa.Column(name, kind(), server_default=sa.text("0"), nullable=False)


def _tenant(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["bot_id"], ["bots.id"], name=op.f(f"fk_{table}_bot_id_bots"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "tenant_wallets",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        _zero("balance"),
        sa.Column("model", sa.String(length=16), nullable=True),
        sa.Column("rate_per_gb", sa.BigInteger(), nullable=True),
        _zero("hybrid_prepay_percent", sa.Integer),
        sa.Column("unlimited_wholesale_price", sa.BigInteger(), nullable=True),
        _zero("credit_limit"),
        _zero("low_balance_threshold"),
        _zero("suspend_threshold"),
        _zero("traffic_carry"),
        sa.Column(
            "low_balance_pending", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        _now("created_at"),
        _now("updated_at"),
        sa.CheckConstraint(
            "model IS NULL OR model IN ('sale', 'consumption', 'hybrid')",
            name=op.f("ck_tenant_wallets_model_valid"),
        ),
        sa.CheckConstraint(
            "rate_per_gb IS NULL OR rate_per_gb >= 0",
            name=op.f("ck_tenant_wallets_rate_not_negative"),
        ),
        sa.CheckConstraint(
            "hybrid_prepay_percent BETWEEN 0 AND 100",
            name=op.f("ck_tenant_wallets_hybrid_prepay_percent_range"),
        ),
        sa.CheckConstraint(
            "unlimited_wholesale_price IS NULL OR unlimited_wholesale_price >= 0",
            name=op.f("ck_tenant_wallets_wholesale_not_negative"),
        ),
        sa.CheckConstraint(
            "credit_limit >= 0", name=op.f("ck_tenant_wallets_credit_limit_not_negative")
        ),
        sa.CheckConstraint(
            "traffic_carry >= 0 AND traffic_carry < 1073741824",
            name=op.f("ck_tenant_wallets_traffic_carry_range"),
        ),
        _tenant("tenant_wallets"),
        sa.PrimaryKeyConstraint("bot_id", name=op.f("pk_tenant_wallets")),
    )
    op.create_table(
        "wallet_ledger",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        _zero("traffic_bytes"),
        sa.Column("panel_username", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        _now("created_at"),
        sa.CheckConstraint(
            "kind IN ('top_up', 'sale_charge', 'traffic_charge', 'refund', 'adjustment')",
            name=op.f("ck_wallet_ledger_kind_valid"),
        ),
        _tenant("wallet_ledger"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_ledger")),
        sa.UniqueConstraint(
            "bot_id", "idempotency_key", name="uq_wallet_ledger_bot_id_idempotency_key"
        ),
    )
    op.create_index("ix_wallet_ledger_bot_id_id", "wallet_ledger", ["bot_id", "id"], unique=False)
    op.create_table(
        "traffic_meters",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("panel_username", sa.String(length=64), nullable=False),
        sa.Column("panel_user_id", sa.BigInteger(), nullable=True),
        _zero("last_lifetime_bytes"),
        _zero("prepaid_bytes_left"),
        _now("updated_at"),
        sa.CheckConstraint(
            "last_lifetime_bytes >= 0 AND prepaid_bytes_left >= 0",
            name=op.f("ck_traffic_meters_bytes_not_negative"),
        ),
        _tenant("traffic_meters"),
        sa.PrimaryKeyConstraint("bot_id", "panel_username", name=op.f("pk_traffic_meters")),
    )


def downgrade() -> None:
    op.drop_table("traffic_meters")
    op.drop_index("ix_wallet_ledger_bot_id_id", table_name="wallet_ledger")
    op.drop_table("wallet_ledger")
    op.drop_table("tenant_wallets")
