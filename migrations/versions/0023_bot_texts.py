"""Tenants' own wordings of the bot's texts (docs/i18n.md#per-tenant-overrides).

Revision ID: 0023
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from src.infrastructure.persistence.rls import disable_tenant_rls, enable_tenant_rls

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_texts",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("text_key", sa.String(128), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["bot_id"], ["bots.id"], name="fk_bot_texts_bot_id_bots", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("bot_id", "language", "text_key", name="pk_bot_texts"),
    )
    enable_tenant_rls("bot_texts")


def downgrade() -> None:
    disable_tenant_rls("bot_texts")
    op.drop_table("bot_texts")
