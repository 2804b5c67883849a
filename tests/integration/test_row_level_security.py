"""Tenant isolation enforced by PostgreSQL itself (row-level security).

Each tenant-owned table (any table with a `bot_id` column, found in the models and
in the catalog, plus `bots` by its `id`) must carry a forced policy; a deliberately
unfiltered statement through a tenant unit of work sees only its tenant's rows, and
writing another tenant's row fails. The platform unit of work still sees all.

Cases considered:
- a new tenant-owned table without a policy (another branch's migration): the
  coverage test names it;
- a table the tenant role was granted but that has no policy: named too;
- the owner is not a superuser (FORCE must cover it) — migrated and checked as a
  non-superuser owner below; a superuser bypasses RLS, so the tenant transaction
  switches role;
- a second transaction on the same tenant session (after a commit): still scoped;
- a pooled connection that served a tenant then serves the platform, or another
  tenant, also after a refused write: the role and the tenant were local to the
  transaction (40 interleaved transactions of two tenants on one pool);
- a connection whose `fleet.bot_id` was used and reset to '' : no row, not an error;
- moving one's own row to another tenant (UPDATE bot_id), copying a row into
  another tenant (INSERT): refused by WITH CHECK; UPDATE/DELETE of the other's
  rows: touch nothing (invisible);
- hostile ids are not a concern here: the tenant id comes from the unit of work
  (an int), never from user input.
"""

from __future__ import annotations

import asyncio
import inspect
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from src.application.ports.card_payments import NewCardPayment
from src.application.ports.customers import NewProvisionJob, NewShopUser, SubscriptionTerms
from src.application.ports.online_payments import NewOnlinePayment
from src.application.ports.uow import PlatformUnitOfWork
from src.application.ports.wallets import TrafficMeter
from src.core.audit import AuditRecord
from src.core.billing.wallet import WalletKind, WalletPosting
from src.core.broadcasts import BroadcastMessage, Recipient, RecipientState
from src.core.growth.promo import PromoKind, PromoTerms
from src.core.ids import TenantId
from src.core.payments.card import CardDetails
from src.core.payments.card_payment import Receipt
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.plan import PlanTerms
from src.core.support.ticket import Author, TicketContent
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.container import Container
from src.infrastructure.persistence.engine import make_engine, make_sessionmaker
from src.infrastructure.persistence.models import Base
from src.infrastructure.persistence.rls import (
    TENANT_POLICY,
    TENANT_ROLE,
    TENANT_SETTING,
    tenant_role_sql,
)
from src.infrastructure.persistence.uow import (
    SqlaPlatformUnitOfWork,
    SqlaTenantUnitOfWork,
    SqlaUnitOfWorkFactory,
)
from tests.support.db import server_url, with_database
from tests.support.factories import create_tenant

TG = 515_151
# bots is the tenant's own row: scoped by its id
SCOPE_COLUMN = {"bots": "id"}
REFUSED = ("row-level security", "permission denied")


async def tenant_tables(conn: AsyncConnection) -> set[str]:
    """Every table with a `bot_id` column, in the models and in the live catalog."""
    rows = await conn.execute(
        text(
            "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
            "AND a.attname = 'bot_id' AND NOT a.attisdropped"
        )
    )
    in_models = {t.name for t in Base.metadata.sorted_tables if "bot_id" in t.c}
    return {r[0] for r in rows} | in_models | set(SCOPE_COLUMN)


def column(table: str) -> str:
    return SCOPE_COLUMN.get(table, "bot_id")


