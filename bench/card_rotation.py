"""Card selections/s per rotation strategy and card-payment approvals/s on PostgreSQL.

One tenant with 20 active cards; 50 concurrent requests (asyncio tasks over one
engine pool of 50 connections) run SelectPaymentCard, the use case the bot calls,
each selection a transaction that locks the tenant's rotation row. The round_robin
run is checked for the strict guarantee (the committed sequence is a perfect
cycle). Then 1,000 pending payments are approved by 50 concurrent admins through
DecideCardPayment (conditional update + ledger credit + card counter per payment).
Target (issue 4): >= 500 selections/s with the strict round_robin guarantee kept.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

from dependency_injector import providers

from bench.common import percentile, scratch_database
from src.application.payments.batches import TenantBatches
from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.application.payments.select_card import SelectedCard
from src.application.ports.card_payments import NewCardPayment
from src.application.ports.customers import NewShopUser
from src.application.ports.tenants import NewTenant
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.core.ids import PaymentCardId, TenantId
from src.core.payments.card import CardDetails
from src.core.payments.card_payment import Receipt, new_offer_key, new_tracking_number
from src.core.tenancy.config import ROTATION_STRATEGIES
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.messaging import InMemoryUserMessenger
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from src.infrastructure.persistence.engine import make_engine
from src.infrastructure.settings import load_settings
from src.interfaces.composition import compose
from tests.support.top_ups import card_numbers

CARDS, CONCURRENCY, SELECTIONS, PAYMENTS = 20, 50, 3_000, 1_000
ADMIN = 42


async def main() -> None:
    logging.disable(logging.WARNING)
    settings = load_settings(
        {"FLEET_DATA_DIR": str(Path(mkdtemp())), "FLEET_SECRET_KEY": "bench-secret-" + "b" * 32}
    )
    async with scratch_database("fleet_bench") as url:
        await migrate_async(url)
        engine = make_engine(url, pool_size=CONCURRENCY, max_overflow=0)
        container = compose(settings=settings, database_url=url)
        container.engine.override(providers.Object(engine))
        container.clock.override(providers.Object(FrozenClock()))
        container.rotation_random.override(providers.Object(random.Random(7)))
        container.receipt_desk.override(providers.Object(InMemoryReceiptDesk()))
        container.messenger.override(providers.Object(InMemoryUserMessenger()))
        tenant_id, cards = await _seed(container)
        print(
            f"cards={CARDS} concurrency={CONCURRENCY} selections/strategy={SELECTIONS} "
            f"(pool of {CONCURRENCY} connections, one process)"
        )
        for strategy in ROTATION_STRATEGIES:
            await _selections(container, tenant_id, cards, strategy)
        # for comparison: no group commit, one transaction (and row lock turn) per selection
        container.card_selection_batches.override(providers.Object(TenantBatches(max_batch=1)))
        await _selections(container, tenant_id, cards, "round_robin", " (1 tx each)")
        await _approvals(container, tenant_id, cards)
        await engine.dispose()


async def _run(
    total: int, call: Callable[[int], Awaitable[Any]]
) -> tuple[list[Any], float, list[float]]:
    """`total` calls by CONCURRENCY workers; results, seconds, per-call latencies."""
    queue = iter(range(total))
    results: list[Any] = []
    latencies: list[float] = []

    async def worker() -> None:
        for i in queue:
            began = time.perf_counter()
            results.append(await call(i))
            latencies.append(time.perf_counter() - began)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return results, time.perf_counter() - start, latencies


async def _selections(
    container: Container,
    tenant_id: TenantId,
    cards: list[PaymentCardId],
    strategy: str,
    label: str = "",
) -> None:
    set_config = container.set_config_value()
    await set_config(SetConfigInput(tenant_id, "card_rotation_strategy", strategy, True))
    select = container.select_payment_card()
    await _run(200, lambda _: select(tenant_id))  # warm-up: connections, statement cache
    picks, seconds, latencies = await _run(SELECTIONS, lambda _: select(tenant_id))
    line = (
        f"{strategy + label:<25}: {SELECTIONS / seconds:8,.0f} selections/s   "
        f"p50 {percentile(latencies, 50) * 1e3:6.1f} ms   "
        f"p99 {percentile(latencies, 99) * 1e3:6.1f} ms"
    )
    if strategy == "round_robin":  # the committed sequence, ordered by cursor
        line += "   strict cycle: " + ("kept" if _perfect_cycle(picks, cards) else "BROKEN")
    print(line)


def _perfect_cycle(picks: list[SelectedCard], cards: list[PaymentCardId]) -> bool:
    sequence = sorted(picks, key=lambda p: p.cursor)
    cursors = [p.cursor for p in sequence]
    if cursors != list(range(cursors[0], cursors[0] + len(cursors))):
        return False
    first = cards.index(sequence[0].card.id)
    return all(p.card.id == cards[(first + i) % len(cards)] for i, p in enumerate(sequence))


async def _approvals(container: Container, tenant_id: TenantId, cards: list[PaymentCardId]) -> None:
    payment_ids = await _pending(container, tenant_id, cards)
    decide = container.decide_card_payment()
    admin = Decider(telegram_id=ADMIN)
    results, seconds, latencies = await _run(
        PAYMENTS,
        lambda i: decide(DecisionInput(tenant_id, payment_ids[i], True, admin)),
    )
    async with container.uow().for_tenant(tenant_id) as uow:
        credited = sum(card.success_count for card in await uow.cards.list())
    print(
        f"{'approvals':<25}: {PAYMENTS / seconds:8,.0f} approvals/s    "
        f"p50 {percentile(latencies, 50) * 1e3:6.1f} ms   "
        f"p99 {percentile(latencies, 99) * 1e3:6.1f} ms   "
        f"({len(results)} of {PAYMENTS} pending approved, {credited} credits counted)"
    )


async def _pending(
    container: Container, tenant_id: TenantId, cards: list[PaymentCardId]
) -> list[int]:
    now = container.clock().now()
    ids: list[int] = []
    async with container.uow().for_tenant(tenant_id) as uow:
        for i in range(PAYMENTS):
            user, _ = await uow.users.add_if_absent(
                NewShopUser(
                    telegram_id=10_000 + i, language="en", referral_code=f"b{i:07d}", now=now
                )
            )
            payment = await uow.card_payments.add(
                NewCardPayment(
                    user_id=user.id,
                    card_id=cards[i % len(cards)],
                    card_masked="6037 **** **** 0000",
                    amount=50_000,
                    tracking_number=new_tracking_number(),
                    receipt=Receipt(f"ref {i}"),
                    plan_id=None,
                    now=now,
                    expires_at=now + timedelta(hours=24),
                    offer_key=new_offer_key(),
                )
            )
            assert payment is not None
            ids.append(payment.id)
        await uow.commit()
    return ids


async def _seed(container: Container) -> tuple[TenantId, list[PaymentCardId]]:
    now = container.clock().now()
    async with container.uow().platform() as uow:
        tenant = await uow.tenants.add(
            NewTenant(
                name="Bench cards",
                telegram_bot_id=8_000_001,
                username="bench_cards_bot",
                telegram_token_sealed=b"x",
                api_token_hash="c" * 64,
                is_master=False,
                default_language="en",
                support_username=None,
                admin_chat=None,
                admin_ids=(ADMIN,),
                created_by="bench",
                now=now,
            )
        )
        await uow.commit()
    async with container.uow().for_tenant(tenant.id) as tuow:
        cards = [
            (await tuow.cards.add(number, CardDetails(f"Holder {i}", 1 + i % 5), now)).id
            for i, number in enumerate(card_numbers(CARDS))
        ]
        await tuow.commit()
    await container.set_feature()(SetFeatureInput(tenant.id, "card_to_card", True))
    return tenant.id, cards
