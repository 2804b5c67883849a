"""Tenant wallets charge free trials: the `trial_charge` ledger kind.

A trial's traffic is sold to the tenant like a plan's (README "Tenant wallets and
billing"), recorded as its own kind so the ledger tells trials from sales.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_NAME = "ck_wallet_ledger_kind_valid"
_OLD = "'top_up', 'sale_charge', 'traffic_charge', 'refund', 'adjustment'"
_NEW = "'top_up', 'sale_charge', 'trial_charge', 'traffic_charge', 'refund', 'adjustment'"


def _kinds(kinds: str) -> None:
    op.drop_constraint(op.f(_NAME), "wallet_ledger", type_="check")
    op.create_check_constraint(op.f(_NAME), "wallet_ledger", f"kind IN ({kinds})")


def upgrade() -> None:
    _kinds(_NEW)


def downgrade() -> None:
    # a trial charge becomes a sale charge: the older schema knows no other kind
    op.execute("UPDATE wallet_ledger SET kind = 'sale_charge' WHERE kind = 'trial_charge'")
    _kinds(_OLD)
