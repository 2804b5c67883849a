"""Row-level security: PostgreSQL keeps each tenant's rows to itself.

Every tenant-owned table has the policy `tenant_isolation`: the role `fleet_tenant`
sees and writes only the rows whose `bot_id` is the transaction's `fleet.bot_id`.
A tenant unit of work opens every transaction with one statement that sets both
(`set_config(..., true)`: they end with the transaction). The platform unit of work
keeps the connecting role, which the policy `platform_access` (or being a superuser)
lets through. See docs/decisions/0005-row-level-security.md.

The helpers below are for migrations: a migration that creates a tenant-owned table
calls `enable_tenant_rls("that_table")` after creating it (and
`disable_tenant_rls("that_table")` in its downgrade before dropping it).
"""

from __future__ import annotations

from typing import Any

from alembic import op
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

TENANT_ROLE = "fleet_tenant"
TENANT_SETTING = "fleet.bot_id"
TENANT_POLICY = "tenant_isolation"
PLATFORM_POLICY = "platform_access"

# One round trip: the role and the tenant, both local to the transaction.
_ENTER_TENANT = text(
    f"SELECT set_config('role', '{TENANT_ROLE}', true), "
    f"set_config('{TENANT_SETTING}', :bot_id, true)"
)
# '' once the setting was used on the connection and its transaction ended: no row.
_CURRENT_TENANT = f"NULLIF(current_setting('{TENANT_SETTING}', true), '')::bigint"


class FleetSession(Session):
    """A session whose `info[TENANT_SETTING]`, when set, scopes every transaction."""


@event.listens_for(FleetSession, "after_begin")
def _enter_tenant(session: Session, _tx: SessionTransaction, connection: Connection) -> None:
    bot_id = session.info.get(TENANT_SETTING)
    if bot_id is not None:
        connection.execute(_ENTER_TENANT, {"bot_id": str(int(bot_id))})


def tenant_session_info(bot_id: int) -> dict[str, Any]:
    return {TENANT_SETTING: bot_id}


# --- migrations ---------------------------------------------------------------------


def create_tenant_role() -> None:
    """Create `fleet_tenant` once per cluster and let the connecting role switch to it."""
    op.execute(tenant_role_sql(TENANT_ROLE))
    op.execute(f"GRANT USAGE ON SCHEMA public TO {TENANT_ROLE}")


def tenant_role_sql(role: str) -> str:
    """Roles are cluster-wide and several databases may be migrated at once (the test
    suite), so a concurrent creation of the role is not an error."""
    return f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                BEGIN
                    CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END;
            END IF;
            IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
                BEGIN
                    EXECUTE format('GRANT {role} TO %I', current_user);
                EXCEPTION WHEN insufficient_privilege THEN
                    RAISE EXCEPTION 'role % may not switch to {role}', current_user
                        USING HINT = format(
                            'as a superuser, once: CREATE ROLE {role} NOLOGIN; '
                            'GRANT {role} TO %I', current_user);
                END;
            END IF;
        END
        $$
    """


def revoke_tenant_role() -> None:
    """Undo this database's part of `create_tenant_role` (the role stays: other
    databases of the cluster may use it)."""
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {TENANT_ROLE}")


def enable_tenant_rls(
    table: str, column: str = "bot_id", privileges: str = "SELECT, INSERT, UPDATE, DELETE"
) -> None:
    """Row-level security on `table`: `fleet_tenant` gets `privileges` on its own rows
    (`column` = the transaction's tenant), the migrating role (the platform) on all."""
    mine = f"{column} = {_CURRENT_TENANT}"
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY {TENANT_POLICY} ON "{table}" TO {TENANT_ROLE} '
        f"USING ({mine}) WITH CHECK ({mine})"
    )
    op.execute(
        f'CREATE POLICY {PLATFORM_POLICY} ON "{table}" TO CURRENT_USER '
        "USING (true) WITH CHECK (true)"
    )
    op.execute(f'GRANT {privileges} ON "{table}" TO {TENANT_ROLE}')


def disable_tenant_rls(table: str) -> None:
    op.execute(f'REVOKE ALL ON "{table}" FROM {TENANT_ROLE}')
    op.execute(f'DROP POLICY IF EXISTS {PLATFORM_POLICY} ON "{table}"')
    op.execute(f'DROP POLICY IF EXISTS {TENANT_POLICY} ON "{table}"')
    op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
