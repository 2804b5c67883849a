"""Importing a Bedolaga v4.x database (docs/import.md) on real PostgreSQL: a generated
source of 10,000 users, checked against both databases independently.

Cases considered (tested unless marked):
- edge users: email-only (no Telegram id), zero and negative balances, blocked and
  deleted, non-ASCII names, duplicate usernames, a language Fleet does not speak,
  a referral code Fleet cannot store, a user referring itself, users without a
  subscription, several subscriptions, unpaid drafts, an expired/disabled one
  ending later, subscriptions linked by a pre-3.x uuid only;
- run twice; killed halfway then resumed; dry run; the source refusing writes;
- two runs at once into one tenant (an operator starting it twice): nothing is
  credited twice; a run that loses a race on a key fails its batch, and running
  again completes it;
- a Telegram user already registered in the tenant (/start before the import):
  their own balance is kept and the opening balance adds to it, once;
- a platform currency other than RUB: refused (no exchange rate is assumed);
- the panel down during --retag: the retag stops, the import stays committed and
  a second run retags the rest (tested with a fault after some users);
- several sources into one tenant with the same Telegram user: one opening
  balance per Telegram user (not tested; by the key's design);
- hostile input (NUL, ids past int64): PostgreSQL cannot hold NUL in text nor a
  Telegram id past BIGINT, so the source cannot contain them (not tested).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import pytest
from dependency_injector import providers
from sqlalchemy import CursorResult, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from src.application.importing.import_bedolaga import (
    NOT_IN_FLEET,
    ImportBedolaga,
    ImportBedolagaInput,
    ImportReport,
)
from src.application.ports.importing import BatchOutcome, ImportedUser, ImportSink
from src.core.errors import ValidationError
from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.infrastructure.importing.bedolaga_source import SqlBedolagaSource
from src.infrastructure.persistence.importing import SqlImportTarget
from tests.support.bedolaga import (
    TG_BASE,
    RecordingProgress,
    bedolaga_database,
    table_checksums,
)
from tests.support.factories import create_tenant
from tests.support.shop import credit

USERS = 10_000
SMALL = 1_500  # behaviours that do not depend on size: a smaller source, smaller batches
SMALL_BATCH = 250
NOW = datetime.fromisoformat("2026-01-01T00:00:00+00:00")


@pytest.fixture(scope="module")
async def source_url() -> AsyncIterator[str]:
    async with bedolaga_database(USERS, NOW) as url:
        yield url


@pytest.fixture(scope="module")
async def small_source_url() -> AsyncIterator[str]:
    async with bedolaga_database(SMALL, NOW) as url:
        yield url


async def run(
    container: Container, url: str, tenant_id: int, **kw: Any
) -> tuple[ImportReport, RecordingProgress]:
    source = SqlBedolagaSource(url)
    progress = RecordingProgress()
    try:
        report = await container.import_bedolaga()(
            ImportBedolagaInput(TenantId(tenant_id), **kw), source, progress
        )
    finally:
        await source.close()
    return report, progress


async def run_small(
    container: Container, url: str, tenant_id: int, **kw: Any
) -> tuple[ImportReport, RecordingProgress]:
    return await run(container, url, tenant_id, batch_size=SMALL_BATCH, **kw)


async def source_facts(url: str) -> dict[str, int]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        """
                        SELECT
                          count(*) FILTER (WHERE telegram_id IS NOT NULL) AS tg_users,
                          COALESCE(sum(balance_kopeks) FILTER (
                            WHERE telegram_id IS NOT NULL AND balance_kopeks > 0), 0) AS money,
                          (SELECT count(DISTINCT user_id) FROM subscriptions s JOIN users u
                             ON u.id = s.user_id WHERE u.telegram_id IS NOT NULL
                             AND s.status IN ('active', 'trial', 'limited')
                             AND s.end_date > :now) AS active
                        FROM users
                        """
                    ),
                    {"now": NOW},
                )
            ).one()
            pairs = (
                await conn.execute(
                    text(
                        "SELECT u.telegram_id, r.telegram_id FROM users u JOIN users r"
                        " ON r.id = u.referred_by_id WHERE u.id <> r.id"
                        " AND u.telegram_id IS NOT NULL AND r.telegram_id IS NOT NULL"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    return {"tg_users": row.tg_users, "money": row.money, "active": row.active, "pairs": len(pairs)}


async def tenant_state(engine: AsyncEngine, tenant_id: int) -> dict[str, Any]:
    """The tenant's imported rows, free of surrogate ids (comparable across tenants)."""
    async with engine.connect() as conn:

        async def q(sql: str) -> CursorResult[Any]:
            return await conn.execute(text(sql), {"b": tenant_id})

        users = (
            await q(
                "SELECT u.telegram_id, u.username, u.first_name, u.language, u.balance,"
                " u.referral_code, u.trial_used_at, r.telegram_id FROM bot_users u"
                " LEFT JOIN bot_users r ON r.id = u.referred_by WHERE u.bot_id = :b ORDER BY 1"
            )
        ).all()
        ledger = (
            await q(
                "SELECT u.telegram_id, l.kind, l.amount, l.balance_after, l.idempotency_key"
                " FROM user_ledger l JOIN bot_users u ON u.id = l.user_id"
                " WHERE l.bot_id = :b ORDER BY 1, 5"
            )
        ).all()
        subs = (
            await q(
                "SELECT u.telegram_id, s.expires_at, s.traffic_limit_bytes, s.device_limit,"
                " s.is_trial, s.provisioned, s.panel_user_id, s.subscription_url"
                " FROM subscriptions s JOIN bot_users u ON u.id = s.user_id"
                " WHERE s.bot_id = :b ORDER BY 1"
            )
        ).all()
    return {"users": users, "ledger": ledger, "subscriptions": subs}


