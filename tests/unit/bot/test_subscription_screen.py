"""The subscription screen (issue #14 item 4) through `Dispatcher.feed_update`, in memory.

What a user sees on "My subscription" and after each of its buttons. Cases beyond the
happy path:
- no subscription: no QR, no guides, no Renew; a forged QR/guide press is answered,
  nothing is sent;
- an expired subscription: shown as expired, Renew still offered and extending from now;
- the panel down (or slow): the screen shows what the database knows (the stored link,
  the limits) with a note, no live traffic; the QR still works from the stored link;
- huge traffic numbers from the panel (past float's range, negative): still formatted,
  the bar full and capped;
- Renew's confirmation pressed twice at once, and replayed later: one renewal;
- the price changed between Renew's confirmation and the press: nothing is charged, the
  new price is shown for a fresh confirmation;
- forged data: an unknown platform, an unknown action, a press by a user who never sent
  /start, a user of another tenant pressing the same data: each sees only their own;
- history: more than 10 movements show the newest 10, newest first, amounts exact;
- the auto-renewal switch: absent with the flag off, and a forged press then is refused
  and changes nothing.
The ledger invariant (balance == sum of rows) is checked after each journey.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from aiogram.methods import SendPhoto
from aiogram.types import BufferedInputFile

from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.update_plan import UpdatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.billing.settings import GIB
from src.core.errors import ValidationError
from src.core.ids import ShopUserId
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.plan import Plan, PlanTerms
from src.core.shop.user import ShopUser, panel_username
from src.core.tenancy.config import DEFAULT_CONNECT_APPS, config_spec
from src.infrastructure.container import Container
from src.interfaces.bot.i18n import t
from src.interfaces.bot.views.shop import traffic_bar
from tests.support.botfeed import FeedBot, Sent, feed_bot
from tests.support.doubles import frozen_clock, memory_panel
from tests.support.factories import create_tenant
from tests.support.qr import decode_qr
from tests.support.shop import credit
from tests.support.top_ups import enable

USER = 740_001


async def shop_with_plan(container: Container, name: str = "Alpha") -> tuple[FeedBot, Plan]:
    shop = await feed_bot(container, name)
    terms = PlanTerms(name="Month", period_days=30, price=50_000, traffic_gb=40, device_limit=2)
    plan = await container.create_plan()(CreatePlanInput(shop.tenant.id, terms))
    return shop, plan


async def second_shop(container: Container, shop: FeedBot) -> FeedBot:
    """Another tenant's bot on the same Dispatcher and recording session."""
    token = "7000000099:AAfeedBeta"
    created = await create_tenant(container, "Beta", telegram_token=token)
    bot = container.bot_registry().add(created.tenant.id, token)
    return FeedBot(shop.dp, bot, shop.session, created.tenant)


async def user_id(container: Container, shop: FeedBot, telegram_id: int = USER) -> ShopUserId:
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
    assert user is not None
    return user.id


async def stored_user(container: Container, shop: FeedBot) -> ShopUser:
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None
    return user


async def subscribed(container: Container, balance: int = 80_000) -> tuple[FeedBot, Plan, Sent]:
    """A user who bought the plan; returns their subscription screen."""
    shop, plan = await shop_with_plan(container)
    [menu] = await shop.say(USER, "/start")
    await credit(container, shop.tenant, await user_id(container, shop), balance)
    [plans] = await shop.press(USER, menu, "Buy")
    [details] = await shop.press(USER, plans, "Month")
    [done] = await shop.press(USER, details, "Buy for")
    assert "Done!" in done.text
    return shop, plan, await open_screen(shop)


async def open_screen(shop: FeedBot, user: int = USER) -> Sent:
    [menu] = await shop.say(user, "/start")
    [screen] = await shop.press(user, menu, "My subscription")
    return screen


async def link_of(container: Container, shop: FeedBot) -> str:
    uid = await user_id(container, shop)  # not inside the next unit of work: it locks
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        sub = await uow.subscriptions.of_user(uid)
    assert sub is not None and sub.subscription_url is not None
    return sub.subscription_url


