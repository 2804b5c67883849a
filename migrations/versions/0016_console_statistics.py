"""The master console: indexes for its statistics, and the daily digest's day key.

Each figure of the statistics screen is one aggregate query (docs/master-console.md);
these partial indexes keep the windowed ones off a full scan of the ledgers.
`daily_digests` and `master_admins` are platform-wide (no `bot_id`, so no tenant
policy): the first's primary key lets one process per day send the digest; the second
holds the master admins added from the console.

Revision ID: 0016
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_digests",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_daily_digests"),
    )
    op.create_table(
        "master_admins",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("telegram_id", name="pk_master_admins"),
    )
    op.create_index(
        "ix_card_payments_pending_created_at",
        "card_payments",
        ["created_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_user_ledger_sales_created_at",
        "user_ledger",
        ["created_at"],
        postgresql_where=sa.text("kind IN ('purchase', 'renewal')"),
    )
    op.create_index(
        "ix_wallet_ledger_traffic_created_at",
        "wallet_ledger",
        ["created_at"],
        postgresql_where=sa.text("kind = 'traffic_charge'"),
    )


def downgrade() -> None:
    op.drop_index("ix_card_payments_pending_created_at", table_name="card_payments")
    op.drop_table("master_admins")
    op.drop_table("daily_digests")
    op.drop_index("ix_wallet_ledger_traffic_created_at", table_name="wallet_ledger")
    op.drop_index("ix_user_ledger_sales_created_at", table_name="user_ledger")
