"""The user's auto-renewal switch on the subscription screen (docs/shop.md#my-subscription).

`bot_users.auto_renew`, on by default: with the tenant's `auto_renewal` flag on, every
user renews as before until they switch it off. A column of a tenant table already
under row-level security: no new policy.

Revision ID: 0022
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "bot_users",
        sa.Column("auto_renew", sa.Boolean(), server_default=sa.text("true"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("bot_users", "auto_renew")
