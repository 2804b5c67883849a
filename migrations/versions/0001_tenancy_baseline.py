"""Tenancy baseline: bots, bot_feature_flags, bot_configurations.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bots",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("telegram_bot_id", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("telegram_token_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("api_token_hash", sa.String(64), nullable=False),
        sa.Column("is_master", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("status", sa.String(16), server_default=sa.text("'active'"), nullable=False),
        sa.Column("default_language", sa.String(8), server_default=sa.text("'en'"), nullable=False),
        sa.Column("support_username", sa.String(64), nullable=True),
        sa.Column("admin_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("receipts_topic_id", sa.Integer(), nullable=True),
        sa.Column("notifications_topic_id", sa.Integer(), nullable=True),
        sa.Column(
            "admin_ids",
            postgresql.ARRAY(sa.BigInteger()),
            server_default=sa.text("'{}'::bigint[]"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(100), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'disabled', 'failed')",
            name=op.f("ck_bots_status_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bots")),
        sa.UniqueConstraint("telegram_bot_id", name=op.f("uq_bots_telegram_bot_id")),
        sa.UniqueConstraint("api_token_hash", name=op.f("uq_bots_api_token_hash")),
    )
    op.create_index(
        "uq_bots_single_master",
        "bots",
        ["is_master"],
        unique=True,
        postgresql_where=sa.text("is_master"),
    )
    op.create_table(
        "bot_feature_flags",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("feature_key", sa.String(64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "config",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"],
            ["bots.id"],
            name=op.f("fk_bot_feature_flags_bot_id_bots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bot_id", "feature_key", name=op.f("pk_bot_feature_flags")),
    )
    op.create_table(
        "bot_configurations",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("config_key", sa.String(64), nullable=False),
        sa.Column("value", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"],
            ["bots.id"],
            name=op.f("fk_bot_configurations_bot_id_bots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bot_id", "config_key", name=op.f("pk_bot_configurations")),
    )


def downgrade() -> None:
    op.drop_table("bot_configurations")
    op.drop_table("bot_feature_flags")
    op.drop_index("uq_bots_single_master", table_name="bots")
    op.drop_table("bots")
