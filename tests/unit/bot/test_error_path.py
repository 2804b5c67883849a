"""The bot's one error path (issue #11 item 4): handlers let a `DomainError` rise, one
aiogram error handler words it from one table and shows it, in memory through
`Dispatcher.feed_update`.

Cases considered:
- a purchase refused by the tenant's wallet (SaleRefused): the shop's and the top-up's
  tables used to disagree on it; now one row, shown in the chat and as an alert;
- a refusal in the user's language (a Russian reader), found through the error's base
  class (a forged plan id: PlanNotFound -> NotFound's row);
- a refusal to a press that used to be only an alert (the balance menu of a user who
  never sent /start) now also reaches the chat, with a way back;
- the same refusal twice on one message (Telegram: "message is not modified"): the
  second press is still answered;
- a refusal to a typed message ends the flow in progress (the FSM is cleared);
- an admin's receipt card is not replaced by a refusal (alert only): a forged
  Approve by a non-admin;
- an unexpected error: logged with the tenant id, a generic alert, the message stays;
- the user's language unreadable while refusing (cache/Redis down): the shop's language.
Not applicable here: albums and batches (one update per call), deep JSON (callback
data is at most 64 bytes and parsed by the filters before any handler).
"""

from __future__ import annotations

import dataclasses
import logging

import pytest
from aiogram.fsm.storage.base import StorageKey

from src.application.shop.create_plan import CreatePlanInput
from src.core.billing.settings import BillingModel
from src.core.ids import ShopUserId
from src.core.shop.plan import PlanTerms
from src.infrastructure.container import Container
from src.interfaces.bot.i18n import t
from tests.support.billing import configure
from tests.support.botfeed import FeedBot, feed_bot
from tests.support.shop import credit

USER = 730_001


async def shop_with_plan(container: Container) -> FeedBot:
    shop = await feed_bot(container, "Errs")
    terms = PlanTerms(name="Month", period_days=30, price=50_000, traffic_gb=40, device_limit=2)
    await container.create_plan()(CreatePlanInput(shop.tenant.id, terms))
    return shop


async def user_id(container: Container, shop: FeedBot, telegram_id: int = USER) -> ShopUserId:
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
    assert user is not None
    return user.id


async def test_a_purchase_the_wallet_refuses_is_told_in_the_chat_and_as_an_alert(
    memory_container: Container,
) -> None:
    shop = await shop_with_plan(memory_container)
    await configure(memory_container, shop.tenant.id, model=BillingModel.SALE, rate_per_gb=1_000)
    [menu] = await shop.say(USER, "/start")
    [plans] = await shop.press(USER, menu, "Buy")
    [details] = await shop.press(USER, plans, "Month")
    await credit(memory_container, shop.tenant, await user_id(memory_container, shop), 80_000)
    [shown] = await shop.press(USER, details, "Buy for")
    refusal = t("en", "shop.temporarily_unavailable")
    assert shown.text == refusal and shown.message_id == details.message_id
    assert [label for label, _ in shown.buttons] == [t("en", "menu.back")]
    assert shop.session.alerts[-1] == refusal
    async with memory_container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None and user.balance == 80_000  # nothing taken


async def test_a_refusal_reads_in_the_users_language_by_the_errors_base_class(
    memory_container: Container,
) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    await shop.press_data(USER, menu, "l:ru")
    [shown] = await shop.press_data(USER, menu, "p:99999")  # PlanNotFound: NotFound's row
    assert shown.text == t("ru", "shop.plan_unavailable") != t("en", "shop.plan_unavailable")
    assert shop.session.alerts[-1] == t("ru", "shop.plan_unavailable")


async def test_the_same_refusal_twice_on_one_message_still_answers_the_press(
    memory_container: Container,
) -> None:
    """Telegram refuses an edit that changes nothing ("message is not modified"); the
    second refusal must not be lost to it (the alert is the press's answer)."""
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    [shown] = await shop.press_data(USER, menu, "p:99999")
    alerts = len(shop.session.alerts)
    assert await shop.press_data(USER, shown, "p:99998") == []  # the chat already says it
    assert shop.session.alerts[alerts:] == [t("en", "shop.plan_unavailable")]


async def test_a_press_refused_before_start_is_shown_in_the_chat_too(
    memory_container: Container,
) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    [shown] = await shop.press_data(USER + 1, menu, "m:balance")  # never sent /start
    assert shown.text == t("en", "shop.register_first")
    assert shop.session.alerts[-1] == t("en", "shop.register_first")


async def test_a_refused_message_ends_the_flow(memory_container: Container) -> None:
    shop = await shop_with_plan(memory_container)
    await shop.say(USER, "/start")
    key = StorageKey(bot_id=shop.bot.id, chat_id=USER, user_id=USER)
    await shop.dp.storage.set_state(key, "TopUpStates:amount")
    await shop.dp.storage.set_data(key, {"method": "card"})  # card-to-card is off
    [shown] = await shop.say(USER, "500")
    assert shown.text == t("en", "shop.feature_off")
    assert [label for label, _ in shown.buttons] == [t("en", "menu.back")]
    assert await shop.dp.storage.get_state(key) is None


async def test_an_admins_receipt_card_stays_when_a_forged_press_is_refused(
    memory_container: Container,
) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    sent = len(shop.session.sent)
    assert await shop.press_data(USER, menu, "rc:ok:1") == []  # not an admin: nothing edited
    assert len(shop.session.sent) == sent
    assert shop.session.alerts[-1] == t("en", "receipt.not_admin")


async def test_an_unexpected_error_is_logged_with_the_tenant_and_answered_generically(
    memory_container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    shop.dp["shop"] = dataclasses.replace(shop.dp["shop"], customer=broken)
    with caplog.at_level(logging.ERROR):
        assert await shop.press(USER, menu, "My subscription") == []  # the menu stays
    assert shop.session.alerts[-1] == t("en", "common.error")
    [record] = [r for r in caplog.records if r.message == "handler failed"]
    assert record.__dict__["tenant_id"] == shop.tenant.id
    assert "secret" not in " ".join(shop.session.alerts)


async def test_a_refusal_goes_out_in_the_shops_language_when_the_users_is_unreadable(
    memory_container: Container,
) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")

    async def language_down(*args: object) -> str:
        raise ConnectionError("redis down")

    shop.dp["shop"] = dataclasses.replace(shop.dp["shop"], language=language_down)
    [shown] = await shop.press_data(USER, menu, "p:99999")
    assert shown.text == t(shop.tenant.default_language, "shop.plan_unavailable")
