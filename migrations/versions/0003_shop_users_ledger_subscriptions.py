"""The shop's user side: bot_users, user_ledger, subscriptions, reminders, panel_outbox.

Children reference users as (bot_id, user_id), so no row can point at another
tenant's user; the balance can never go below zero (CHECK on both the user and
every ledger row); an idempotency key is unique per tenant.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 05:05:26.049635
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_users",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("first_name", sa.String(length=128), nullable=True),
        sa.Column("balance", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("referral_code", sa.String(length=16), nullable=False),
        sa.Column("referred_by", sa.BigInteger(), nullable=True),
        sa.Column("trial_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_bot_users_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["bot_id", "referred_by"],
            ["bot_users.bot_id", "bot_users.id"],
            name="fk_bot_users_bot_id_referred_by_bot_users",
            ondelete="SET NULL (referred_by)",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f("fk_bot_users_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_users")),
        sa.UniqueConstraint("bot_id", "id", name="uq_bot_users_bot_id_id"),
        sa.UniqueConstraint("bot_id", "referral_code", name="uq_bot_users_bot_id_referral_code"),
        sa.UniqueConstraint("bot_id", "telegram_id", name="uq_bot_users_bot_id_telegram_id"),
    )
    op.create_table(
        "panel_outbox",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("subscription_id", sa.BigInteger(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("traffic_limit_bytes", sa.BigInteger(), nullable=False),
        sa.Column("device_limit", sa.Integer(), nullable=False),
        sa.Column(
            "squads",
            postgresql.ARRAY(sa.String(length=36)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("reset_traffic", sa.Boolean(), nullable=False),
        sa.Column("refund_key", sa.String(length=200), nullable=True),
        sa.Column(
            "status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'abandoned')", name=op.f("ck_panel_outbox_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            name="fk_panel_outbox_bot_id_user_id_bot_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f("fk_panel_outbox_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_outbox")),
    )
    op.create_index(
        "ix_panel_outbox_due",
        "panel_outbox",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("plan_id", sa.BigInteger(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("traffic_limit_bytes", sa.BigInteger(), nullable=False),
        sa.Column("device_limit", sa.Integer(), nullable=False),
        sa.Column("is_trial", sa.Boolean(), nullable=False),
        sa.Column("provisioned", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("panel_user_id", sa.BigInteger(), nullable=True),
        sa.Column("subscription_url", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            name="fk_subscriptions_bot_id_user_id_bot_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f("fk_subscriptions_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("bot_id", "id", name="uq_subscriptions_bot_id_id"),
        sa.UniqueConstraint("bot_id", "user_id", name="uq_subscriptions_bot_id_user_id"),
    )
    op.create_index("ix_subscriptions_expires_at", "subscriptions", ["expires_at"], unique=False)
    op.create_table(
        "user_ledger",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_user_ledger_amount_not_zero")),
        sa.CheckConstraint(
            "balance_after >= 0", name=op.f("ck_user_ledger_balance_after_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            name="fk_user_ledger_bot_id_user_id_bot_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name=op.f("fk_user_ledger_bot_id_bots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_ledger")),
        sa.UniqueConstraint(
            "bot_id", "idempotency_key", name="uq_user_ledger_bot_id_idempotency_key"
        ),
    )
    op.create_index(
        "ix_user_ledger_bot_id_user_id_id", "user_ledger", ["bot_id", "user_id", "id"], unique=False
    )
    op.create_table(
        "subscription_reminders",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("subscription_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column(
            "sent_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "subscription_id"],
            ["subscriptions.bot_id", "subscriptions.id"],
            name="fk_subscription_reminders_bot_id_subscription_id_subscriptions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "bot_id",
            "subscription_id",
            "expires_at",
            "days_before",
            name=op.f("pk_subscription_reminders"),
        ),
    )


def downgrade() -> None:
    op.drop_table("subscription_reminders")
    op.drop_index("ix_user_ledger_bot_id_user_id_id", table_name="user_ledger")
    op.drop_table("user_ledger")
    op.drop_index("ix_subscriptions_expires_at", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_index(
        "ix_panel_outbox_due",
        table_name="panel_outbox",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_table("panel_outbox")
    op.drop_table("bot_users")
