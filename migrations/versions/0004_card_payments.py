"""Card-to-card top-ups: card_payments, card_rotation_state.

A payment references its user, card and plan as (bot_id, id); deleting the card
or the plan keeps the payment (its masked card number stays on the row). The
rotation state is one row per tenant that every card selection locks.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_rotation_state",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("last_card_id", sa.BigInteger(), nullable=True),
        sa.Column("last_order", sa.BigInteger(), nullable=True),
        sa.Column("current_card_id", sa.BigInteger(), nullable=True),
        sa.Column("current_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cursor", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("cursor >= 0", name=op.f("ck_card_rotation_state_cursor_not_negative")),
        sa.ForeignKeyConstraint(
            ["bot_id"],
            ["bots.id"],
            name=op.f("fk_card_rotation_state_bot_id_bots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bot_id", name=op.f("pk_card_rotation_state")),
    )
    op.create_table(
        "card_payments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("card_id", sa.BigInteger(), nullable=True),
        sa.Column("card_masked", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("tracking_number", sa.String(length=19), nullable=False),
        sa.Column(
            "status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("receipt_kind", sa.String(length=16), nullable=False),
        sa.Column("receipt_text", sa.String(length=2000), nullable=True),
        sa.Column("receipt_file_id", sa.String(length=256), nullable=True),
        sa.Column("plan_id", sa.BigInteger(), nullable=True),
        sa.Column("admin_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("admin_message_id", sa.BigInteger(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'expired')",
            name=op.f("ck_card_payments_status_valid"),
        ),
        sa.CheckConstraint(
            "receipt_kind IN ('photo', 'text', 'photo_caption')",
            name=op.f("ck_card_payments_receipt_kind_valid"),
        ),
        sa.CheckConstraint(
            "receipt_text IS NOT NULL OR receipt_file_id IS NOT NULL",
            name=op.f("ck_card_payments_receipt_present"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_card_payments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f("fk_card_payments_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            name="fk_card_payments_bot_id_user_id_bot_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "card_id"],
            ["tenant_payment_cards.bot_id", "tenant_payment_cards.id"],
            name="fk_card_payments_bot_id_card_id_tenant_payment_cards",
            ondelete="SET NULL (card_id)",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "plan_id"],
            ["bot_plans.bot_id", "bot_plans.id"],
            name="fk_card_payments_bot_id_plan_id_bot_plans",
            ondelete="SET NULL (plan_id)",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_payments")),
        sa.UniqueConstraint(
            "bot_id", "tracking_number", name="uq_card_payments_bot_id_tracking_number"
        ),
    )
    op.create_index(
        "ix_card_payments_pending_by_user",
        "card_payments",
        ["bot_id", "user_id"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_card_payments_bot_id_status_id",
        "card_payments",
        ["bot_id", "status", "id"],
        unique=False,
    )
    op.create_index(
        "ix_card_payments_overdue",
        "card_payments",
        ["expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("ix_card_payments_overdue", table_name="card_payments")
    op.drop_index("ix_card_payments_bot_id_status_id", table_name="card_payments")
    op.drop_index("ix_card_payments_pending_by_user", table_name="card_payments")
    op.drop_table("card_payments")
    op.drop_table("card_rotation_state")