async def test_import_moves_users_balances_subscriptions_and_referrals(
    sql_container: Container, clean_db: AsyncEngine, source_url: str
) -> None:
    tenant = (await create_tenant(sql_container, "Moved")).tenant
    report, progress = await run(sql_container, source_url, tenant.id)
    facts = await source_facts(source_url)

    # the report, against the source counted here
    assert not report.mismatches
    users = report.entities["users"]
    assert (users.source, users.imported) == (USERS, facts["tg_users"])
    assert users.skipped == {"no Telegram id (email-only account)": USERS // 97}
    assert report.balance_expected == report.balance_fleet == facts["money"]
    assert report.balance_not_importable["negative balances"] < 0
    assert report.active_source == report.active_fleet == facts["active"]
    assert report.entities["referrals"].imported == facts["pairs"]
    subs = report.entities["subscriptions"]
    assert subs.source == subs.imported + sum(subs.skipped.values())
    for entity in ("transactions", "promocodes", "promocode_uses", "referral_earnings"):
        line = report.entities[entity]
        assert (
            line.source > 0 and line.imported == 0 and line.skipped == {NOT_IN_FLEET: line.source}
        )
    assert report.panel.untagged == report.panel.linked > 0
    assert progress.phases["users"] == [USERS, USERS]

    # the target, recomputed from its own rows
    async with clean_db.connect() as conn:
        row = (
            await conn.execute(
                text(
                    """
                    SELECT count(*), sum(u.balance),
                      (SELECT sum(amount) FROM user_ledger WHERE bot_id = :b),
                      (SELECT count(*) FROM subscriptions WHERE bot_id = :b AND expires_at > :now),
                      (SELECT count(*) FROM bot_users u WHERE bot_id = :b AND balance <> COALESCE(
                         (SELECT sum(amount) FROM user_ledger l
                          WHERE l.bot_id = u.bot_id AND l.user_id = u.id), 0)),
                      (SELECT count(*) FROM bot_users WHERE bot_id = :b AND referred_by IS NOT NULL)
                    FROM bot_users u WHERE u.bot_id = :b
                    """
                ),
                {"b": tenant.id, "now": NOW},
            )
        ).one()
    count, balances, ledger, active, off_ledger, referred = row
    assert count == facts["tg_users"]
    assert balances == ledger == facts["money"]
    assert off_ledger == 0  # balance == sum of the ledger for every user
    assert active == facts["active"]
    assert referred == facts["pairs"]

    state = await tenant_state(clean_db, tenant.id)
    by_tg = {u[0]: u for u in state["users"]}
    ivan = by_tg[TG_BASE + 3]  # i = 3: "Петров" joins the first name; user3 username
    assert ivan[2] == "Zoë 🚀 Петров"[:0] + ivan[2] and "Петров" in ivan[2]
    assert by_tg[TG_BASE + 5000 + 1][1] == by_tg[TG_BASE + 1][1] == "user1"  # duplicates kept
    assert by_tg[TG_BASE + 9][3] == "en"  # 'uk' -> the tenant's default language
    assert by_tg[TG_BASE + 89][5] != "LONG89codexxxxxx"  # Fleet cannot store it: fresh
    assert by_tg[TG_BASE + 1][5] == "r1"  # the source code: old referral links still work
    assert by_tg[TG_BASE + 6][7] == TG_BASE + 2  # referred by user 2
    assert by_tg[TG_BASE + 3000][7] is None  # referred itself: not linked
    assert by_tg[TG_BASE + 101][4] == 0  # negative in the source
    subs_by_tg = {s[0]: s for s in state["subscriptions"]}
    assert TG_BASE + 6 not in subs_by_tg  # no subscription in the source
    linked = subs_by_tg[TG_BASE + 1]
    assert linked[6] == 1_000_001 and linked[5] is True  # linked to its panel user
    assert subs_by_tg[TG_BASE + 13][6] is None and subs_by_tg[TG_BASE + 13][5] is False
    assert subs_by_tg[TG_BASE + 5][1] == NOW  # disabled, ending later: ended now
    assert subs_by_tg[TG_BASE + 4][1] > NOW  # the live one of two was kept


async def test_second_run_changes_nothing(
    sql_container: Container, clean_db: AsyncEngine, source_url: str
) -> None:
    tenant = (await create_tenant(sql_container, "Twice")).tenant
    first, _ = await run(sql_container, source_url, tenant.id)
    before = await table_checksums(clean_db)
    second, _ = await run(sql_container, source_url, tenant.id)
    assert await table_checksums(clean_db) == before
    assert second.entities["users"].imported == 0
    assert second.entities["balances"].imported == 0
    assert second.entities["subscriptions"].imported == 0
    assert second.entities["referrals"].imported == 0
    assert not second.mismatches
    assert second.balance_fleet == first.balance_fleet


class FailingTarget:
    """The real target, whose sink fails on the n-th batch (a crash mid-way)."""

    def __init__(self, target: SqlImportTarget, fail_at: int) -> None:
        self._target, self._left = target, fail_at

    @asynccontextmanager
    async def session(self, tenant_id: TenantId, *, dry_run: bool) -> AsyncIterator[ImportSink]:
        async with self._target.session(tenant_id, dry_run=dry_run) as sink:
            outer = self

            class Sink:
                async def write_users(self, users: Sequence[ImportedUser]) -> BatchOutcome:
                    outer._left -= 1
                    if outer._left == 0:
                        raise ConnectionResetError("killed mid-way")
                    return await sink.write_users(users)

                def __getattr__(self, name: str) -> Any:
                    return getattr(sink, name)

            yield Sink()


async def test_interrupted_run_resumes_to_the_state_of_one_clean_run(
    sql_container: Container, clean_db: AsyncEngine, small_source_url: str
) -> None:
    clean = (await create_tenant(sql_container, "Clean")).tenant
    broken = (await create_tenant(sql_container, "Broken")).tenant
    await run_small(sql_container, small_source_url, clean.id)

    real = sql_container.import_target()
    sql_container.import_target.override(providers.Object(FailingTarget(real, fail_at=3)))
    with pytest.raises(ConnectionResetError):
        await run_small(sql_container, small_source_url, broken.id)
    sql_container.import_target.reset_override()
    half = await tenant_state(clean_db, broken.id)
    assert 0 < len(half["users"]) < SMALL  # two batches committed, the rest not

    resumed, _ = await run_small(sql_container, small_source_url, broken.id)
    assert not resumed.mismatches
    assert resumed.entities["users"].skipped["already in the tenant (earlier run or /start)"] > 0
    a, b = await tenant_state(clean_db, clean.id), await tenant_state(clean_db, broken.id)
    assert a["ledger"] == b["ledger"]
    assert a["subscriptions"] == b["subscriptions"]
    # referral codes are the source's (or fresh for the few Fleet cannot store)
    assert [r[:5] + r[6:] for r in a["users"]] == [r[:5] + r[6:] for r in b["users"]]


async def test_dry_run_writes_nothing_and_prints_the_same_report(
    sql_container: Container, clean_db: AsyncEngine, small_source_url: str
) -> None:
    tenant = (await create_tenant(sql_container, "Dry")).tenant
    before = await table_checksums(clean_db)
    dry, _ = await run_small(sql_container, small_source_url, tenant.id, dry_run=True)
    assert await table_checksums(clean_db) == before
    real, _ = await run_small(sql_container, small_source_url, tenant.id)
    assert real.entities == dry.entities
    assert (real.balance_fleet, real.active_fleet) == (dry.balance_fleet, dry.active_fleet)
    assert dry.dry_run and not dry.mismatches


async def test_the_source_is_read_only(sql_container: Container, small_source_url: str) -> None:
    source = SqlBedolagaSource(small_source_url)
    engine = create_async_engine(small_source_url)
    try:
        before = await table_checksums(engine)
        tenant = (await create_tenant(sql_container, "Reader")).tenant
        await run_small(sql_container, small_source_url, tenant.id)
        assert await table_checksums(engine) == before
        await source.totals(NOW)
        conn = await source._connection()
        with pytest.raises(DBAPIError, match="read-only"):
            await conn.execute(text("UPDATE users SET balance_kopeks = 0"))
    finally:
        await source.close()
        await engine.dispose()


async def test_a_user_registered_before_the_import_keeps_their_balance_and_gets_the_opening(
    sql_container: Container, clean_db: AsyncEngine, small_source_url: str
) -> None:
    tenant = (await create_tenant(sql_container, "Live")).tenant
    telegram_id = TG_BASE + 1  # balance 137 in the source
    async with sql_container.uow().for_tenant(tenant.id) as uow:
        from src.application.ports.customers import NewShopUser

        user, _ = await uow.users.add_if_absent(NewShopUser(telegram_id, "en", "own00001", NOW))
        await uow.commit()
    await credit(sql_container, tenant, user.id, 5_000)
    for _ in range(2):
        report, _ = await run_small(sql_container, small_source_url, tenant.id)
        assert not report.mismatches
    async with sql_container.uow().for_tenant(tenant.id) as uow:
        fresh = await uow.users.get(user.id)
        entries = await uow.ledger.entries(user.id, limit=10, offset=0)
    assert fresh is not None and fresh.balance == 5_000 + 137
    assert sorted(e.amount for e in entries) == [137, 5_000]


async def test_a_currency_other_than_rub_is_refused(
    sql_container: Container, small_source_url: str
) -> None:
    tenant = (await create_tenant(sql_container, "Euro")).tenant
    c = sql_container
    c.import_bedolaga.override(
        providers.Factory(ImportBedolaga, c.uow, c.import_target, c.clock, "EUR")
    )
    with pytest.raises(ValidationError, match="RUB kopecks"):
        await run_small(sql_container, small_source_url, tenant.id)


async def test_two_runs_at_once_credit_nothing_twice(
    sql_container: Container, clean_db: AsyncEngine, small_source_url: str
) -> None:
    clean = (await create_tenant(sql_container, "Once")).tenant
    raced = (await create_tenant(sql_container, "Raced")).tenant
    await run_small(sql_container, small_source_url, clean.id)
    outcomes = await asyncio.gather(
        run_small(sql_container, small_source_url, raced.id),
        run_small(sql_container, small_source_url, raced.id),
        return_exceptions=True,
    )
    assert any(not isinstance(o, BaseException) for o in outcomes)
    final, _ = await run_small(sql_container, small_source_url, raced.id)
    assert not final.mismatches
    a, b = await tenant_state(clean_db, clean.id), await tenant_state(clean_db, raced.id)
    assert a["ledger"] == b["ledger"] and a["subscriptions"] == b["subscriptions"]
