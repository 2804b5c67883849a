"""Plans and payment cards: bot_plans, tenant_payment_cards.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _owner(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f(f"fk_{table}_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("bot_id", "id", name=op.f(f"uq_{table}_bot_id_id")),
    ]


def upgrade() -> None:
    op.create_table(
        "bot_plans",
        *_owner("bot_plans"),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("traffic_gb", sa.Integer(), nullable=False),
        sa.Column("device_limit", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.UniqueConstraint("bot_id", "name", name=op.f("uq_bot_plans_bot_id_name")),
        sa.CheckConstraint("period_days > 0", name=op.f("ck_bot_plans_period_days_positive")),
        sa.CheckConstraint("price >= 0", name=op.f("ck_bot_plans_price_not_negative")),
        sa.CheckConstraint(
            "traffic_gb >= 0 AND device_limit >= 0", name=op.f("ck_bot_plans_limits_not_negative")
        ),
    )
    op.create_table(
        "tenant_payment_cards",
        *_owner("tenant_payment_cards"),
        sa.Column("card_number", sa.String(19), nullable=False),
        sa.Column("holder_name", sa.String(100), nullable=False),
        sa.Column("weight", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("success_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("failure_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        _timestamp("created_at"),
        sa.UniqueConstraint(
            "bot_id", "card_number", name=op.f("uq_tenant_payment_cards_bot_id_card_number")
        ),
        sa.CheckConstraint(
            "weight BETWEEN 1 AND 100", name=op.f("ck_tenant_payment_cards_weight_range")
        ),
        sa.CheckConstraint(
            "success_count >= 0 AND failure_count >= 0",
            name=op.f("ck_tenant_payment_cards_counts_not_negative"),
        ),
    )


def downgrade() -> None:
    op.drop_table("tenant_payment_cards")
    op.drop_table("bot_plans")
