"""Support tickets: the tickets, their messages and the admin-side messages leading to them.

Revision ID: 0021
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from src.infrastructure.persistence.rls import disable_tenant_rls, enable_tenant_rls

revision = "0021"
down_revision = "0017"
branch_labels = None
depends_on = None

TABLES = ("support_tickets", "support_messages", "support_admin_messages")


def _now(name: str) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _ticket_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["bot_id", "ticket_id"],
        ["support_tickets.bot_id", "support_tickets.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_bot_id_ticket_id_support_tickets",
    )


def upgrade() -> None:
    op.create_table(
        "support_tickets",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("album", sa.String(64), nullable=True),
        sa.Column("admin_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("admin_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("admin_message_id", sa.BigInteger(), nullable=True),
        _now("created_at"),
        _now("updated_at"),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], ondelete="CASCADE", name="fk_support_tickets_bot_id_bots"
        ),
        sa.ForeignKeyConstraint(
            ["bot_id", "user_id"],
            ["bot_users.bot_id", "bot_users.id"],
            ondelete="CASCADE",
            name="fk_support_tickets_bot_id_user_id_bot_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_support_tickets"),
        sa.UniqueConstraint("bot_id", "id", name="uq_support_tickets_bot_id_id"),
    )
    op.create_index("ix_support_tickets_bot_id_user_id", "support_tickets", ["bot_id", "user_id"])
    op.create_index("ix_support_tickets_bot_id_status", "support_tickets", ["bot_id", "status"])
    op.create_index(
        "uq_support_tickets_bot_id_user_id_album",
        "support_tickets",
        ["bot_id", "user_id", "album"],
        unique=True,
        postgresql_where=sa.text("album IS NOT NULL"),
    )
    op.create_index(
        "ix_support_tickets_bot_id_admin_chat_id_thread",
        "support_tickets",
        ["bot_id", "admin_chat_id", "admin_thread_id"],
    )
    op.create_table(
        "support_messages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), nullable=False),
        sa.Column("author", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("photo_file_id", sa.String(256), nullable=True),
        sa.Column("album", sa.String(64), nullable=True),
        sa.Column("delivered", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        _now("created_at"),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], ondelete="CASCADE", name="fk_support_messages_bot_id_bots"
        ),
        _ticket_fk("support_messages"),
        sa.PrimaryKeyConstraint("id", name="pk_support_messages"),
    )
    op.create_index(
        "ix_support_messages_bot_id_ticket_id", "support_messages", ["bot_id", "ticket_id"]
    )
    op.create_index(
        "ix_support_messages_bot_id_undelivered",
        "support_messages",
        ["bot_id", "id"],
        postgresql_where=sa.text("NOT delivered"),
    )
    op.create_table(
        "support_admin_messages",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), nullable=False),
        _ticket_fk("support_admin_messages"),
        sa.PrimaryKeyConstraint(
            "bot_id", "chat_id", "message_id", name="pk_support_admin_messages"
        ),
    )
    for table in TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        disable_tenant_rls(table)
    op.drop_table("support_admin_messages")
    op.drop_index("ix_support_messages_bot_id_undelivered", table_name="support_messages")
    op.drop_index("ix_support_messages_bot_id_ticket_id", table_name="support_messages")
    op.drop_table("support_messages")
    op.drop_index("ix_support_tickets_bot_id_admin_chat_id_thread", table_name="support_tickets")
    op.drop_index("uq_support_tickets_bot_id_user_id_album", table_name="support_tickets")
    op.drop_index("ix_support_tickets_bot_id_status", table_name="support_tickets")
    op.drop_index("ix_support_tickets_bot_id_user_id", table_name="support_tickets")
    op.drop_table("support_tickets")
