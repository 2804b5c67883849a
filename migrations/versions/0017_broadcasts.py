"""Broadcasts with durable per-recipient progress, chats that blocked a bot, and users
a shop's admins blocked (`bot_users.blocked_at`).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from src.infrastructure.persistence.rls import disable_tenant_rls, enable_tenant_rls

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_TABLES = ("broadcasts", "broadcast_recipients", "bot_blocked_chats")


def upgrade() -> None:
    zero = sa.text("0")
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("text", sa.String(4096), nullable=False),
        sa.Column("photo_file_id", sa.String(256), nullable=True),
        sa.Column("button_text", sa.String(64), nullable=True),
        sa.Column("button_url", sa.String(512), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("sent", sa.Integer(), server_default=zero, nullable=False),
        sa.Column("blocked", sa.Integer(), server_default=zero, nullable=False),
        sa.Column("failed", sa.Integer(), server_default=zero, nullable=False),
        sa.Column("progress_bot_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_language", sa.String(8), nullable=True),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
    )
    op.create_index("ix_broadcasts_status", "broadcasts", ["status"])
    op.create_table(
        "broadcast_recipients",
        sa.Column("broadcast_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
            name="fk_broadcast_recipients_broadcast_id_broadcasts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "seq", name="pk_broadcast_recipients"),
    )
    op.create_index(
        "ix_broadcast_recipients_state", "broadcast_recipients", ["broadcast_id", "state", "seq"]
    )
    op.create_table(
        "bot_blocked_chats",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "since", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("bot_id", "chat_id", name="pk_bot_blocked_chats"),
    )
    for table in _TABLES:
        enable_tenant_rls(table)
    op.add_column("bot_users", sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_bot_users_blocked",
        "bot_users",
        ["bot_id"],
        postgresql_where=sa.text("blocked_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_bot_users_blocked", table_name="bot_users")
    op.drop_column("bot_users", "blocked_at")
    for table in reversed(_TABLES):
        disable_tenant_rls(table)
        op.drop_table(table)