async def seed(container: Container, tenant_id: TenantId, n: int) -> None:
    """A row of this tenant in every tenant-owned table, through its repositories."""
    now = container.clock().now()
    async with container.uow().for_tenant(tenant_id) as uow:
        await uow.flags.put("card_to_card", True, {})
        await uow.config.put("support_text", f"hi {n}")
        await uow.texts.put("en", "menu.title", f"hi {n} {{ $name }} {{ $balance }}")
        plan = await uow.plans.add(PlanTerms(name="Month", period_days=30, price=100), now)
        card = await uow.cards.add("6037997512345670", CardDetails("Ali Rezaei"), now)
        user, _ = await uow.users.add_if_absent(NewShopUser(TG, "en", f"code{n:04d}", now))
        await uow.ledger.post(user.id, Posting(LedgerKind.TOP_UP, 500, "seed", "same-key"), now)
        sub = await uow.subscriptions.extend(user.id, SubscriptionTerms(None, 30, 0, 1, False), now)
        await uow.subscriptions.remember_reminder(sub.id, sub.expires_at, 3)
        job = NewProvisionJob(sub.id, user.id, TG, sub.expires_at, 0, 1, (), False, None, 30)
        await uow.outbox.enqueue(job, now, now)
        await uow.rotation.lock()
        await uow.card_payments.add(
            NewCardPayment(
                user.id, card.id, "6037 **** **** 5670", 1000, "TRK1", Receipt("ref"), plan.id,
                now, now + timedelta(days=1), f"offer{n}",
            )
        )  # fmt: skip
        await uow.wallet.lock(now)
        await uow.wallet.post(WalletPosting(WalletKind.TOP_UP, 100, "seed", "same-key"), now)
        await uow.meters.put([TrafficMeter(f"t{tenant_id}_{TG}", 1, 10, 0)], now)
        await uow.audit.record(AuditRecord(tenant_id, "api:master", "seed", f"tenant:{n}"), now)
        promo = await uow.promo_codes.add(PromoTerms("SEED", PromoKind.DAYS, 3), now)
        await uow.promo_codes.redeem(promo.id, user.id, PromoKind.DAYS, True, now)
        await uow.promo_codes.fail(user.id, now)
        ticket, _ = await uow.tickets.add(user.id, TG, "album", now)
        await uow.tickets.add_message(ticket.id, Author.USER, TicketContent("help"), now)
        await uow.tickets.link(-100, 1, ticket.id)
        online = NewOnlinePayment(user.id, TG, "yookassa", f"pay-{n}", 1000, "RUB", None)
        await uow.online_payments.add(online, now)
        await uow.provider_credentials.put("yookassa", b"sealed", False, now)
        await uow.commit()
    # broadcasts: created in a tenant transaction; a 403 remembers the blocked chat
    store = container.broadcast_store()
    audit = AuditRecord(tenant_id, "api:master", "seed", "broadcast")
    created = await store.create(
        tenant_id, BroadcastMessage("hi"), [Recipient(tenant_id, TG)], None, audit
    )
    claimed = await store.claim(created.id, 1)
    await store.record(created.id, [(c, RecipientState.BLOCKED) for c in claimed], [])


@pytest.fixture
async def two_tenants(sql_container: Container) -> tuple[TenantId, TenantId]:
    a = (await create_tenant(sql_container, "A")).tenant.id
    b = (await create_tenant(sql_container, "B")).tenant.id
    await seed(sql_container, a, 1)
    await seed(sql_container, b, 2)
    return a, b


def tenant_uow(container: Container, tenant_id: TenantId) -> SqlaTenantUnitOfWork:
    return container.uow().for_tenant(tenant_id)


async def owners(conn: AsyncConnection, table: str) -> list[int]:
    rows = await conn.execute(text(f'SELECT {column(table)} FROM "{table}"'))
    return sorted(r[0] for r in rows)


async def test_every_tenant_owned_table_has_a_forced_tenant_policy(clean_db: AsyncEngine) -> None:
    async with clean_db.connect() as conn:
        tables = await tenant_tables(conn)
        assert {"bot_users", "wallet_ledger", "card_payments"} <= tables  # discovery works
        rows = await conn.execute(
            text(
                "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, p.qual, p.with_check "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_policies p ON p.schemaname = n.nspname AND p.tablename = c.relname "
                "AND p.policyname = :policy AND p.cmd = 'ALL' AND p.roles = ARRAY[:role]::name[] "
                "WHERE n.nspname = 'public' AND c.relname = ANY(:tables)"
            ),
            {"policy": TENANT_POLICY, "role": TENANT_ROLE, "tables": sorted(tables)},
        )
        found = {r[0]: r[1:] for r in rows}
        granted = await conn.execute(
            text(
                "SELECT DISTINCT table_name FROM information_schema.role_table_grants "
                "WHERE grantee = :role UNION SELECT DISTINCT table_name "
                "FROM information_schema.column_privileges WHERE grantee = :role"
            ),
            {"role": TENANT_ROLE},
        )
        role = (
            await conn.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"),
                {"r": TENANT_ROLE},
            )
        ).one()
    missing = []
    for table in sorted(tables):
        enabled, forced, qual, check = found.get(table, (False, False, None, None))
        scoped = f"{column(table)} = (NULLIF(current_setting('{TENANT_SETTING}'"
        if not (enabled and forced and qual and check and scoped in qual and scoped in check):
            missing.append(table)
    assert missing == [], (
        f"tenant-owned tables without a forced {TENANT_POLICY} policy: {missing}; "
        "call src.infrastructure.persistence.rls.enable_tenant_rls(table) in the migration"
    )
    assert {r[0] for r in granted} <= tables, "the tenant role reaches a table without a policy"
    assert tuple(role) == (False, False)


