"""Provisioning jobs remember the days their sale granted.

A job the panel refuses for good refunds the money; with the days it also takes
back what the sale added to the subscription's expiry.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "panel_outbox",
        sa.Column("granted_days", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("panel_outbox", "granted_days")
