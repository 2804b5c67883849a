"""round_robin across processes (PRODUCT 5.2): two containers with their own engines and
caches (as two `fleet serve` processes) select cards for one tenant 50 times at once;
the selections form one sequence, and that sequence is a perfect cycle."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.payments.batches import TenantBatches
from src.application.payments.select_card import SelectedCard
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.persistence.engine import make_engine
from src.infrastructure.settings import Settings
from src.interfaces.composition import compose
from tests.support.factories import create_tenant
from tests.support.top_ups import add_cards

pytestmark = pytest.mark.integration
SELECTIONS, CARDS = 50, 7


@pytest.fixture(params=[1, 64], ids=["a-transaction-each", "batched"])
async def processes(
    request: pytest.FixtureRequest,
    settings: Settings,
    clock: FrozenClock,
    database_url: str,
    clean_db: AsyncEngine,
) -> AsyncIterator[list[Container]]:
    """Two containers; max_batch 1 makes every selection its own transaction, so only
    the row lock keeps the order; 64 is the default group commit."""
    engines = [make_engine(database_url, pool_size=25, max_overflow=0) for _ in range(2)]
    containers = []
    for engine in engines:
        container = compose(settings=settings, database_url=database_url)
        container.engine.override(providers.Object(engine))
        container.clock.override(providers.Object(clock))
        container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
        container.card_selection_batches.override(
            providers.Singleton(TenantBatches, max_batch=request.param)
        )
        containers.append(container)
    yield containers
    for engine in engines:
        await engine.dispose()


async def test_round_robin_is_a_perfect_cycle_under_50_concurrent_selections(
    processes: list[Container],
) -> None:
    one, two = processes
    tenant = (await create_tenant(one, "Rotation")).tenant
    cards = [card.id for card in await add_cards(one, tenant.id, CARDS)]

    async def select(i: int) -> SelectedCard:
        return await processes[i % 2].select_payment_card()(tenant.id)

    picks = await asyncio.gather(*(select(i) for i in range(SELECTIONS)))
    sequence = sorted(picks, key=lambda p: p.cursor)
    assert [p.cursor for p in sequence] == list(range(1, SELECTIONS + 1))  # one sequence
    assert [p.card.id for p in sequence] == [cards[i % CARDS] for i in range(SELECTIONS)]
    assert all(a.card.id != b.card.id for a, b in itertools.pairwise(sequence))
    counts = Counter(p.card.id for p in picks)
    assert max(counts.values()) - min(counts.values()) <= 1
    # both processes really took part
    assert (await two.select_payment_card()(tenant.id)).cursor == SELECTIONS + 1
