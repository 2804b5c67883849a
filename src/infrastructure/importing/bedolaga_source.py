"""The Bedolaga v4.x database as a read-only `BedolagaSource` (docs/import.md).

One connection, one REPEATABLE READ transaction: the totals and every streamed
batch see the same snapshot even while the old bot keeps running. The session is
`default_transaction_read_only`, so the server itself refuses any write.
Timestamps stored naive by databases older than Bedolaga's migration 0007 are
read as UTC, as Bedolaga's own `AwareDateTime` does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy import table as sql_table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from src.application.ports.importing import SourceSubscription, SourceTotals, SourceUser
from src.core.errors import ExternalServiceError
from src.infrastructure.persistence.keyset import keyset_pages

OPTIONAL_TABLES = ("transactions", "promocodes", "promocode_uses", "referral_earnings")

_USERS = text(
    """
    SELECT id, telegram_id, username, first_name, last_name,
           COALESCE(status, 'active') AS status, language,
           COALESCE(balance_kopeks, 0) AS balance_kopeks, referral_code,
           COALESCE(has_had_paid_subscription, false) AS paid,
           COALESCE(created_at, updated_at, now()) AS created_at
    FROM users WHERE id > :after ORDER BY id LIMIT :n
    """
)
_SUBSCRIPTIONS = text(
    """
    SELECT id, user_id, COALESCE(status, 'trial') AS status, COALESCE(is_trial, false) AS is_trial,
           end_date, COALESCE(traffic_limit_gb, 0) AS traffic_limit_gb,
           COALESCE(device_limit, 1) AS device_limit,
           COALESCE(autopay_enabled, false) AS autopay_enabled, subscription_url,
           remnawave_id, remnawave_uuid,
           COALESCE(created_at, start_date, end_date) AS created_at
    FROM unnest(CAST(:ids AS integer[])) AS b(user_id) JOIN subscriptions USING (user_id)
    ORDER BY id
    """
)
_REFERRALS = text(
    """
    SELECT u.id, u.telegram_id, r.telegram_id AS referrer
    FROM users u JOIN users r ON r.id = u.referred_by_id
    WHERE u.id > :after AND u.telegram_id IS NOT NULL AND r.telegram_id IS NOT NULL
    ORDER BY u.id LIMIT :n
    """
)
_TOTALS = text(
    """
    SELECT
      (SELECT count(*) FROM users) AS users,
      (SELECT count(*) FROM users WHERE COALESCE(balance_kopeks, 0) <> 0) AS with_balance,
      (SELECT COALESCE(sum(balance_kopeks), 0) FROM users) AS balance,
      (SELECT count(DISTINCT s.user_id) FROM subscriptions s JOIN users u ON u.id = s.user_id
        WHERE u.telegram_id IS NOT NULL AND s.end_date > :now
          AND s.status IN ('active', 'trial', 'limited')) AS active,
      (SELECT count(*) FROM subscriptions) AS subscriptions,
      (SELECT count(*) FROM users WHERE referred_by_id IS NOT NULL) AS referred
    """
)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def source_engine(url: str) -> AsyncEngine:
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+asyncpg://" + url.split("://", 1)[1]
    return create_async_engine(
        url,
        pool_size=1,
        max_overflow=0,
        connect_args={
            "server_settings": {
                "application_name": "fleet-import",
                "default_transaction_read_only": "on",
            }
        },
    )


class SqlBedolagaSource:
    def __init__(self, url: str) -> None:
        self._engine = source_engine(url)
        self._conn: AsyncConnection | None = None

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            try:
                conn = await self._engine.connect()
            except (OSError, DBAPIError) as exc:
                raise ExternalServiceError(
                    f"the source database cannot be opened: {exc.__class__.__name__}: "
                    f"{str(exc).splitlines()[0]}",
                    code="import_source_unavailable",
                ) from exc
            conn = await conn.execution_options(isolation_level="REPEATABLE READ")
            await conn.begin()
            await conn.execute(text("SET TRANSACTION READ ONLY"))
            self._conn = conn
        return self._conn

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None
        await self._engine.dispose()

    async def totals(self, now: datetime) -> SourceTotals:
        conn = await self._connection()
        row = (await conn.execute(_TOTALS, {"now": now})).one()
        optional = {}
        for table in OPTIONAL_TABLES:
            exists = (await conn.execute(text("SELECT to_regclass(:t)"), {"t": table})).scalar()
            optional[table] = (
                (
                    await conn.execute(select(func.count()).select_from(sql_table(table)))
                ).scalar_one()
                if exists
                else 0
            )
        return SourceTotals(
            users=row.users,
            users_with_balance=row.with_balance,
            balance_kopeks=int(row.balance),
            active_users=row.active,
            subscriptions=row.subscriptions,
            referred_users=row.referred,
            **optional,
        )

    async def users(self, batch_size: int) -> AsyncIterator[Sequence[SourceUser]]:
        conn = await self._connection()
        async for rows in keyset_pages(conn.execute, _USERS, batch_size):
            subs: dict[int, list[SourceSubscription]] = {}
            for s in await conn.execute(_SUBSCRIPTIONS, {"ids": [r.id for r in rows]}):
                subs.setdefault(s.user_id, []).append(_subscription(s))
            yield [_user(r, tuple(subs.get(r.id, ()))) for r in rows]

    async def referrals(self, batch_size: int) -> AsyncIterator[Sequence[tuple[int, int]]]:
        conn = await self._connection()
        async for rows in keyset_pages(conn.execute, _REFERRALS, batch_size):
            yield [(r.telegram_id, r.referrer) for r in rows]


def _subscription(s: Any) -> SourceSubscription:
    return SourceSubscription(
        id=s.id,
        status=s.status,
        is_trial=s.is_trial,
        end_date=_aware(s.end_date),
        traffic_limit_gb=s.traffic_limit_gb,
        device_limit=s.device_limit,
        autopay_enabled=s.autopay_enabled,
        subscription_url=s.subscription_url,
        remnawave_id=s.remnawave_id,
        remnawave_uuid=s.remnawave_uuid,
        created_at=_aware(s.created_at),
    )


def _user(r: Any, subscriptions: tuple[SourceSubscription, ...]) -> SourceUser:
    return SourceUser(
        id=r.id,
        telegram_id=r.telegram_id,
        username=r.username,
        first_name=r.first_name,
        last_name=r.last_name,
        status=r.status,
        language=r.language,
        balance_kopeks=r.balance_kopeks,
        referral_code=r.referral_code,
        has_had_paid_subscription=r.paid,
        created_at=_aware(r.created_at),
        subscriptions=subscriptions,
    )
