"""Card payments remember their offer, their album and the unseen-receipt alert.

- `offer_key`: the card offer a receipt answers; unique per tenant, so one offer
  becomes at most one payment even when several receipts of one user are
  handled at once by different workers (issue #10, item 8);
- `media_group_id`: the album the receipt came in: its other photos are part of
  the same receipt;
- `unseen_alerted_at`: when the master admins were told that no admin of the
  tenant could be shown this receipt (issue #10, item 10).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("card_payments", sa.Column("offer_key", sa.String(32), nullable=True))
    op.add_column("card_payments", sa.Column("media_group_id", sa.String(64), nullable=True))
    op.add_column(
        "card_payments",
        sa.Column("unseen_alerted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_unique_constraint(
        "uq_card_payments_bot_id_offer_key", "card_payments", ["bot_id", "offer_key"]
    )
    op.create_index(
        "ix_card_payments_unseen",
        "card_payments",
        ["bot_id", "created_at"],
        postgresql_where=sa.text("status = 'pending' AND admin_message_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_card_payments_unseen", table_name="card_payments")
    op.drop_constraint("uq_card_payments_bot_id_offer_key", "card_payments", type_="unique")
    op.drop_column("card_payments", "unseen_alerted_at")
    op.drop_column("card_payments", "media_group_id")
    op.drop_column("card_payments", "offer_key")
