"""`GET /metrics` counts what the platform did: purchases by outcome, top-ups by
method and outcome (with credited minor units), billing runs and charged amounts
(docs/deployment.md, "Metrics"). Parsed with prometheus-client's own text parser.

Cases considered:
- a purchase that provisions, the same request again (repeated), a purchase the
  balance cannot pay (counted under its error code, nothing charged);
- a wallet top-up, and its replay under the same key (replayed, no credit counted);
- a billing run with traffic: one run, the charged minor units equal to the report's;
- card-to-card: started, receipt, approved (credited), rejected, and a second decision
  on a decided payment (counted under its error code, nothing credited twice);
- Telegram Stars: credited once, the same charge again counted as repeated;
- no label names a tenant (cardinality), whatever the tenant ids;
- runs in memory and once more on PostgreSQL (any_container).
Counters are process-wide: the test compares before and after.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families

from src.application.billing.top_up import TopUpInput
from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.application.payments.stars_top_up import StarsPayment
from src.application.shop.purchase_plan import PurchaseInput
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.update_tenant import UpdateTenantInput
from src.core.billing.settings import BillingModel
from src.core.errors import DomainError
from src.infrastructure.container import Container
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from src.interfaces.api.app import create_app
from tests.support.billing import billed_tenant, panel_user, use
from tests.support.shop import shop_world
from tests.support.top_ups import add_cards, enable, pending_payment

GIB = 1024**3
USER, POOR = 740_001, 740_002


async def scrape(container: Container) -> str:
    async with AsyncTestClient(create_app(container)) as client:
        answer = await client.get("/metrics")
    assert answer.status_code == 200
    return answer.text


def value(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def labels_of(text: str) -> set[str]:
    return {
        key
        for family in text_string_to_metric_families(text)
        if family.name.startswith("fleet_")
        for sample in family.samples
        for key in sample.labels
    }


async def test_metrics_count_purchases_top_ups_and_billing_runs(any_container: Container) -> None:
    c = any_container
    before = await scrape(c)

    world = await shop_world(c, "Counted")
    await world.customer(USER, balance=100_000)
    await world.customer(POOR)
    bought = PurchaseInput(world.tenant, USER, world.plan.id, "metrics-1")
    assert not (await c.purchase_plan()(bought)).repeated
    assert (await c.purchase_plan()(bought)).repeated
    refused_code = ""
    try:
        await c.purchase_plan()(PurchaseInput(world.tenant, POOR, world.plan.id, "metrics-2"))
    except DomainError as exc:
        refused_code = exc.code
    assert refused_code

    tenant = await billed_tenant(c, "Wallet", model=BillingModel.CONSUMPTION, rate_per_gb=7_919)
    top_up = TopUpInput(tenant.id, 10**9, None, "metrics-top-up")
    await c.top_up_wallet()(top_up)
    assert (await c.top_up_wallet()(top_up)).replayed
    use(c, await panel_user(c, tenant.id, 740_010), 3 * GIB)
    report = await c.bill_traffic()()
    assert report.charged > 0

    after = await scrape(c)

    def delta(name: str, **labels: Any) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("fleet_purchases_total", outcome="done") == 1
    assert delta("fleet_purchases_total", outcome="repeated") == 1
    assert delta("fleet_purchases_total", outcome=refused_code) == 1
    assert delta("fleet_top_ups_total", method="wallet", outcome="credited") == 1
    assert delta("fleet_top_ups_total", method="wallet", outcome="replayed") == 1
    assert delta("fleet_top_up_credited_minor_total", method="wallet") == 10**9
    assert delta("fleet_billing_runs_total", outcome="ok") == 1
    assert delta("fleet_billing_charged_minor_total") == report.charged
    assert not labels_of(after) & {"tenant", "tenant_id", "bot", "bot_id"}


ADMIN = 740_900


async def test_metrics_count_card_and_stars_top_ups(any_container: Container) -> None:
    c = any_container
    c.receipt_desk.override(providers.Singleton(InMemoryReceiptDesk))
    c.rotation_random.override(providers.Object(random.Random(7)))
    world = await shop_world(c, "TopUps")
    tid = world.tenant.id
    await c.update_tenant()(UpdateTenantInput(tid, by_master=True, admin_ids=(ADMIN,)))
    await enable(c, tid, "card_to_card", min_amount=100, max_amount=10_000_000)
    await enable(c, tid, "telegram_stars", min_amount=100, max_amount=10_000_000)
    await c.set_config_value()(SetConfigInput(tid, "stars_rate", 1, True))
    await add_cards(c, tid, 1)
    tenant = await c.get_tenant()(tid)
    await world.customer(USER)
    before = await scrape(c)

    approved = await pending_payment(c, tenant, USER, 20_000)
    rejected = await pending_payment(c, tenant, USER, 30_000)
    decide = c.decide_card_payment()
    await decide(DecisionInput(tid, approved.id, True, Decider(ADMIN)))
    await decide(DecisionInput(tid, rejected.id, False, Decider(ADMIN)))
    with pytest.raises(DomainError) as again:
        await decide(DecisionInput(tid, approved.id, True, Decider(ADMIN)))
    invoice = await c.offer_stars_invoice()(tenant, USER, 5_001)
    paid = StarsPayment(tenant, USER, "XTR", invoice.stars, invoice.payload, "charge-m1")
    await c.credit_stars_payment()(paid)
    await c.credit_stars_payment()(paid)

    after = await scrape(c)

    def delta(name: str, **labels: Any) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("fleet_top_ups_total", method="card", outcome="started") == 2
    assert delta("fleet_top_ups_total", method="card", outcome="receipt") == 2
    assert delta("fleet_top_ups_total", method="card", outcome="approved") == 1
    assert delta("fleet_top_ups_total", method="card", outcome="rejected") == 1
    assert delta("fleet_top_ups_total", method="card", outcome=again.value.code) == 1
    assert delta("fleet_top_up_credited_minor_total", method="card") == 20_000
    assert delta("fleet_top_ups_total", method="stars", outcome="credited") == 1
    assert delta("fleet_top_ups_total", method="stars", outcome="repeated") == 1
    assert delta("fleet_top_up_credited_minor_total", method="stars") == 5_001
