"""Telegram Stars top-ups (PRODUCT 5.3) on both adapter sets: the offer, the
pre-checkout check, and a credit exactly once per telegram_payment_charge_id."""

from __future__ import annotations

import asyncio

import pytest

from src.application.payments.stars_top_up import StarsCheckout, StarsCredit, StarsPayment
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.features import SetFeatureInput
from src.core.payments.stars import InvalidStarsPayment, StarsPayload
from src.core.payments.top_up import AmountOutOfRange
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from tests.support.doubles import memory_messenger
from tests.support.shop import shop_world
from tests.support.top_ups import enable

USER = 700_601


async def stars_shop(c: Container, rate: int = 200) -> Tenant:
    shop = await shop_world(c, "Stars")
    await enable(c, shop.tenant.id, "telegram_stars", min_amount=1_000, max_amount=1_000_000)
    await c.set_config_value()(SetConfigInput(shop.tenant.id, "stars_rate", rate, True))
    await shop.customer(USER)
    return shop.tenant


def paid(tenant: Tenant, payload: str, stars: int, charge: str = "ch-1") -> StarsPayment:
    return StarsPayment(tenant, USER, "XTR", stars, payload, charge)


async def balance(c: Container, tenant: Tenant) -> int:
    async with c.uow().for_tenant(tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None
    return user.balance


async def test_the_invoice_is_the_amount_in_stars_rounded_up(any_container: Container) -> None:
    tenant = await stars_shop(any_container, rate=200)
    invoice = await any_container.offer_stars_invoice()(tenant, USER, 10_101)
    assert (invoice.stars, invoice.credit) == (51, 10_200)  # ceil(10101 / 200) Stars
    payload = StarsPayload.parse(invoice.payload)
    assert (payload.telegram_id, payload.stars, payload.rate, payload.plan_id) == (USER, 51, 200, 0)
    with pytest.raises(AmountOutOfRange):
        await any_container.offer_stars_invoice()(tenant, USER, 999)


async def test_pre_checkout_accepts_a_matching_payment_and_declines_the_rest(
    any_container: Container,
) -> None:
    tenant = await stars_shop(any_container)
    invoice = await any_container.offer_stars_invoice()(tenant, USER, 20_000)
    check = any_container.check_stars_checkout()

    def checkout(**kw: object) -> StarsCheckout:
        fields: dict[str, object] = {
            "tenant": tenant,
            "telegram_id": USER,
            "currency": "XTR",
            "total_amount": invoice.stars,
            "payload": invoice.payload,
        }
        return StarsCheckout(**{**fields, **kw})  # type: ignore[arg-type]

    await check(checkout())
    for bad in (
        {"total_amount": invoice.stars - 1},
        {"currency": "USD"},
        {"telegram_id": USER + 1},
        {"payload": "stars:forged"},
    ):
        with pytest.raises(InvalidStarsPayment):
            await check(checkout(**bad))
    await any_container.set_config_value()(SetConfigInput(tenant.id, "stars_rate", 300, True))
    with pytest.raises(InvalidStarsPayment):  # the price changed: a new invoice is needed
        await check(checkout())
    await any_container.set_config_value()(SetConfigInput(tenant.id, "stars_rate", 200, True))
    await any_container.set_feature()(SetFeatureInput(tenant.id, "telegram_stars", False))
    with pytest.raises(FeatureDisabled):  # a pre-checkout for a disabled method is declined
        await check(checkout())


async def test_the_same_successful_payment_twice_credits_once(any_container: Container) -> None:
    tenant = await stars_shop(any_container)
    invoice = await any_container.offer_stars_invoice()(tenant, USER, 20_000)
    credit = any_container.credit_stars_payment()
    first = await credit(paid(tenant, invoice.payload, invoice.stars))
    again = await credit(paid(tenant, invoice.payload, invoice.stars))
    assert first == StarsCredit(20_000, 20_000, repeated=False)
    assert again.repeated and await balance(any_container, tenant) == 20_000
    assert len([m for m in memory_messenger(any_container).to(USER) if "Stars" in m]) == 1
    # the flag going off after the payment does not lose the money
    await any_container.set_feature()(SetFeatureInput(tenant.id, "telegram_stars", False))
    await credit(paid(tenant, invoice.payload, invoice.stars, charge="ch-2"))
    assert await balance(any_container, tenant) == 40_000


async def test_concurrent_deliveries_of_one_charge_credit_once(any_container: Container) -> None:
    tenant = await stars_shop(any_container)
    invoice = await any_container.offer_stars_invoice()(tenant, USER, 20_000)
    credit = any_container.credit_stars_payment()
    results = await asyncio.gather(
        *(credit(paid(tenant, invoice.payload, invoice.stars, "same")) for _ in range(4))
    )
    assert sorted(r.repeated for r in results) == [False, True, True, True]
    assert await balance(any_container, tenant) == 20_000


async def test_a_mismatched_or_unknown_payer_is_not_credited(any_container: Container) -> None:
    tenant = await stars_shop(any_container)
    invoice = await any_container.offer_stars_invoice()(tenant, USER, 20_000)
    credit = any_container.credit_stars_payment()
    with pytest.raises(InvalidStarsPayment):
        await credit(paid(tenant, invoice.payload, invoice.stars - 1))
    stranger = StarsPayment(tenant, 1, "XTR", invoice.stars, invoice.payload, "x")
    with pytest.raises(InvalidStarsPayment):
        await credit(stranger)
    other = await any_container.offer_stars_invoice()(tenant, USER, 20_000)
    await any_container.set_config_value()(SetConfigInput(tenant.id, "stars_rate", 1, True))
    ghost = StarsPayload.parse(other.payload)
    forged = StarsPayload(999, ghost.stars, ghost.rate, 0, ghost.nonce).encode()
    with pytest.raises(UserNotRegistered):
        await credit(StarsPayment(tenant, 999, "XTR", ghost.stars, forged, "y"))
    assert await balance(any_container, tenant) == 0


async def test_a_stars_top_up_for_a_plan_finishes_the_purchase(any_container: Container) -> None:
    shop = await shop_world(any_container, "Stars plan")  # plan of 30,000
    await enable(any_container, shop.tenant.id, "telegram_stars")
    await shop.customer(USER, balance=10_000)
    missing = await any_container.top_up_options().missing(shop.tenant.id, USER, shop.plan.id)
    invoice = await any_container.offer_stars_invoice()(shop.tenant, USER, missing, shop.plan.id)
    await any_container.credit_stars_payment()(paid(shop.tenant, invoice.payload, invoice.stars))
    await any_container.credit_stars_payment()(paid(shop.tenant, invoice.payload, invoice.stars))
    assert await shop.balance(USER) == 0  # 20,000 in, 30,000 out, bought once
    told = memory_messenger(any_container).to(USER)
    assert [("Stars" in m, "Done!" in m) for m in told] == [(True, False), (False, True)]
