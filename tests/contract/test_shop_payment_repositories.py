"""Plans, payment cards and card payments: one suite on both adapter sets, isolation included."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from src.application.ports.card_payments import NewCardPayment
from src.application.ports.customers import NewShopUser
from src.core.errors import DuplicatePaymentCard, DuplicatePlanName
from src.core.ids import PaymentCardId, PlanId, ShopUserId
from src.core.payments.card import CardDetails
from src.core.payments.card_payment import Receipt
from src.core.shop.plan import PlanTerms
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from tests.contract.test_tenancy_repositories import add, new_tenant

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CARD_A = "6037997512345670"
CARD_B = "4111111111111111"


def terms(name: str, sort_order: int = 0, **kw: object) -> PlanTerms:
    fields: dict[str, object] = {
        "name": name,
        "period_days": 30,
        "price": 150_00,
        "traffic_gb": 50,
        "device_limit": 2,
        "sort_order": sort_order,
    }
    fields.update(kw)
    return PlanTerms(**fields)  # type: ignore[arg-type]


async def test_plans_round_trip_in_sort_order(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(301))
    async with any_container.uow().for_tenant(tenant.id) as uow:
        late = await uow.plans.add(terms("Year", sort_order=5, period_days=365), NOW)
        early = await uow.plans.add(terms("Month", sort_order=1, active=False), NOW)
        tie = await uow.plans.add(terms("Week", sort_order=5, traffic_gb=0), NOW)
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        listed = await uow.plans.list()
        assert [p.id for p in listed] == [early.id, late.id, tie.id]
        read = await uow.plans.get(late.id, for_update=True)
    assert read == late
    assert (late.terms.period_days, late.created_at, late.updated_at) == (365, NOW, NOW)
    assert early.terms.active is False and tie.unlimited_traffic


async def test_plan_save_delete_and_duplicate_names(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(302))
    async with any_container.uow().for_tenant(tenant.id) as uow:
        month = await uow.plans.add(terms("Month"), NOW)
        year = await uow.plans.add(terms("Year"), NOW)
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        with pytest.raises(DuplicatePlanName):
            await uow.plans.add(terms("Month"), NOW)
        with pytest.raises(DuplicatePlanName):
            await uow.plans.save(replace(year, terms=replace(year.terms, name="Month")))
        later = NOW + timedelta(hours=1)
        await uow.plans.save(replace(month, terms=replace(month.terms, price=99), updated_at=later))
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        read = await uow.plans.get(month.id)
        assert read is not None and read.terms.price == 99 and read.updated_at == later
        assert read.created_at == NOW
        assert (await uow.plans.get(year.id)) == year
        assert await uow.plans.delete(month.id) is True
        assert await uow.plans.delete(month.id) is False
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert [p.id for p in await uow.plans.list()] == [year.id]
        assert await uow.plans.get(PlanId(999_999)) is None


async def test_cards_round_trip_save_and_delete(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(303))
    async with any_container.uow().for_tenant(tenant.id) as uow:
        a = await uow.cards.add(CARD_A, CardDetails("Ali Rezaei", weight=3), NOW)
        b = await uow.cards.add(CARD_B, CardDetails("Sara K", active=False), NOW)
        await uow.commit()
    assert (a.success_count, a.failure_count, a.last_used_at) == (0, 0, None)
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert list(await uow.cards.list()) == [a, b]
        with pytest.raises(DuplicatePaymentCard):
            await uow.cards.add(CARD_A, CardDetails("Someone"), NOW)
        used = replace(
            a,
            details=CardDetails("Ali R.", weight=7, active=False),
            success_count=4,
            failure_count=1,
            last_used_at=NOW,
        )
        await uow.cards.save(used)
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.cards.get(a.id, for_update=True) == used
        assert await uow.cards.delete(b.id) is True
        assert await uow.cards.delete(b.id) is False
        assert await uow.cards.get(PaymentCardId(999_999)) is None
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert [c.id for c in await uow.cards.list()] == [a.id]


async def test_same_plan_name_and_card_number_in_two_tenants(any_container: Container) -> None:
    one = await add(any_container, new_tenant(304))
    two = await add(any_container, new_tenant(305))
    for tenant in (one, two):
        async with any_container.uow().for_tenant(tenant.id) as uow:
            await uow.plans.add(terms("Month"), NOW)
            await uow.cards.add(CARD_A, CardDetails("Holder"), NOW)
            await uow.commit()


async def test_deleting_a_tenant_removes_its_plans_and_cards(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(306))
    async with any_container.uow().for_tenant(tenant.id) as uow:
        await uow.plans.add(terms("Month"), NOW)
        await uow.cards.add(CARD_A, CardDetails("Holder"), NOW)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        await uow.tenants.delete(tenant.id)
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.plans.list() == []
        assert await uow.cards.list() == []


async def test_isolation_plans_and_cards_of_one_tenant_never_touch_the_other(
    any_container: Container,
) -> None:
    """Every method of A's repositories, aimed at B's ids, sees and changes nothing of B."""
    a = await add(any_container, new_tenant(401))
    b = await add(any_container, new_tenant(402))

    async def seed(tenant: Tenant) -> tuple[PlanId, PaymentCardId]:
        async with any_container.uow().for_tenant(tenant.id) as uow:
            plan = await uow.plans.add(terms("Month"), NOW)
            card = await uow.cards.add(CARD_A, CardDetails("Holder"), NOW)
            await uow.commit()
        return plan.id, card.id

    async def snapshot(tenant: Tenant) -> tuple[object, ...]:
        async with any_container.uow().for_tenant(tenant.id) as uow:
            return (list(await uow.plans.list()), list(await uow.cards.list()))

    await seed(a)
    b_plan, b_card = await seed(b)
    before_b = await snapshot(b)
    async with any_container.uow().for_tenant(a.id) as uow:
        assert await uow.plans.get(b_plan) is None
        assert await uow.plans.get(b_plan, for_update=True) is None
        assert await uow.cards.get(b_card) is None
        assert len(await uow.plans.list()) == 1 and len(await uow.cards.list()) == 1
        assert b_plan not in [p.id for p in await uow.plans.list()]
        stolen_plan = before_b[0][0]  # type: ignore[index]
        stolen_card = before_b[1][0]  # type: ignore[index]
        await uow.plans.save(replace(stolen_plan, terms=replace(stolen_plan.terms, price=1)))
        await uow.cards.save(replace(stolen_card, details=CardDetails("Thief", weight=99)))
        assert await uow.plans.delete(b_plan) is False
        assert await uow.cards.delete(b_card) is False
        await uow.plans.add(terms("Year"), NOW)
        await uow.cards.add(CARD_B, CardDetails("Holder"), NOW)
        await uow.commit()
    assert await snapshot(b) == before_b
    after_a = await snapshot(a)
    assert [p.name for p in after_a[0]] == ["Month", "Year"]  # type: ignore[attr-defined]


def new_payment(user_id: ShopUserId, offer: str, minutes: int = 0, **kw: object) -> NewCardPayment:
    at = NOW + timedelta(minutes=minutes)
    fields: dict[str, object] = {
        "user_id": user_id,
        "card_id": None,
        "card_masked": "6037 **** **** 5670",
        "amount": 50_000,
        "tracking_number": f"C2C{offer.upper()}{minutes:0>14}",
        "receipt": Receipt("ref"),
        "plan_id": None,
        "now": at,
        "expires_at": at + timedelta(hours=24),
        "offer_key": offer,
    }
    fields.update(kw)
    return NewCardPayment(**fields)  # type: ignore[arg-type]


async def test_card_payments_one_per_offer_and_the_unseen_episode(any_container: Container) -> None:
    """Issue #10 items 8 and 10: the offer key is unique per tenant (not across tenants);
    unseen receipts are listed oldest first and each is marked alerted once."""
    one, two = await add(any_container, new_tenant(311)), await add(any_container, new_tenant(312))
    users = {}
    for tenant in (one, two):
        async with any_container.uow().for_tenant(tenant.id) as uow:
            new = NewShopUser(telegram_id=5, language="en", referral_code=f"r{tenant.id}", now=NOW)
            users[tenant.id] = (await uow.users.add_if_absent(new))[0].id
            await uow.commit()
    async with any_container.uow().for_tenant(one.id) as uow:
        first = await uow.card_payments.add(new_payment(users[one.id], "aa", media_group_id="g"))
        assert first is not None and (first.offer_key, first.media_group_id) == ("aa", "g")
        assert await uow.card_payments.add(new_payment(users[one.id], "aa", 1)) is None
        later = await uow.card_payments.add(new_payment(users[one.id], "bb", 5))
        assert later is not None
        await uow.commit()
    async with any_container.uow().for_tenant(two.id) as uow:  # another tenant, same key
        assert await uow.card_payments.add(new_payment(users[two.id], "aa")) is not None
        assert await uow.card_payments.by_offer("bb") is None
        await uow.commit()
    async with any_container.uow().platform() as platform:
        due = await platform.payments_due.unseen_since(NOW + timedelta(minutes=1), 10)
    assert set(due) == {one.id, two.id}
    async with any_container.uow().for_tenant(one.id) as uow:
        assert await uow.card_payments.by_offer("aa") == first
        assert [p.id for p in await uow.card_payments.unseen(10)] == [first.id, later.id]
        await uow.card_payments.set_admin_message(later.id, -100, 7)
        assert [p.id for p in await uow.card_payments.unseen(10)] == [first.id]
        assert await uow.card_payments.unseen_alert_open() is False
        assert await uow.card_payments.mark_unseen_alerted(NOW) == 1
        assert await uow.card_payments.mark_unseen_alerted(NOW) == 0
        assert await uow.card_payments.unseen_alert_open() is True
        await uow.commit()
    async with any_container.uow().platform() as platform:
        due = await platform.payments_due.unseen_since(NOW + timedelta(hours=2), 10)
    assert list(due) == [two.id]
