"""The audit trail: who changed what, from a console or the API.

`bot_id` has no foreign key: the row recording a tenant's deletion outlives it.

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from src.infrastructure.persistence.rls import disable_tenant_rls, enable_tenant_rls

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        sa.Column("before", sa.String(500), nullable=True),
        sa.Column("after", sa.String(500), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_bot_id_id", "audit_log", ["bot_id", "id"])
    # a tenant sees its own rows; platform-wide rows (no tenant) only the platform
    enable_tenant_rls("audit_log")


def downgrade() -> None:
    disable_tenant_rls("audit_log")
    op.drop_index("ix_audit_log_bot_id_id", table_name="audit_log")
    op.drop_table("audit_log")
