"""One tenant as the target of an import (`ImportTarget`, docs/import.md).

Set-based statements over arrays (`unnest`), a few per batch whatever its size.
Every write is keyed so that repeating it changes nothing: users by
(bot_id, telegram_id), opening ledger rows by (bot_id, idempotency_key),
subscriptions by (bot_id, user_id).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.ports.importing import BatchOutcome, ImportedUser, Measured
from src.core.ids import TenantId
from src.core.shop.ledger import LedgerKind
from src.core.shop.user import new_referral_code
from src.infrastructure.persistence.keyset import keyset_pages
from src.infrastructure.persistence.rls import tenant_session_info

OPENING_REFERENCE = "opening balance imported from Bedolaga"
MAX_URL = 500  # subscriptions.subscription_url

# Lookups join the batch's array to the unique indexes (a nested loop of index probes
# whatever the statistics of tables that grow during the import say).
_TAKEN_CODES = text(
    "SELECT u.referral_code FROM unnest(CAST(:codes AS text[])) AS c(code)"
    " JOIN bot_users u ON u.bot_id = :b AND u.referral_code = c.code"
)
_INSERT_USERS = text(
    """
    INSERT INTO bot_users (bot_id, telegram_id, language, username, first_name, balance,
                           referral_code, trial_used_at, created_at)
    SELECT :b, v.* FROM unnest(
        CAST(:tg AS bigint[]), CAST(:lang AS text[]), CAST(:username AS text[]),
        CAST(:first_name AS text[]), CAST(:balance AS bigint[]), CAST(:code AS text[]),
        CAST(:trial AS timestamptz[]), CAST(:created AS timestamptz[])) AS v
    ON CONFLICT (bot_id, telegram_id) DO NOTHING
    RETURNING telegram_id
    """
)
_IDS = text(
    "SELECT u.telegram_id, u.id FROM unnest(CAST(:tg AS bigint[])) AS t(tg)"
    " JOIN bot_users u ON u.bot_id = :b AND u.telegram_id = t.tg"
)
_POSTED_KEYS = text(
    "SELECT l.idempotency_key FROM unnest(CAST(:keys AS text[])) AS k(key)"
    " JOIN user_ledger l ON l.bot_id = :b AND l.idempotency_key = k.key"
)
_ADD_BALANCE = text(
    """
    UPDATE bot_users u SET balance = u.balance + v.amount
    FROM unnest(CAST(:ids AS bigint[]), CAST(:amounts AS bigint[])) AS v(id, amount)
    WHERE u.bot_id = :b AND u.id = v.id
    RETURNING u.id, u.balance
    """
)
_INSERT_LEDGER = text(
    """
    INSERT INTO user_ledger (bot_id, user_id, kind, amount, balance_after, reference,
                             idempotency_key, created_at)
    SELECT :b, v.user_id, :kind, v.amount, v.after, :reference, v.key, now() FROM unnest(
        CAST(:ids AS bigint[]), CAST(:amounts AS bigint[]), CAST(:afters AS bigint[]),
        CAST(:keys AS text[])) AS v(user_id, amount, after, key)
    """
)
_INSERT_SUBSCRIPTIONS = text(
    """
    INSERT INTO subscriptions (bot_id, user_id, expires_at, traffic_limit_bytes, device_limit,
                               is_trial, provisioned, panel_user_id, subscription_url)
    SELECT :b, v.user_id, v.expires_at, v.traffic, v.devices, v.trial,
           v.panel_user_id IS NOT NULL, v.panel_user_id, v.url FROM unnest(
        CAST(:ids AS bigint[]), CAST(:expires AS timestamptz[]), CAST(:traffic AS bigint[]),
        CAST(:devices AS integer[]), CAST(:trial AS boolean[]), CAST(:panel AS bigint[]),
        CAST(:url AS text[])) AS v(user_id, expires_at, traffic, devices, trial, panel_user_id, url)
    ON CONFLICT (bot_id, user_id) DO NOTHING
    RETURNING user_id
    """
)
_LINK_REFERRALS = text(
    """
    UPDATE bot_users u SET referred_by = r.id
    FROM unnest(CAST(:tg AS bigint[]), CAST(:ref AS bigint[])) AS v(tg, ref)
    JOIN bot_users r ON r.bot_id = :b AND r.telegram_id = v.ref
    WHERE u.bot_id = :b AND u.telegram_id = v.tg AND u.referred_by IS NULL AND r.id <> u.id
    """
)
_MEASURE = text(
    """
    SELECT
      (SELECT COALESCE(sum(l.amount), 0) FROM unnest(CAST(:keys AS text[])) AS k(key)
        JOIN user_ledger l ON l.bot_id = :b AND l.idempotency_key = k.key) AS balance_sum,
      count(*) FILTER (WHERE s.expires_at > :now) AS active,
      count(s.panel_user_id) AS linked
    FROM unnest(CAST(:tg AS bigint[])) AS t(tg)
    JOIN bot_users u ON u.bot_id = :b AND u.telegram_id = t.tg
    JOIN subscriptions s ON s.bot_id = u.bot_id AND s.user_id = u.id
    """
)
_LINKED = text(
    """
    SELECT id, panel_user_id FROM subscriptions
    WHERE bot_id = :b AND panel_user_id IS NOT NULL AND id > :after ORDER BY id LIMIT :n
    """
)


class SqlImportSink:
    def __init__(self, session: AsyncSession, tenant_id: TenantId, *, dry_run: bool) -> None:
        self._s, self._b, self._dry_run = session, tenant_id, dry_run

    async def _commit(self) -> None:
        if not self._dry_run:
            await self._s.commit()

    async def _run(self, statement: Any, **params: Any) -> Any:
        return await self._s.execute(statement, {"b": self._b, **params})

    async def write_users(self, users: Sequence[ImportedUser]) -> BatchOutcome:
        codes = [u.referral_code for u in users if u.referral_code]
        taken = set((await self._run(_TAKEN_CODES, codes=codes)).scalars())
        created = set(
            (
                await self._run(
                    _INSERT_USERS,
                    tg=[u.telegram_id for u in users],
                    lang=[u.language for u in users],
                    username=[u.username for u in users],
                    first_name=[u.first_name for u in users],
                    balance=[u.balance for u in users],
                    code=[
                        u.referral_code
                        if u.referral_code and u.referral_code not in taken
                        else new_referral_code()
                        for u in users
                    ],
                    trial=[u.trial_used_at for u in users],
                    created=[u.created_at for u in users],
                )
            ).scalars()
        )
        ids: dict[int, int] = dict((await self._run(_IDS, tg=[u.telegram_id for u in users])).all())
        posted, posted_sum = await self._post_openings(users, ids, created)
        with_subs = [u for u in users if u.subscription is not None]
        subs_created = await self._insert_subscriptions(with_subs, ids)
        await self._commit()
        return BatchOutcome(
            users_created=len(created),
            users_present=len(users) - len(created),
            balances_posted=posted,
            balance_posted_sum=posted_sum,
            subscriptions_created=subs_created,
            subscriptions_present=len(with_subs) - subs_created,
        )

    async def _post_openings(
        self, users: Sequence[ImportedUser], ids: dict[int, int], created: set[int]
    ) -> tuple[int, int]:
        funded = [u for u in users if u.balance > 0]
        done = set((await self._run(_POSTED_KEYS, keys=[u.balance_key for u in funded])).scalars())
        todo = [u for u in funded if u.balance_key not in done]
        after = {ids[u.telegram_id]: u.balance for u in todo if u.telegram_id in created}
        present = [u for u in todo if u.telegram_id not in created]
        if present:  # a user the tenant had already: the opening balance adds to theirs
            moved = await self._run(
                _ADD_BALANCE,
                ids=[ids[u.telegram_id] for u in present],
                amounts=[u.balance for u in present],
            )
            after.update(moved.all())
        if todo:
            await self._run(
                _INSERT_LEDGER,
                kind=LedgerKind.ADJUSTMENT.value,
                reference=OPENING_REFERENCE,
                ids=[ids[u.telegram_id] for u in todo],
                amounts=[u.balance for u in todo],
                afters=[after[ids[u.telegram_id]] for u in todo],
                keys=[u.balance_key for u in todo],
            )
        return len(todo), sum(u.balance for u in todo)

    async def _insert_subscriptions(
        self, users: Sequence[ImportedUser], ids: dict[int, int]
    ) -> int:
        subs = [(ids[u.telegram_id], u.subscription) for u in users if u.subscription]
        if not subs:
            return 0
        result = await self._run(
            _INSERT_SUBSCRIPTIONS,
            ids=[user_id for user_id, _ in subs],
            expires=[s.expires_at for _, s in subs],
            traffic=[s.traffic_limit_bytes for _, s in subs],
            devices=[s.device_limit for _, s in subs],
            trial=[s.is_trial for _, s in subs],
            panel=[s.panel_user_id for _, s in subs],
            url=[
                s.subscription_url
                if s.subscription_url and len(s.subscription_url) <= MAX_URL
                else None
                for _, s in subs
            ],
        )
        return len(result.all())

    async def link_referrals(self, pairs: Sequence[tuple[int, int]]) -> int:
        if not pairs:
            return 0
        result: CursorResult[Any] = await self._run(
            _LINK_REFERRALS, tg=[p[0] for p in pairs], ref=[p[1] for p in pairs]
        )
        await self._commit()
        return result.rowcount

    async def measure(self, users: Sequence[ImportedUser], now: datetime) -> Measured:
        row = (
            await self._run(
                _MEASURE,
                keys=[u.balance_key for u in users if u.balance > 0],
                tg=[u.telegram_id for u in users],
                now=now,
            )
        ).one()
        return Measured(int(row.balance_sum), row.active, row.linked)

    async def linked_panel_users(self, batch_size: int) -> AsyncIterator[Sequence[int]]:
        async for rows in keyset_pages(self._s.execute, _LINKED, batch_size, b=self._b):
            yield [r.panel_user_id for r in rows]


class SqlImportTarget:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @asynccontextmanager
    async def session(self, tenant_id: TenantId, *, dry_run: bool) -> AsyncIterator[SqlImportSink]:
        # scoped like a tenant unit of work: RLS holds the import's statements too
        # (docs/decisions/0005-row-level-security.md)
        async with self._sessions(info=tenant_session_info(tenant_id)) as session:
            try:
                yield SqlImportSink(session, tenant_id, dry_run=dry_run)
            finally:
                await session.rollback()  # a dry run keeps nothing; a real one committed
