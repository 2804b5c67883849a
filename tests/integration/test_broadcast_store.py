"""The broadcast store and the delivery lease on PostgreSQL (docs/broadcasts.md).

Cases considered: two workers claiming the same broadcast at the same moment (no
recipient handed to both: SKIP LOCKED); a worker that dies after claiming (its batch
becomes IN_DOUBT on recovery and is never handed out again, the rest is delivered and
the broadcast finishes); two processes asking for the lease (one holder; asking again
is idempotent; released, the other takes it); another tenant reading or cancelling the
broadcast (not found, nothing changes); a cancel pressed twice (one audit row).
Not applicable: money (a broadcast moves none).
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.core.audit import AuditRecord
from src.core.broadcasts import BroadcastMessage, BroadcastStatus, Recipient, RecipientState
from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.infrastructure.persistence.broadcasts import PgDeliveryLease, SqlaBroadcastStore
from tests.support.factories import create_tenant

pytestmark = pytest.mark.integration


async def _broadcast(c: Container, tenant: TenantId, n: int) -> tuple[SqlaBroadcastStore, int]:
    store: SqlaBroadcastStore = c.broadcast_store()
    recipients = [Recipient(tenant, 1_000 + i) for i in range(n)]
    audit = AuditRecord(tenant, "tg:1", "broadcast.start", "broadcast")
    created = await store.create(tenant, BroadcastMessage("hi"), recipients, None, audit)
    return store, created.id


async def test_two_workers_claiming_at_once_never_share_a_recipient(
    sql_container: Container,
) -> None:
    tenant = (await create_tenant(sql_container, "Alpha")).tenant.id
    store, broadcast_id = await _broadcast(sql_container, tenant, 200)
    seen: list[int] = []

    async def worker() -> None:
        while batch := await store.claim(broadcast_id, 7):
            seen.extend(c.seq for c in batch)

    await asyncio.gather(*(worker() for _ in range(4)))
    assert sorted(seen) == list(range(200))  # each once, none lost


async def test_a_dead_workers_batch_is_in_doubt_and_never_resent(
    sql_container: Container,
) -> None:
    tenant = (await create_tenant(sql_container, "Alpha")).tenant.id
    store, broadcast_id = await _broadcast(sql_container, tenant, 25)
    lost = await store.claim(broadcast_id, 10)  # then the worker dies
    assert await store.recover() == 10
    assert await store.recover() == 0  # a second recovery finds nothing
    rest = await store.claim(broadcast_id, 100)
    assert {c.seq for c in rest}.isdisjoint(c.seq for c in lost)
    final = await store.record(broadcast_id, [(c, RecipientState.SENT) for c in rest], [])
    assert (final.status, final.sent) == (BroadcastStatus.DONE, 15)


async def test_one_lease_holder_at_a_time(clean_db: AsyncEngine) -> None:
    first, second = PgDeliveryLease(clean_db), PgDeliveryLease(clean_db)
    assert await first.acquire()
    assert await first.acquire()  # asking again while holding: still the holder
    assert not await second.acquire()
    await first.release()
    assert await second.acquire()
    await second.release()


async def test_another_tenant_cannot_read_or_cancel_it(sql_container: Container) -> None:
    alpha = (await create_tenant(sql_container, "Alpha")).tenant.id
    beta = (await create_tenant(sql_container, "Beta")).tenant.id
    store, broadcast_id = await _broadcast(sql_container, alpha, 3)
    audit = AuditRecord(beta, "tg:2", "broadcast.cancel", f"broadcast:{broadcast_id}")
    assert await store.get(beta, broadcast_id) is None
    assert await store.cancel(beta, broadcast_id, audit) is None
    mine = await store.get(alpha, broadcast_id)
    assert mine is not None and mine.running


async def test_a_cancel_pressed_twice_is_recorded_once(
    sql_container: Container, clean_db: AsyncEngine
) -> None:
    tenant = (await create_tenant(sql_container, "Alpha")).tenant.id
    store, broadcast_id = await _broadcast(sql_container, tenant, 3)
    audit = AuditRecord(tenant, "tg:1", "broadcast.cancel", f"broadcast:{broadcast_id}")
    twice = await asyncio.gather(*(store.cancel(tenant, broadcast_id, audit) for _ in range(2)))
    assert all(b is not None and b.status is BroadcastStatus.CANCELLED for b in twice)
    assert [b.id for b in await store.running()] == []
    async with clean_db.connect() as conn:
        rows = await conn.scalar(
            text("SELECT count(*) FROM audit_log WHERE action = 'broadcast.cancel'")
        )
    assert rows == 1