async def test_unfiltered_select_through_a_tenant_unit_of_work_sees_only_its_rows(
    sql_container: Container, clean_db: AsyncEngine, two_tenants: tuple[TenantId, TenantId]
) -> None:
    a, b = two_tenants
    async with clean_db.connect() as conn:
        tables = await tenant_tables(conn)
        everything = {t: await owners(conn, t) for t in tables}
    not_seeded = [t for t in sorted(tables) if not {a, b} <= set(everything[t])]
    assert not_seeded == [], f"seed() must put rows of both tenants in {not_seeded}"

    async with tenant_uow(sql_container, a) as uow:
        conn = await uow.session.connection()
        assert (await conn.execute(text("SELECT current_user"))).scalar() == TENANT_ROLE
        for table in sorted(tables):
            assert await owners(conn, table) == [x for x in everything[table] if x == a], table
        await uow.commit()
        # the session's next transaction is scoped again
        conn = await uow.session.connection()
        assert await owners(conn, "bot_users") == [a]

    async with sql_container.uow().platform() as platform:
        # a pooled connection that served the tenant: the platform sees all again
        conn = await platform.session.connection()
        for table in sorted(tables):
            assert await owners(conn, table) == everything[table], table


async def test_concurrent_tenant_transactions_on_one_pool_never_see_each_other(
    sql_container: Container, two_tenants: tuple[TenantId, TenantId]
) -> None:
    """Connections go back and forth between tenants in the pool: the role and the
    tenant are per transaction, so interleaved transactions keep their own."""
    a, b = two_tenants

    async def look(tenant_id: TenantId) -> list[int]:
        async with tenant_uow(sql_container, tenant_id) as uow:
            conn = await uow.session.connection()
            seen = await owners(conn, "user_ledger")
            await asyncio.sleep(0)  # let the other tenants' transactions interleave
            return seen + await owners(conn, "bot_plans")

    tenants = [a, b] * 20
    seen = await asyncio.wait_for(asyncio.gather(*(look(t) for t in tenants)), 60)
    assert seen == [[t, t] for t in tenants]


@pytest.mark.parametrize("statement", ["update", "delete"])
async def test_update_or_delete_of_another_tenants_rows_touches_nothing(
    sql_container: Container,
    clean_db: AsyncEngine,
    two_tenants: tuple[TenantId, TenantId],
    statement: str,
) -> None:
    a, b = two_tenants
    async with clean_db.connect() as conn:
        tables = sorted(await tenant_tables(conn) - set(SCOPE_COLUMN))
        before = {t: await owners(conn, t) for t in tables}
    for table in tables:
        col = column(table)
        sql = {
            "update": f'UPDATE "{table}" SET {col} = {col} WHERE {col} = :b',
            "delete": f'DELETE FROM "{table}" WHERE {col} = :b',
        }[statement]
        async with tenant_uow(sql_container, a) as uow:
            result = await uow.session.execute(text(sql), {"b": b})
            assert result.rowcount == 0, table  # type: ignore[attr-defined]
            await uow.commit()
    async with clean_db.connect() as conn:
        assert {t: await owners(conn, t) for t in tables} == before


async def test_writing_a_row_into_another_tenant_is_refused(
    sql_container: Container, clean_db: AsyncEngine, two_tenants: tuple[TenantId, TenantId]
) -> None:
    a, b = two_tenants
    async with clean_db.connect() as conn:
        tables = sorted(await tenant_tables(conn))
        before = {t: await owners(conn, t) for t in tables}
    for table in tables:
        col = column(table)
        attempts = {
            "move own row": [f'UPDATE "{table}" SET {col} = :b WHERE {col} = :a'],
            "copy own row": [
                f'CREATE TEMP TABLE copy ON COMMIT DROP AS SELECT * FROM "{table}" LIMIT 1',
                f"UPDATE copy SET {col} = :b",
                f'INSERT INTO "{table}" SELECT * FROM copy',
            ],
        }
        for attempt, (*setup, write) in attempts.items():
            async with tenant_uow(sql_container, a) as uow:
                for sql in setup:
                    await uow.session.execute(text(sql), {"b": b})
                with pytest.raises(DBAPIError) as refused:
                    await uow.session.execute(text(write), {"a": a, "b": b})
                message = str(refused.value.orig)
                assert any(r in message for r in REFUSED), (table, attempt, message)
    async with clean_db.connect() as conn:
        assert {t: await owners(conn, t) for t in tables} == before


