"""Card-to-card top-ups (PRODUCT 5.1, 5.2) on both adapter sets (in-memory and PostgreSQL).

Every money path has its race (concurrent requests) and its replay (the same
request twice)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import timedelta

import pytest
from dependency_injector import providers

from src.application.payments.card_top_up import ReceiptInput, SubmittedReceipt
from src.application.payments.decide_card_payment import Decider, DecisionInput, credit_key
from src.application.payments.update_card import UpdatePaymentCardInput
from src.application.shop.errors import FeatureDisabled
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.update_tenant import UpdateTenantInput
from src.core.ids import ShopUserId
from src.core.payments.card import PaymentCard
from src.core.payments.card_payment import (
    TRACKING,
    CardPayment,
    CardPaymentDecided,
    CardPaymentNotFound,
    CardPaymentStatus,
    InvalidReceipt,
    NotTenantAdmin,
    Receipt,
    ReceiptKind,
    TooManyPendingPayments,
)
from src.core.payments.rotation import NoActiveCard
from src.core.payments.top_up import AmountOutOfRange
from src.core.shop.ledger import LedgerKind
from src.core.tenancy.tenant import Tenant
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from tests.support.doubles import memory_messenger
from tests.support.factories import create_tenant
from tests.support.shop import shop_world
from tests.support.top_ups import add_cards, enable, pending_payment, receipt_for

ADMIN, SECOND_ADMIN, STRANGER = 900_101, 900_102, 900_199
USER = 700_501
CHAT, TOPIC = -100_555, 7


class FixedRandom:
    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)


@pytest.fixture
def c(any_container: Container) -> Container:
    """Receipts land on the in-memory desk; the rotation's random source is seeded."""
    any_container.receipt_desk.override(providers.Singleton(InMemoryReceiptDesk))
    any_container.rotation_random.override(providers.Object(random.Random(7)))
    return any_container


