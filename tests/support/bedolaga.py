"""A Bedolaga v4.x source database for import tests and the benchmark.

The schema is tests/fixtures/bedolaga_schema.sql (written from the published
models); the data is generated in SQL (`generate_series`), so 100,000 users take
seconds. Every rule below is keyed on the user number `i`, so tests can count the
edge cases independently of the importer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from tests.support.db import scratch_database

SCHEMA = Path(__file__).parent.parent / "fixtures" / "bedolaga_schema.sql"
TG_BASE = 5_000_000
PANEL_BASE = 1_000_000

# Users: email-only every 97th (no Telegram id); duplicate usernames (i % 5000);
# non-ASCII names; blocked every 50th, deleted every 53rd; an unsupported language
# every 10th; balances zero every 11th, negative every 101st; a referral code each
# (one too long for Fleet every 89th); a referrer for every 3rd (itself every 1000th).
_USERS = """
INSERT INTO users (id, telegram_id, auth_type, email, username, first_name, last_name, status,
                   language, balance_kopeks, has_had_paid_subscription, referral_code,
                   created_at)
SELECT i,
       CASE WHEN i % 97 = 0 THEN NULL ELSE :tg + i END,
       CASE WHEN i % 97 = 0 THEN 'email' ELSE 'telegram' END,
       CASE WHEN i % 97 = 0 THEN 'u' || i || '@example.com' END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'user' || (i % 5000) END,
       (ARRAY['Иван', 'محمد', '李小龙', 'Zoë 🚀'])[i % 4 + 1],
       CASE WHEN i % 3 = 0 THEN 'Петров' END,
       CASE WHEN i % 50 = 0 THEN 'blocked' WHEN i % 53 = 0 THEN 'deleted' ELSE 'active' END,
       (ARRAY['ru', 'en', 'fa', 'ru', 'en', 'ru', 'ru', 'en', 'ru', 'uk'])[i % 10 + 1],
       CASE WHEN i % 11 = 0 THEN 0 WHEN i % 101 = 0 THEN -(i % 500) - 1
            ELSE (i * 137) % 100000 END,
       i % 5 < 2,
       CASE WHEN i % 89 = 0 THEN 'LONG' || i || 'codexxxxxx' ELSE 'r' || i END,
       CAST(:now AS timestamptz) - make_interval(days => i % 700)
FROM generate_series(1, :n) AS i
"""
_REFERRERS = """
UPDATE users SET referred_by_id = CASE WHEN id % 1000 = 0 THEN id ELSE id / 3 END
WHERE id % 3 = 0 AND id > 3
"""
# Subscriptions by i % 6: 0 none; 1 active; 2 trial; 3 expired; 4 active plus an
# older expired one; 5 disabled ending in the future. An unpaid draft every 17th.
# Linked to the panel user PANEL_BASE + i, except every 13th (a pre-3.x uuid only).
_SUBSCRIPTIONS = """
INSERT INTO subscriptions (user_id, status, is_trial, start_date, end_date, traffic_limit_gb,
                           device_limit, autopay_enabled, subscription_url, remnawave_id,
                           remnawave_uuid, remnawave_short_id, created_at)
SELECT i,
       (ARRAY['active', 'trial', 'expired', 'active', 'disabled'])[i % 6],
       i % 6 = 2,
       CAST(:now AS timestamptz) - interval '40 days',
       CAST(:now AS timestamptz)
         + make_interval(days => (ARRAY[1 + i % 60, 3, -10, 30, 5])[i % 6]),
       (ARRAY[0, 10, 50, 100, 200])[i % 5 + 1],
       1 + i % 3,
       i % 4 = 0,
       'https://sub.example.com/' || md5(i::text),
       CASE WHEN i % 13 = 0 THEN NULL ELSE :panel + i END,
       CASE WHEN i % 13 = 0 THEN md5(i::text)::uuid::text END,
       'a' || i,
       CAST(:now AS timestamptz) - interval '40 days'
FROM generate_series(1, :n) AS i WHERE i % 6 <> 0
UNION ALL
SELECT i, 'expired', false, CAST(:now AS timestamptz) - interval '400 days',
       CAST(:now AS timestamptz) - interval '300 days', 10, 1, false, NULL, NULL, NULL,
       'b' || i, CAST(:now AS timestamptz) - interval '400 days'
FROM generate_series(1, :n) AS i WHERE i % 6 = 4
UNION ALL
SELECT i, 'pending', true, CAST(:now AS timestamptz),
       CAST(:now AS timestamptz) + interval '3 days', 10, 1, false, NULL, NULL, NULL,
       'c' || i, CAST(:now AS timestamptz)
FROM generate_series(1, :n) AS i WHERE i % 17 = 0
"""
_HISTORY = [
    """INSERT INTO transactions (user_id, type, amount_kopeks, payment_method, external_id)
       SELECT i, 'deposit', 10000, 'yookassa', 'ext-' || i
       FROM generate_series(1, least(:n, 3000)) AS i""",
    """INSERT INTO promocodes (code, type, balance_bonus_kopeks)
       SELECT 'PROMO' || i, 'balance', 5000 FROM generate_series(1, 20) AS i""",
    """INSERT INTO promocode_uses (promocode_id, user_id)
       SELECT 1 + i % 20, i FROM generate_series(1, least(:n, 100)) AS i""",
    """INSERT INTO referral_earnings (user_id, referral_id, amount_kopeks, reason)
       SELECT i / 3, i, 1000, 'referral_first_topup'
       FROM generate_series(6, least(:n, 150), 3) AS i""",
]


async def fill_source(conn: AsyncConnection, users: int, now: datetime) -> None:
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    await driver.execute(SCHEMA.read_text())  # several statements: no binds
    params = {"n": users, "now": now, "tg": TG_BASE, "panel": PANEL_BASE}
    await conn.execute(text(_USERS), params)
    await conn.execute(text(_REFERRERS))
    await conn.execute(text(_SUBSCRIPTIONS), params)
    for statement in _HISTORY:
        await conn.execute(text(statement), {"n": users})
    await conn.execute(text("ANALYZE"))  # a running bot's database has its statistics


@asynccontextmanager
async def bedolaga_database(users: int, now: datetime) -> AsyncIterator[str]:
    """A scratch database holding a generated Bedolaga v4.x bot; yields its URL."""
    async with scratch_database("bedolaga_src") as url:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                await fill_source(conn, users, now)
        finally:
            await engine.dispose()
        yield url


async def table_checksums(engine: AsyncEngine) -> dict[str, tuple[int, str]]:
    """Row count and md5 of the sorted rows of every table in the public schema."""
    async with engine.connect() as conn:
        tables = (
            await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            )
        ).scalars()
        sums = {}
        for table in list(tables):
            rows = "string_agg(t::text, ',' ORDER BY t::text)"
            query = f"SELECT count(*), md5(COALESCE({rows}, '')) FROM \"{table}\" t"
            row = (await conn.execute(text(query))).one()
            sums[table] = (row[0], row[1])
        return sums


class RecordingProgress:
    """`Progress` that remembers each phase's total and how far it got."""

    def __init__(self) -> None:
        self.phases: dict[str, list[int]] = {}

    @asynccontextmanager
    async def phase(self, name: str, total: int) -> AsyncIterator[RecordingProgress]:
        self._current = self.phases.setdefault(name, [total, 0])
        yield self

    def advance(self, n: int) -> None:
        self._current[1] += n