def test_the_platform_unit_of_work_holds_only_the_named_platform_repositories() -> None:
    """Only the named platform repositories open the unit of work that the policies let
    through; a repository bound to a tenant id lives in the tenant one."""
    platform = SqlaPlatformUnitOfWork(cast(async_sessionmaker[AsyncSession], None))
    platform._bind(cast(AsyncSession, None))
    repositories = {k: v for k, v in vars(platform).items() if not k.startswith("_")}
    port = {n for n, v in vars(PlatformUnitOfWork).items() if isinstance(v, property)}
    assert set(repositories) == port
    tenant_bound = [
        k for k, v in repositories.items() if "tenant_id" in inspect.signature(type(v)).parameters
    ]
    assert tenant_bound == []


# --- a non-superuser owner -----------------------------------------------------------


@pytest.fixture
async def owner_database() -> AsyncIterator[str]:
    """A database migrated by a non-superuser role that owns it (as in production),
    which a superuser let switch to the tenant role."""
    base = server_url()
    owner = f"fleet_owner_{uuid.uuid4().hex[:8]}"
    name = f"fleet_rls_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f"CREATE ROLE {owner} LOGIN"))
            # what the migration's error hint asks a superuser to do once
            await conn.execute(text(tenant_role_sql(TENANT_ROLE)))
            await conn.execute(text(f"GRANT {TENANT_ROLE} TO {owner}"))
            await conn.execute(text(f'CREATE DATABASE "{name}" OWNER {owner}'))
        url = with_database(base, name)
        yield make_url(url).set(username=owner).render_as_string(hide_password=False)
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
    finally:
        await admin.dispose()


async def test_a_non_superuser_owner_is_held_by_the_policies_too(owner_database: str) -> None:
    await migrate_async(owner_database)
    engine = make_engine(owner_database, pool_size=2, max_overflow=0)
    uows = SqlaUnitOfWorkFactory(make_sessionmaker(engine))
    try:
        async with engine.begin() as conn:
            superuser = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            assert (await conn.execute(text(superuser))).scalar() is False
            ids = []
            for n in (1, 2):
                row = await conn.execute(
                    text(
                        "INSERT INTO bots (name, telegram_bot_id, username, "
                        "telegram_token_sealed, api_token_hash) "
                        "VALUES ('x', :n, 'x', '\\x00', :h) RETURNING id"
                    ),
                    {"n": n, "h": f"h{n}"},
                )
                ids.append(TenantId(row.scalar_one()))
        now = datetime.now(UTC)
        for i, tenant_id in enumerate(ids):
            async with uows.for_tenant(tenant_id) as uow:
                await uow.plans.add(PlanTerms(name=f"P{i}", period_days=30, price=100), now)
                await uow.commit()
        async with uows.for_tenant(ids[0]) as uow:
            conn = await uow.session.connection()
            assert await owners(conn, "bot_plans") == [ids[0]]
            assert await owners(conn, "bots") == [ids[0]]
        async with uows.platform() as platform:
            assert {t.id for t in (await platform.tenants.list(limit=10, offset=0))[0]} == set(ids)
            conn = await platform.session.connection()
            assert await owners(conn, "bot_plans") == sorted(ids)
    finally:
        await engine.dispose()


async def test_concurrent_migrations_create_the_cluster_wide_role_once() -> None:
    """Several test sessions migrate their databases at once on one server: every one of
    them creating the role in its open transaction must succeed."""
    role = f"fleet_tenant_race_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(server_url(), pool_size=4, max_overflow=0)
    barrier = asyncio.Barrier(4)

    async def migrate_one() -> None:
        async with engine.begin() as conn:
            await barrier.wait()
            await conn.execute(text(tenant_role_sql(role)))

    try:
        await asyncio.wait_for(asyncio.gather(*(migrate_one() for _ in range(4))), 30)
        async with engine.connect() as conn:
            found = await conn.execute(
                text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": role}
            )
            assert found.scalar() == 1
    finally:
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        await engine.dispose()