@dataclass
class World:
    c: Container
    tenant: Tenant
    cards: list[PaymentCard]

    async def user(self, telegram_id: int = USER) -> ShopUserId:
        from src.application.shop.register_user import RegisterInput

        return (await self.c.register_user()(RegisterInput(self.tenant, telegram_id))).user.id

    async def pending(self, telegram_id: int = USER, **kw: object) -> CardPayment:
        return await pending_payment(self.c, self.tenant, telegram_id, **kw)  # type: ignore[arg-type]

    async def balance(self, telegram_id: int = USER) -> int:
        async with self.c.uow().for_tenant(self.tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
        assert user is not None
        return user.balance

    async def card(self, card_id: int) -> PaymentCard:
        async with self.c.uow().for_tenant(self.tenant.id) as uow:
            cards = {card.id: card for card in await uow.cards.list()}
        return cards[card_id]  # type: ignore[index]

    async def payment(self, payment_id: int) -> CardPayment:
        async with self.c.uow().for_tenant(self.tenant.id) as uow:
            found = await uow.card_payments.get(payment_id)
        assert found is not None
        return found

    def decide(
        self, payment_id: int, approve: bool = True, by: int = ADMIN, note: str | None = None
    ) -> DecisionInput:
        return DecisionInput(self.tenant.id, payment_id, approve, Decider(telegram_id=by), note)

    @property
    def desk(self) -> InMemoryReceiptDesk:
        desk = self.c.receipt_desk()
        assert isinstance(desk, InMemoryReceiptDesk)
        return desk

    def told(self, telegram_id: int = USER) -> list[str]:
        return list(memory_messenger(self.c).to(telegram_id))


async def world(c: Container, name: str = "Cards", cards: int = 3, **flag: object) -> World:
    tenant = (
        await create_tenant(c, name, admin_ids=(ADMIN, SECOND_ADMIN), admin_chat_id=CHAT)
    ).tenant
    tenant = await c.update_tenant()(
        UpdateTenantInput(tenant.id, by_master=True, receipts_topic_id=TOPIC)
    )
    await enable(c, tenant.id, "card_to_card", **flag)
    return World(c, tenant, await add_cards(c, tenant.id, cards))


async def set_strategy(w: World, strategy: str, **extra: object) -> None:
    await w.c.set_config_value()(
        SetConfigInput(w.tenant.id, "card_rotation_strategy", strategy, True)
    )
    for key, value in extra.items():
        await w.c.set_config_value()(SetConfigInput(w.tenant.id, key, value, True))


# --- card selection (PRODUCT 5.2) ---------------------------------------------------------


async def test_round_robin_is_a_strict_cycle_and_the_state_persists(
    c: Container, clock: FrozenClock
) -> None:
    w = await world(c)
    select = c.select_payment_card()
    picks = [await select(w.tenant.id) for _ in range(7)]
    ids = [card.id for card in w.cards]
    assert [p.card.id for p in picks] == [*ids, *ids, ids[0]]
    assert [p.cursor for p in picks] == list(range(1, 8))
    assert (await w.card(ids[0])).last_used_at == clock.now()
    # a new use case object (another request, another process) goes on from the stored state
    assert (await c.select_payment_card()(w.tenant.id)).card.id == ids[1]


async def test_inactive_cards_are_skipped_and_none_active_is_refused(c: Container) -> None:
    w = await world(c)
    first, second, third = w.cards
    update = c.update_payment_card()
    await update(UpdatePaymentCardInput(w.tenant.id, second.id, active=False))
    select = c.select_payment_card()
    assert [(await select(w.tenant.id)).card.id for _ in range(4)] == [
        first.id,
        third.id,
        first.id,
        third.id,
    ]
    for card in (first, third):
        await update(UpdatePaymentCardInput(w.tenant.id, card.id, active=False))
    with pytest.raises(NoActiveCard):
        await select(w.tenant.id)


async def test_time_based_keeps_a_card_for_the_interval(c: Container, clock: FrozenClock) -> None:
    w = await world(c)
    await set_strategy(w, "time_based", rotation_interval_minutes=30)
    select = c.select_payment_card()
    first = (await select(w.tenant.id)).card.id
    clock.advance(timedelta(minutes=29))
    assert (await select(w.tenant.id)).card.id == first
    clock.advance(timedelta(minutes=1))
    assert (await select(w.tenant.id)).card.id == w.cards[1].id


async def test_random_and_weighted_use_the_injected_source(c: Container) -> None:
    w = await world(c)
    c.rotation_random.override(providers.Object(FixedRandom(0.99, 0.0, 0.5)))
    await set_strategy(w, "random")
    select = c.select_payment_card()
    assert [(await select(w.tenant.id)).card.id for _ in range(3)] == [
        w.cards[2].id,
        w.cards[0].id,
        w.cards[1].id,
    ]
    await set_strategy(w, "weighted")
    await c.update_payment_card()(UpdatePaymentCardInput(w.tenant.id, w.cards[0].id, weight=98))
    c.rotation_random.override(providers.Object(FixedRandom(0.97)))
    assert (await c.select_payment_card()(w.tenant.id)).card.id == w.cards[0].id


# --- the user's side: card, receipt, pending payment (PRODUCT 5.1) -----------------------


async def test_a_receipt_becomes_a_pending_payment_before_the_admins(
    c: Container, clock: FrozenClock
) -> None:
    w = await world(c)
    await w.user()
    kinds = {}
    for i, receipt in enumerate(
        (Receipt(photo_file_id="AgAD-photo"), Receipt("ref 991"), Receipt("cap", "AgAD-2"))
    ):
        offer = await c.start_card_top_up()(w.tenant, USER, 50_000)
        assert offer.card_id == w.cards[i].id and offer.card_number == w.cards[i].card_number
        submitted = await c.submit_card_receipt()(receipt_for(w.tenant, USER, offer, receipt))
        assert (submitted.delivered, submitted.repeated) == (True, False)
        payment = submitted.payment
        kinds[payment.receipt.kind] = payment
        assert TRACKING.fullmatch(payment.tracking_number)
        assert payment.status is CardPaymentStatus.PENDING
        assert payment.expires_at == clock.now() + timedelta(hours=24)
        assert payment.card_masked == w.cards[i].masked()
    assert set(kinds) == set(ReceiptKind)
    posted = w.desk.posted
    assert [(p.where.chat_id, p.thread_id) for p in posted] == [(CHAT, TOPIC)] * 3
    assert [p.photo_file_id for p in posted] == ["AgAD-photo", None, "AgAD-2"]
    assert all(kinds[k].tracking_number in p.text for k, p in zip(kinds, posted, strict=True))
    assert [b.callback_data for b in posted[0].buttons[0]] == [
        f"rc:ok:{kinds[ReceiptKind.PHOTO].id}",
        f"rc:no:{kinds[ReceiptKind.PHOTO].id}",
    ]
    stored = await w.payment(kinds[ReceiptKind.TEXT].id)
    assert (stored.admin_chat_id, stored.admin_message_id) == (CHAT, posted[1].where.message_id)
    assert len({p.tracking_number for p in kinds.values()}) == 3


async def test_a_card_deleted_after_it_was_shown_still_takes_the_receipt(c: Container) -> None:
    w = await world(c, cards=1)
    await w.user()
    offer = await c.start_card_top_up()(w.tenant, USER, 50_000)
    await c.delete_payment_card()(w.tenant.id, offer.card_id)
    submitted = await c.submit_card_receipt()(receipt_for(w.tenant, USER, offer, Receipt("paid")))
    payment = submitted.payment
    assert (payment.card_id, payment.card_masked) == (None, w.cards[0].masked())
    decision = await c.decide_card_payment()(w.decide(payment.id))
    assert decision.balance == 50_000


async def test_amount_range_flag_and_an_empty_receipt_are_refused(c: Container) -> None:
    w = await world(c, min_amount=10_000, max_amount=100_000)
    await w.user()
    start = c.start_card_top_up()
    for amount in (9_999, 100_001):
        with pytest.raises(AmountOutOfRange) as err:
            await start(w.tenant, USER, amount)
        assert (err.value.low, err.value.high) == (10_000, 100_000)
    offer = await start(w.tenant, USER, 10_000)
    with pytest.raises(InvalidReceipt):
        await c.submit_card_receipt()(receipt_for(w.tenant, USER, offer, Receipt("  ")))
    from src.application.tenancy.features import SetFeatureInput

    await c.set_feature()(SetFeatureInput(w.tenant.id, "card_to_card", False))
    with pytest.raises(FeatureDisabled):
        await start(w.tenant, USER, 50_000)
    with pytest.raises(FeatureDisabled):
        await c.submit_card_receipt()(receipt_for(w.tenant, USER, offer, Receipt("x")))


async def test_at_most_three_pending_payments_even_when_submitted_at_once(c: Container) -> None:
    w = await world(c)
    await w.user()
    offers = [await c.start_card_top_up()(w.tenant, USER, 50_000) for _ in range(5)]
    submit = c.submit_card_receipt()

    def receipt(i: int) -> ReceiptInput:
        return receipt_for(w.tenant, USER, offers[i], Receipt(f"ref {i}"))

    results = await asyncio.gather(*(submit(receipt(i)) for i in range(5)), return_exceptions=True)
    ok = [r.payment for r in results if isinstance(r, SubmittedReceipt)]
    refused = [r for r in results if isinstance(r, TooManyPendingPayments)]
    assert (len(ok), len(refused)) == (3, 2)
    with pytest.raises(TooManyPendingPayments):  # refused before a card is even handed out
        await c.start_card_top_up()(w.tenant, USER, 50_000)
    await c.decide_card_payment()(w.decide(ok[0].id, approve=False))
    assert (await w.pending()).pending  # a decided one makes room


async def test_one_offer_is_one_payment_even_when_its_receipts_arrive_at_once(
    c: Container,
) -> None:
    """Issue #10 item 8 (race): three receipt messages of one batch, handled at once by
    different workers, made three pending payments for one transfer."""
    w = await world(c)
    await w.user()
    offer = await c.start_card_top_up()(w.tenant, USER, 50_000)
    submit = c.submit_card_receipt()
    results = await asyncio.gather(
        *(submit(receipt_for(w.tenant, USER, offer, Receipt(f"ref {i}"))) for i in range(3))
    )
    [first] = [r for r in results if not r.repeated]
    assert {r.payment.id for r in results} == {first.payment.id}
    assert first.delivered and not any(r.same_album for r in results)
    async with c.uow().for_tenant(w.tenant.id) as uow:
        assert await uow.card_payments.count_pending(first.payment.user_id) == 1
    assert len(w.desk.posted) == 1  # the admins see one receipt


async def test_the_same_receipt_twice_and_an_album_are_one_payment(c: Container) -> None:
    """Issue #10 item 8 (replay, album): a repeat stores and posts nothing; the photos of
    one album (one media_group_id) are one receipt; a repeat is not refused by the
    pending limit (it adds nothing)."""
    w = await world(c, max_pending_per_user=1)
    await w.user()
    offer = await c.start_card_top_up()(w.tenant, USER, 50_000)
    submit = c.submit_card_receipt()
    photo = Receipt(photo_file_id="AgAD-album-1")
    first = await submit(receipt_for(w.tenant, USER, offer, photo, media_group_id="A1"))
    again = await submit(receipt_for(w.tenant, USER, offer, photo, media_group_id="A1"))
    sibling = Receipt(photo_file_id="AgAD-album-2")
    part = await submit(receipt_for(w.tenant, USER, offer, sibling, media_group_id="A1"))
    other = await submit(receipt_for(w.tenant, USER, offer, Receipt("and a text")))
    assert not first.repeated
    assert [r.payment.id for r in (again, part, other)] == [first.payment.id] * 3
    assert [(r.repeated, r.same_album) for r in (again, part, other)] == [
        (True, True),
        (True, True),
        (True, False),
    ]
    assert first.payment.media_group_id == "A1"
    assert len(w.desk.posted) == 1
    assert (await c.list_card_payments()(w.tenant.id)).total == 1


# --- decisions -----------------------------------------------------------------------------


async def test_approve_credits_once_counts_a_success_and_tells_the_user(c: Container) -> None:
    w = await world(c)
    await w.user()
    payment = await w.pending(amount=75_000)
    decision = await c.decide_card_payment()(w.decide(payment.id))
    assert decision.balance == 75_000 == await w.balance()
    assert decision.payment.status is CardPaymentStatus.APPROVED
    assert decision.payment.decided_by == f"tg:{ADMIN}"
    card = await w.card(payment.card_id or 0)
    assert (card.success_count, card.failure_count) == (1, 0)
    [note] = w.told()
    assert payment.tracking_number in note and "approved" in note and "750.00 RUB" in note
    [posted] = w.desk.posted
    assert posted.closed and posted.buttons == () and "Approved by" in posted.text
    # replay: the same approval again (a second press, a retried API call)
    with pytest.raises(CardPaymentDecided) as err:
        await c.decide_card_payment()(w.decide(payment.id, by=SECOND_ADMIN))
    assert err.value.status is CardPaymentStatus.APPROVED
    with pytest.raises(CardPaymentDecided):
        await c.decide_card_payment()(w.decide(payment.id, approve=False))
    assert await w.balance() == 75_000
    assert len(w.told()) == 1
    async with c.uow().for_tenant(w.tenant.id) as uow:
        entry = await uow.ledger.by_key(credit_key(payment.id))
        assert entry is not None and entry.kind is LedgerKind.TOP_UP and entry.amount == 75_000
    assert (await w.card(payment.card_id or 0)).success_count == 1


async def test_two_admins_pressing_at_the_same_moment_credit_once(c: Container) -> None:
    w = await world(c)
    await w.user()
    decide = c.decide_card_payment()
    for rival in (True, False):  # approve vs approve, then approve vs reject
        payment = await w.pending()
        before = await w.balance()
        results = await asyncio.gather(
            decide(w.decide(payment.id, by=ADMIN)),
            decide(w.decide(payment.id, approve=rival, by=SECOND_ADMIN)),
            return_exceptions=True,
        )
        won = [r for r in results if not isinstance(r, BaseException)]
        lost = [r for r in results if isinstance(r, CardPaymentDecided)]
        assert (len(won), len(lost)) == (1, 1)
        credited = await w.balance() - before
        assert credited == (50_000 if won[0].payment.status is CardPaymentStatus.APPROVED else 0)
        card = await w.card(payment.card_id or 0)
        assert card.success_count + card.failure_count == 1  # one decision counted


async def test_reject_credits_nothing_counts_a_failure_and_passes_the_note(c: Container) -> None:
    w = await world(c)
    await w.user()
    payment = await w.pending()
    decision = await c.decide_card_payment()(
        w.decide(payment.id, approve=False, note="amount differs")
    )
    assert decision.balance is None and await w.balance() == 0
    assert decision.payment.note == "amount differs"
    card = await w.card(payment.card_id or 0)
    assert (card.success_count, card.failure_count) == (0, 1)
    [note] = w.told()
    assert "rejected" in note and payment.tracking_number in note and "amount differs" in note
    assert "Rejected by" in w.desk.posted[0].text


async def test_only_this_tenants_admins_decide_and_other_tenants_ids_are_not_found(
    c: Container,
) -> None:
    w = await world(c)
    other = await world(c, "Other", cards=1)
    await w.user()
    await other.user()
    mine = await w.pending()
    theirs = await other.pending()
    with pytest.raises(NotTenantAdmin):
        await c.decide_card_payment()(w.decide(mine.id, by=STRANGER))
    with pytest.raises(CardPaymentNotFound):  # ids are global: a forged id finds nothing
        await c.decide_card_payment()(w.decide(theirs.id))
    with pytest.raises(NotTenantAdmin):
        await c.get_card_payment_details()(w.tenant.id, mine.id, STRANGER)
    assert (await w.payment(mine.id)).pending and (await other.payment(theirs.id)).pending
    assert await other.balance() == 0 and await w.balance() == 0
    api = DecisionInput(w.tenant.id, mine.id, True, Decider(api="tenant"))
    assert (await c.decide_card_payment()(api)).payment.decided_by == "api:tenant"


async def test_pending_payments_expire_after_24_hours(c: Container, clock: FrozenClock) -> None:
    w = await world(c)
    await w.user()
    payment = await w.pending()
    expire = c.expire_card_payments()
    clock.advance(timedelta(hours=23, minutes=59))
    assert await expire() == 0
    clock.advance(timedelta(minutes=1))
    with pytest.raises(CardPaymentDecided) as err:  # too late to decide, even before the job
        await c.decide_card_payment()(w.decide(payment.id))
    assert err.value.status is CardPaymentStatus.EXPIRED
    results = await asyncio.gather(expire(), expire())
    assert sorted(results) == [0, 1]  # two runs (two processes): expired and told once
    assert (await w.payment(payment.id)).status is CardPaymentStatus.EXPIRED
    [note] = w.told()
    assert "expired" in note and payment.tracking_number in note
    assert w.desk.posted[0].closed and "Expired" in w.desk.posted[0].text
    assert await w.balance() == 0
    card = await w.card(payment.card_id or 0)
    assert (card.success_count, card.failure_count) == (0, 0)


async def test_a_purchase_short_of_balance_is_finished_after_the_approval(
    c: Container,
) -> None:
    shop = await shop_world(c)  # plan of 30,000 with the panel configured
    await c.update_tenant()(UpdateTenantInput(shop.tenant.id, by_master=True, admin_ids=(ADMIN,)))
    tenant = await c.get_tenant()(shop.tenant.id)
    await enable(c, tenant.id, "card_to_card")
    await add_cards(c, tenant.id, 1)
    await shop.customer(USER, balance=12_000)
    missing = await c.top_up_options().missing(tenant.id, USER, shop.plan.id)
    assert missing == 18_000
    payment = await pending_payment(c, tenant, USER, missing, plan_id=shop.plan.id)
    assert payment.plan_id == shop.plan.id
    await c.decide_card_payment()(DecisionInput(tenant.id, payment.id, True, Decider(ADMIN)))
    assert await shop.balance(USER) == 0
    async with c.uow().for_tenant(tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
        assert user is not None
        sub = await uow.subscriptions.of_user(user.id)
    assert sub is not None and sub.plan_id == shop.plan.id and sub.provisioned
    told = memory_messenger(c).to(USER)
    assert "approved" in told[0] and "Done!" in told[1]
