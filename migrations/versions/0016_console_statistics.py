"""Indexes for the master console's statistics: sales and billed traffic by time.

Each figure of the statistics screen is one aggregate query (docs/master-console.md);
these partial indexes keep the windowed ones off a full scan of the ledgers.

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
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
    op.drop_index("ix_wallet_ledger_traffic_created_at", table_name="wallet_ledger")
    op.drop_index("ix_user_ledger_sales_created_at", table_name="user_ledger")
