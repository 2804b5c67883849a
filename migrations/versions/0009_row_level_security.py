"""Row-level security on every tenant-owned table.

The role `fleet_tenant` (created once per cluster) sees and writes only the rows of
the transaction's `fleet.bot_id`; the tenant unit of work switches to it, the
platform unit of work keeps the connecting role. `bots` is scoped by its own `id`
and is read-only to a tenant (UPDATE on `updated_at` only, which `SELECT ... FOR
UPDATE` needs). See docs/decisions/0005-row-level-security.md.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from src.infrastructure.persistence.rls import (
    create_tenant_role,
    disable_tenant_rls,
    enable_tenant_rls,
    revoke_tenant_role,
)

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TENANT_TABLES = (
    "bot_feature_flags",
    "bot_configurations",
    "bot_plans",
    "tenant_payment_cards",
    "bot_users",
    "user_ledger",
    "subscriptions",
    "subscription_reminders",
    "panel_outbox",
    "card_rotation_state",
    "card_payments",
    "tenant_wallets",
    "wallet_ledger",
    "traffic_meters",
)


def upgrade() -> None:
    create_tenant_role()
    enable_tenant_rls("bots", column="id", privileges="SELECT, UPDATE (updated_at)")
    for table in TENANT_TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    for table in (*TENANT_TABLES, "bots"):
        disable_tenant_rls(table)
    revoke_tenant_role()