async def assert_ledger_invariant(container: Container, shop: FeedBot, telegram_id: int) -> None:
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
        assert user is not None
        rows = await uow.ledger.entries(user.id, limit=10_000, offset=0)
    assert user.balance == sum(r.amount for r in rows)


def last_photo(shop: FeedBot) -> SendPhoto:
    [*_, photo] = [c for c in shop.session.calls if isinstance(c, SendPhoto)]
    return photo


async def test_the_screen_shows_link_traffic_bar_devices_and_history(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c)
    link = await link_of(c, shop)
    assert link in screen.text
    assert "Traffic: 0.00 GB of 40.00 GB\n▱▱▱▱▱▱▱▱▱▱ 0%" in screen.text
    assert "Devices: 2" in screen.text
    assert "(30 days left)" in screen.text
    history = screen.text.split("Last balance movements:\n")[1].splitlines()
    assert history[0].endswith("-500.00 RUB  purchase")  # newest first, exact
    assert history[1].endswith("+800.00 RUB  top-up")
    labels = [label for label, _ in screen.buttons]
    assert labels[:2] == ["🔁 Renew", "📷 QR code"]
    assert labels[2:6] == ["iOS", "Android", "Windows", "macOS"]
    assert "🔄 Auto-renewal" not in " ".join(labels)  # the auto_renewal flag is off

    panel = memory_panel(c)
    panel_user = await panel.get_user_by_username(panel_username(shop.tenant.id, USER))
    assert panel_user is not None
    panel.edit(panel_user.id, used_traffic_bytes=10 * GIB + GIB // 200 + 1)  # 10.005.. -> 10.01
    screen = await open_screen(shop)
    assert "Traffic: 10.01 GB of 40.00 GB\n▰▰▱▱▱▱▱▱▱▱ 25%" in screen.text
    await assert_ledger_invariant(c, shop, USER)


async def test_the_qr_code_decodes_back_to_the_link(memory_container: Container) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c)
    link = await link_of(c, shop)
    await shop.press(USER, screen, "QR code")
    photo = last_photo(shop)
    assert isinstance(photo.photo, BufferedInputFile)
    assert decode_qr(photo.photo.data) == [link]
    assert photo.caption is not None and link in photo.caption
    assert int(photo.chat_id) == USER


async def test_each_platform_guide_names_the_app_and_the_link(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c)
    link = await link_of(c, shop)
    for label, platform in (("iOS", "ios"), ("Android", "android"), ("Windows", "windows")):
        [guide] = await shop.press(USER, screen, label)
        app = DEFAULT_CONNECT_APPS[platform]
        assert f"Connect on {label}" in guide.text and link in guide.text
        assert (f"⬇️ Install {app['name']}", app["url"]) in guide.buttons
    # the tenant names its own app for one platform; the others keep the defaults
    mine = {"macos": {"name": "FoxRay", "url": "https://example.com/foxray"}}
    await c.set_config_value()(SetConfigInput(shop.tenant.id, "connect_apps", mine, False))
    [guide] = await shop.press(USER, screen, "macOS")
    assert "Install FoxRay: https://example.com/foxray" in guide.text
    assert ("⬇️ Install FoxRay", mine["macos"]["url"]) in guide.buttons
    [guide] = await shop.press(USER, screen, "iOS")
    assert DEFAULT_CONNECT_APPS["ios"]["name"] in guide.text


async def test_renew_extends_through_the_same_confirmation(memory_container: Container) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c, balance=100_000)
    now = c.clock().now()
    [details] = await shop.press(USER, screen, "Renew")
    assert "Period: 30 days" in details.text
    [done] = await shop.press(USER, details, "Buy for")
    assert "Done!" in done.text
    uid = await user_id(c, shop)
    async with c.uow().for_tenant(shop.tenant.id) as uow:
        sub = await uow.subscriptions.of_user(uid)
    assert sub is not None
    assert abs(sub.expires_at - (now + timedelta(days=60))) < timedelta(seconds=1)
    screen = await open_screen(shop)
    history = screen.text.split("Last balance movements:\n")[1].splitlines()
    assert [line.rsplit("  ", 1)[1] for line in history] == ["purchase", "purchase", "top-up"]
    assert "Balance: 0.00 RUB" in (await shop.say(USER, "/start"))[0].text
    await assert_ledger_invariant(c, shop, USER)


