"""The fast bot tier: the shop's screens through `Dispatcher.feed_update`, in memory.

What a user sees after each press, without HTTP, a simulator or a database (the
e2e tier runs the same journeys over HTTP). Cases beyond the happy path:
- a callback forged with another plan id, or ids past int64, changes nothing;
- a button pressed by a user who never sent /start;
- a user of one tenant pressing buttons in another tenant's bot sees only that bot's data.
"""

from __future__ import annotations

from src.application.shop.create_plan import CreatePlanInput
from src.core.shop.plan import PlanTerms
from src.infrastructure.container import Container
from tests.support.botfeed import FeedBot, feed_bot
from tests.support.shop import credit

USER = 710_001


async def shop_with_plan(container: Container, name: str = "Alpha") -> FeedBot:
    shop = await feed_bot(container, name)
    terms = PlanTerms(name="Month", period_days=30, price=50_000, traffic_gb=40, device_limit=2)
    await container.create_plan()(CreatePlanInput(shop.tenant.id, terms))
    return shop


async def test_start_shows_the_menu_of_the_tenant(memory_container: Container) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    assert "Alpha" in menu.text
    labels = [label for label, _ in menu.buttons]
    assert "🛒 Buy / Renew" in labels and "📄 My subscription" in labels


async def test_buy_without_balance_names_the_missing_amount(memory_container: Container) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    [plans] = await shop.press(USER, menu, "Buy")
    [details] = await shop.press(USER, plans, "Month")
    assert "Period: 30 days" in details.text
    answer = await shop.press(USER, details, "Buy for")
    shown = " ".join(s.text for s in answer) + " ".join(shop.session.alerts)
    assert "Missing" in shown


async def test_buy_with_balance_debits_once(memory_container: Container) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    async with memory_container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None
    await credit(memory_container, shop.tenant, user.id, 80_000)
    [plans] = await shop.press(USER, menu, "Buy")
    [details] = await shop.press(USER, plans, "Month")
    confirm = details.button("Buy for")
    await shop.press_data(USER, details, confirm)
    await shop.press_data(USER, details, confirm)  # the same confirmation pressed twice
    async with memory_container.uow().for_tenant(shop.tenant.id) as uow:
        after = await uow.users.by_telegram_id(USER)
    assert after is not None and after.balance == 30_000


async def test_forged_callbacks_change_nothing(memory_container: Container) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    forged = ("p:99999", f"p:{2**70}", f"b:{2**70}:n0nce", "b:-1:x", "m:trial", "\x00", "x" * 64)
    for data in forged:
        await shop.press_data(USER, menu, data)
    async with memory_container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None and user.balance == 0


async def test_a_user_who_never_started_is_asked_to(memory_container: Container) -> None:
    shop = await shop_with_plan(memory_container)
    [menu] = await shop.say(USER, "/start")
    await shop.press(USER + 1, menu, "My subscription")
    shown = [s.text for s in shop.session.sent[-1:]] + shop.session.alerts
    assert any("/start" in text for text in shown)