async def test_a_price_changed_before_the_renew_press_charges_nothing(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, plan, screen = await subscribed(c, balance=200_000)
    [details] = await shop.press(USER, screen, "Renew")
    await c.update_plan()(UpdatePlanInput(shop.tenant.id, plan.id, price=60_000))
    [changed] = await shop.press(USER, details, "Buy for 500.00")
    assert t("en", "shop.plan_changed") in changed.text and "600.00 RUB" in changed.text
    async with c.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None and user.balance == 150_000  # only the first purchase
    await assert_ledger_invariant(c, shop, USER)


async def test_without_a_subscription_nothing_to_connect(memory_container: Container) -> None:
    shop, _ = await shop_with_plan(memory_container)
    screen = await open_screen(shop)
    assert t("en", "shop.no_subscription") in screen.text
    assert [label for label, _ in screen.buttons] == ["⬅️ Back"]
    for data in ("s:qr:", "s:guide:ios", "s:renew:"):
        await shop.press_data(USER, screen, data)
    assert not any(isinstance(call, SendPhoto) for call in shop.session.calls)
    assert t("en", "shop.no_subscription") in shop.session.alerts
    # Renew without a subscription leads to the plans on sale
    assert "Month" in " ".join(label for label, _ in shop.session.sent[-1].buttons)


async def test_an_expired_subscription_is_shown_and_renewed_from_now(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _, _ = await subscribed(c, balance=100_000)
    frozen_clock(c).advance(timedelta(days=45))
    screen = await open_screen(shop)
    assert "Status: expired" in screen.text and "(0 days left)" in screen.text
    [details] = await shop.press(USER, screen, "Renew")
    await shop.press(USER, details, "Buy for")
    uid = await user_id(c, shop)
    async with c.uow().for_tenant(shop.tenant.id) as uow:
        sub = await uow.subscriptions.of_user(uid)
    assert sub is not None
    assert abs(sub.expires_at - (c.clock().now() + timedelta(days=30))) < timedelta(seconds=1)
    await assert_ledger_invariant(c, shop, USER)


async def test_with_the_panel_down_the_screen_shows_what_it_knows(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _, _ = await subscribed(c)
    link = await link_of(c, shop)
    memory_panel(c).fail_next(100)
    screen = await open_screen(shop)
    assert "Traffic: — of 40.00 GB\nDevices: 2" in screen.text  # no bar without live data
    assert link in screen.text and t("en", "shop.panel_slow") in screen.text
    assert "Last balance movements:" in screen.text
    await shop.press(USER, screen, "QR code")  # the stored link still makes the code
    photo = last_photo(shop).photo
    assert isinstance(photo, BufferedInputFile) and decode_qr(photo.data) == [link]
    memory_panel(c).fail_next(0)


async def test_huge_traffic_numbers_still_format(memory_container: Container) -> None:
    c = memory_container
    shop, _, _ = await subscribed(c)
    panel = memory_panel(c)
    panel_user = await panel.get_user_by_username(panel_username(shop.tenant.id, USER))
    assert panel_user is not None
    panel.edit(panel_user.id, used_traffic_bytes=10**400)
    screen = await open_screen(shop)
    assert "Traffic: &gt;1,000,000,000,000 GB of 40.00 GB" in screen.text  # Telegram HTML
    assert "▰▰▰▰▰▰▰▰▰▰ &gt;999%" in screen.text
    assert traffic_bar(-5, 100) == "▱▱▱▱▱▱▱▱▱▱ 0%"
    assert traffic_bar(2**63, 1) == "▰▰▰▰▰▰▰▰▰▰ >999%"


async def test_history_lists_the_newest_ten_exactly(memory_container: Container) -> None:
    c = memory_container
    shop, _, _ = await subscribed(c, balance=50_001)
    uid = await user_id(c, shop)
    for n in range(1, 12):  # eleven more movements: 1.01 .. 11.11
        async with c.uow().for_tenant(shop.tenant.id) as uow:
            posting = Posting(LedgerKind.ADJUSTMENT, n * 101, "test", f"adj:{n}")
            await uow.ledger.post(uid, posting, c.clock().now())
            await uow.commit()
    screen = await open_screen(shop)
    history = screen.text.split("Last balance movements:\n")[1].splitlines()
    amounts = [line.split("  ")[1] for line in history]
    assert amounts == [f"+{n * 101 // 100}.{n * 101 % 100:02d} RUB" for n in range(11, 1, -1)]
    await assert_ledger_invariant(c, shop, USER)


async def test_forged_presses_show_each_user_only_their_own(memory_container: Container) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c)
    other = await second_shop(c, shop)
    sent = len(shop.session.sent)
    for data in ("s:guide:linux", "s:zzz:", "s:guide:" + "x" * 50):
        await shop.press_data(USER, screen, data)
    assert len(shop.session.sent) == sent  # answered by an alert only
    assert t("en", "common.stale_button") in shop.session.alerts
    await shop.press_data(USER + 1, screen, "s:qr:")  # never sent /start
    assert any("/start" in text for text in [*shop.session.alerts, shop.session.sent[-1].text])
    photos = len([call for call in shop.session.calls if isinstance(call, SendPhoto)])
    await other.say(USER, "/start")  # the same person in another tenant: no subscription there
    await other.press_data(USER, screen, "s:qr:")
    assert len([call for call in shop.session.calls if isinstance(call, SendPhoto)]) == photos
    assert other.session.alerts[-1] == t("en", "shop.no_subscription")


async def test_the_auto_renewal_switch_shows_only_with_the_flag_and_flips(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c)
    await shop.press_data(USER, screen, "s:auto:")  # forged while the flag is off
    assert shop.session.alerts[-1] == t("en", "shop.feature_off")
    assert (await stored_user(c, shop)).auto_renew is True
    await enable(c, shop.tenant.id, "auto_renewal")
    screen = await open_screen(shop)
    [off] = await shop.press(USER, screen, t("en", "sub.auto_on"))
    assert shop.session.alerts[-1] == t("en", "sub.auto_set_off")
    assert t("en", "sub.auto_off") in [label for label, _ in off.buttons]
    assert (await stored_user(c, shop)).auto_renew is False
    [on] = await shop.press(USER, off, t("en", "sub.auto_off"))
    assert t("en", "sub.auto_on") in [label for label, _ in on.buttons]
    assert (await stored_user(c, shop)).auto_renew is True


@pytest.mark.parametrize(
    "value",
    [
        {"linux": {"name": "X", "url": "https://x.example"}},  # no such platform
        {"ios": {"name": "X", "url": "javascript:alert(1)"}},  # a URL button must be https
        {"ios": {"name": "X", "url": "https://a b"}},
        {"ios": {"name": "", "url": "https://x.example"}},
        {"ios": {"name": "X\x00", "url": "https://x.example"}},
        {"ios": {"name": "X", "url": "https://x.example", "extra": {"deep": {"er": 1}}}},
        {"ios": "Streisand"},
    ],
)
def test_connect_apps_refuses_what_a_button_cannot_carry(value: object) -> None:
    with pytest.raises(ValidationError):
        config_spec("connect_apps", by_master=False).validate(value)


async def test_renew_pressed_twice_at_once_and_again_later_charges_once(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _, screen = await subscribed(c, balance=200_000)
    [details] = await shop.press(USER, screen, "Renew")
    confirm = details.button("Buy for")
    await asyncio.gather(*(shop.press_data(USER, details, confirm) for _ in range(2)))
    await shop.press_data(USER, details, confirm)  # the same confirmation replayed later
    async with c.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
        assert user is not None
        sub = await uow.subscriptions.of_user(user.id)
    assert user.balance == 100_000  # the first purchase and one renewal
    assert sub is not None
    assert abs(sub.expires_at - (c.clock().now() + timedelta(days=60))) < timedelta(seconds=1)
    await assert_ledger_invariant(c, shop, USER)
