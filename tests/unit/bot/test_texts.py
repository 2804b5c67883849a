"""Issue #19 through the bot (docs/i18n.md): plurals, calendars and digits, escaping,
right-to-left isolation and per-tenant overrides, as a user sees them.

Hostile and edge cases considered here:
- 1, 2, 5, 11, 21, 22 (and 0) days: every Russian plural form, on the real screen;
- a first name, a tenant name and a receipt text with `<`, `>`, `&` and a whole tag;
- a Persian card number / tracking number / link inside right-to-left text;
- an override that drops a variable, adds one, breaks Fluent or HTML, holds NUL,
  is longer than Telegram takes, targets a key or a language that does not exist;
- an override of one tenant never reaches another tenant's users, and a reset (delete)
  brings the default back at once (the cache is invalidated, no wait);
- a tenant whose config asks for jalali dates in Persian digits, next to one that does not;
- buttons and alerts (which Telegram does not parse) show the plain text, not entities.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application import notices as n
from src.application.payments.card_top_up import CardOffer
from src.application.ports.customers import SubscriptionTerms
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.config import SetConfigInput
from src.application.tenancy.texts import TextOverrideInput
from src.core.errors import NotFound, ValidationError
from src.core.ids import PaymentCardId, ShopUserId, TenantId
from src.core.money import Money
from src.core.payments.card_payment import CardPayment, CardPaymentStatus, Receipt
from src.core.shop.user import ShopUser
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.telegram.html_bot import plain_fields
from src.interfaces.bot.i18n import Day, Style, TextContext, clip, rendering_for, t
from src.interfaces.bot.i18n.formatting import LRI, PDI
from src.interfaces.bot.i18n.overrides import check, html_problem
from src.interfaces.bot.views import topup
from src.interfaces.bot.views.notices import BotNoticeRenderer
from src.interfaces.bot.views.receipts import admin_text
from tests.support.botfeed import FeedBot, RecordingSession, feed_bot
from tests.support.doubles import memory_messenger

USER = 720_001
RU_DAYS = {1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 21: "21 день", 22: "22 дня"}


async def another(container: Container, name: str, **tenant: str) -> FeedBot:
    """A further tenant's bot: its bot shares the registry's session, which records."""
    shop = await feed_bot(container, name, **tenant)
    assert isinstance(shop.bot.session, RecordingSession)
    return replace(shop, session=shop.bot.session)


async def subscribed(container: Container, shop: FeedBot, user: int, days: int) -> None:
    registered = await container.register_user()(RegisterInput(shop.tenant, user))
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        await uow.subscriptions.extend(
            registered.user.id, SubscriptionTerms(None, days, 0, 1, False), container.clock().now()
        )
        await uow.commit()


async def my_subscription(shop: FeedBot, user: int, label: str) -> str:
    [menu] = await shop.say(user, "/start")
    [screen] = await shop.press(user, menu, label)
    return screen.text


@pytest.mark.parametrize(("days", "words"), sorted(RU_DAYS.items()))
async def test_russian_days_left_take_their_plural_form_on_my_subscription(
    memory_container: Container, days: int, words: str
) -> None:
    shop = await feed_bot(memory_container, "Alpha", default_language="ru")
    await subscribed(memory_container, shop, USER, days)
    text = await my_subscription(shop, USER, "Моя подписка")
    assert f"(осталось {words})" in text, text
    assert "дн." not in text


async def test_russian_reminders_take_their_plural_form(
    memory_container: Container, clock: FrozenClock
) -> None:
    """The reminder job, for a Russian user, on every reminder day of the config."""
    shop = await feed_bot(memory_container, "Alpha", default_language="ru")
    days = sorted(RU_DAYS, reverse=True)
    await memory_container.set_config_value()(
        SetConfigInput(shop.tenant.id, "reminder_days", days, False)
    )
    await subscribed(memory_container, shop, USER, 30)
    start = clock.now()
    sent: list[str] = []
    for left in days:  # an hour into the day that leaves `left` days
        clock.set(start + timedelta(days=30 - left, hours=1))
        assert (await memory_container.run_expiry_jobs()()).reminded == 1
        sent.append(memory_messenger(memory_container).to(USER)[-1])
    for left, text in zip(days, sent, strict=True):
        assert f"(через {RU_DAYS[left]})" in text, text


def test_english_and_persian_days_read_naturally() -> None:
    reminder = n.ExpiryReminder(
        language="en",
        tenant_id=TenantId(1),
        chat_id=1,
        expires_at=datetime(2026, 3, 21, tzinfo=UTC),
        days_left=1,
    )
    assert "(in 1 day)" in BotNoticeRenderer().render(reminder).text
    assert "(in 2 days)" in t("en", "shop.expiry_reminder", date=Day(datetime.now(UTC)), days=2)
    # Persian counts with a singular noun (no selector needed); Latin digits isolated
    assert f"{LRI}2{PDI} روز" in t("fa", "promo.days_pending", days=2)


async def test_a_jalali_tenant_shows_solar_hijri_dates_in_persian_digits(
    memory_container: Container, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 3, 1, tzinfo=UTC))
    jalali = await feed_bot(memory_container, "Pars", default_language="fa")
    for key, value in (("calendar", "jalali"), ("digits", "persian")):
        await memory_container.set_config_value()(
            SetConfigInput(jalali.tenant.id, key, value, False)
        )
    await subscribed(memory_container, jalali, USER, 20)  # expires 2026-03-21
    text = await my_subscription(jalali, USER, "اشتراک من")
    assert "۱ فروردین ۱۴۰۵" in text, text  # 1 Farvardin 1405
    assert "۲۰ روز" in text  # the days left in Persian digits too

    await memory_container.set_config_value()(
        SetConfigInput(jalali.tenant.id, "digits", "latin", False)
    )
    text = await my_subscription(jalali, USER, "اشتراک من")
    assert "1 فروردین 1405" in text, text

    gregorian = await another(memory_container, "Gregorian", default_language="fa")
    await subscribed(memory_container, gregorian, USER + 1, 20)
    text = await my_subscription(gregorian, USER + 1, "اشتراک من")
    assert "21 مارس 2026" in text and "فروردین" not in text, text

    english = await another(memory_container, "En", default_language="en")
    for key, value in (("calendar", "jalali"), ("digits", "persian")):
        await memory_container.set_config_value()(
            SetConfigInput(english.tenant.id, key, value, False)
        )
    await subscribed(memory_container, english, USER + 2, 20)
    text = await my_subscription(english, USER + 2, "My subscription")
    assert "March 21, 2026" in text, text  # the tenant's Persian choices are for Persian only


def test_money_reads_as_each_language_writes_it() -> None:
    amount = Money(150_000, "RUB")
    assert "1 500,00 ₽" in t("ru", "shop.balance", balance=amount).replace("\xa0", " ")
    assert "1,500.00 RUB" in t("en", "shop.balance", balance=amount)
    with rendering_for(TextContext(style=Style(digits="persian"))):
        assert "۱۵۰٬۰۰۰ تومان" in t("fa", "shop.balance", balance=Money(150_000, "IRT"))


PAYMENT = CardPayment(
    id=5,
    user_id=ShopUserId(1),
    card_id=PaymentCardId(2),
    card_masked="6037 **** **** 5670",
    amount=150_000,
    tracking_number="C2C0123456789ABCDEF",
    status=CardPaymentStatus.PENDING,
    receipt=Receipt("<script>&amp; paid", None),
    plan_id=None,
    created_at=datetime(2026, 3, 21, 9, 30, tzinfo=UTC),
    expires_at=datetime(2026, 3, 22, tzinfo=UTC),
    decided_by=None,
)


def hostile_user() -> ShopUser:
    return ShopUser(
        id=ShopUserId(1),
        telegram_id=42,
        language="en",
        balance=0,
        referral_code="c0de",
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
        username="a_b",
        first_name="<b>x</b> & <i",
    )


def test_a_first_name_with_html_shows_literally() -> None:
    text = admin_text("en", PAYMENT, hostile_user(), "RUB")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;i" in text
    assert "&lt;script&gt;&amp;amp; paid" in text  # the receipt text: escaped once, as typed
    assert "<b>" not in text and "<script>" not in text


async def test_a_tenant_name_with_html_shows_literally_in_the_menu(
    memory_container: Container,
) -> None:
    shop = await feed_bot(memory_container, "<b>Al&Co</b>")
    [menu] = await shop.say(USER, "/start")
    assert "\n&lt;b&gt;Al&amp;Co&lt;/b&gt;\nBalance" in menu.text
    assert shop.bot.default["parse_mode"] == "HTML"  # sent as HTML by default


def test_a_persian_receipt_isolates_the_card_number_and_the_tracking_number() -> None:
    admin = admin_text("fa", PAYMENT, None, "IRT")
    assert f"{LRI}6037 **** **** 5670{PDI}" in admin
    assert f"{LRI}C2C0123456789ABCDEF{PDI}" in admin
    card = CardOffer(
        amount=150_000,
        card_id=PaymentCardId(2),
        card_number="6037997512345670",
        holder_name="علی رضایی",
        card_masked="6037 **** **** 5670",
        offer_key="k",
    )
    offer = topup.card_offer("fa", card, "IRT")
    assert f"{LRI}6037 9975 1234 5670{PDI}" in offer
    link = t(
        "fa", "shop.trial_started", date=Day(datetime(2026, 3, 21)), link="https://x.y/s?a=1&b=2"
    )
    assert f"{LRI}https://x.y/s?a=1&amp;b=2{PDI}" in link
    assert LRI not in admin_text("en", PAYMENT, None, "IRT")  # left-to-right languages: none


def test_buttons_and_alerts_carry_plain_text() -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="💰 Balance &amp; <b>top-up</b>", callback_data="x")]
        ]
    )
    sent = plain_fields(SendMessage(chat_id=1, text="<b>a</b>", reply_markup=markup))
    assert isinstance(sent, SendMessage) and sent.text == "<b>a</b>"
    assert isinstance(sent.reply_markup, InlineKeyboardMarkup)
    assert sent.reply_markup.inline_keyboard[0][0].text == "💰 Balance & top-up"
    alert = plain_fields(AnswerCallbackQuery(callback_query_id="1", text="a &lt;b&gt; &amp; c"))
    assert isinstance(alert, AnswerCallbackQuery) and alert.text == "a <b> & c"


# --- overrides -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("{ $name }: баланс", "missing balance"),
        ("{ $name } { $balance } { $shop }", "unknown shop"),
        ("{ $name } { $balance", "not a Fluent pattern"),
        ("<b>{ $name } { $balance }", "never closed"),
        ("<script>{ $name } { $balance }</script>", "not a tag Telegram knows"),
        ("{ $name } & { $balance }", "bare '&'"),
        ("{ $name } { $balance }\x00", "NUL"),
        ("x" * 4100 + "{ $name } { $balance }", "longer than Telegram's limit of 4096"),
        ("   ", "empty"),
    ],
)
def test_an_override_is_refused_unless_it_fits(source: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        check("ru", "menu.title", source)


def test_a_caption_override_has_the_caption_limit() -> None:
    variables = "{ $tracking } { $amount } { $user } { $card } { $sent }"
    with pytest.raises(ValidationError, match="1024"):
        check("en", "receipt.admin", "x" * 1020 + variables)
    check("en", "receipt.admin", "<b>Receipt</b> " + variables)


def test_an_override_of_an_unknown_key_or_language_is_not_found() -> None:
    with pytest.raises(NotFound):
        check("de", "menu.title", "{ $name } { $balance }")
    with pytest.raises(NotFound):
        check("ru", "menu.nothing", "hi")


async def test_an_override_round_trip_is_seen_by_the_users_of_that_tenant_only(
    memory_container: Container,
) -> None:
    own = await feed_bot(memory_container, "Alpha", default_language="ru")
    other = await another(memory_container, "Beta", default_language="ru")
    await own.say(USER, "/start")  # registers: later /start show the menu alone
    [before] = await own.say(USER, "/start")
    source = "<b>{ $name }</b> приветствует вас!\nНа счету: { $balance }"
    check("ru", "menu.title", source)
    await memory_container.set_text_override()(
        TextOverrideInput(own.tenant.id, "ru", "menu.title", source)
    )
    [after] = await own.say(USER, "/start")
    assert after.text.startswith("<b>Alpha</b> приветствует вас!\nНа счету: 0,00")
    [elsewhere] = await other.say(USER, "/start")
    assert "Beta\nБаланс: 0,00\xa0₽\nВыберите действие:" in elsewhere.text  # a first /start
    with rendering_for(TextContext(overrides={("ru", "menu.title"): source})):
        assert t("en", "menu.title", name="A", balance=1) == "A\nBalance: 1\nChoose an option:"

    assert await memory_container.reset_text_override()(own.tenant.id, "ru", "menu.title")
    [reset] = await own.say(USER, "/start")
    assert reset.text == before.text
    assert not await memory_container.reset_text_override()(own.tenant.id, "ru", "menu.title")


async def test_a_notice_uses_its_tenants_override(memory_container: Container) -> None:
    shop = await feed_bot(memory_container, "Alpha", default_language="en")
    source = "Heads up: { $days } left, until { $date }."
    await memory_container.set_text_override()(
        TextOverrideInput(shop.tenant.id, "en", "shop.expiry_reminder", source)
    )
    await shop.say(USER, "/start")  # the bot loads the tenant's texts on its updates
    renderer = memory_container.notice_renderer()
    reminder = n.ExpiryReminder(
        language="en",
        tenant_id=shop.tenant.id,
        chat_id=USER,
        expires_at=datetime(2026, 3, 21, tzinfo=UTC),
        days_left=2,
    )
    assert renderer.render(reminder).text.startswith("Heads up: 2 left")
    someone_else = n.ExpiryReminder(
        language="en",
        tenant_id=TenantId(shop.tenant.id + 1),
        chat_id=USER,
        expires_at=datetime(2026, 3, 21, tzinfo=UTC),
        days_left=2,
    )
    assert renderer.render(someone_else).text.startswith("⏰ Your subscription ends")


def test_a_long_text_is_cut_where_telegram_counts_never_inside_an_entity() -> None:
    text = "<b>" + "&amp;" * 30 + "</b>"
    assert clip(text, 30) == text  # 30 characters shown
    cut = clip(text, 10)
    assert cut == "&amp;" * 9 + "…" and html_problem(cut) is None


async def test_traffic_reads_in_the_users_language(memory_container: Container) -> None:
    shop = await feed_bot(memory_container, "Alpha", default_language="ru")
    registered = await memory_container.register_user()(RegisterInput(shop.tenant, USER))
    async with memory_container.uow().for_tenant(shop.tenant.id) as uow:
        terms = SubscriptionTerms(None, 5, 1536 * 1024**3, 2, False)  # 1 536 GiB
        await uow.subscriptions.extend(registered.user.id, terms, memory_container.clock().now())
        await uow.commit()
    text = await my_subscription(shop, USER, "Моя подписка")
    assert "из 1\xa0536,00 ГБ" in text, text


async def test_a_refusal_speaks_the_tenants_own_words(memory_container: Container) -> None:
    """The error handler runs outside the update's middlewares; it words a refusal with
    the update's text context all the same (an override of a refusal is seen)."""
    own = await feed_bot(memory_container, "Alpha")
    other = await another(memory_container, "Beta")
    source = "Sorry, that plan is gone. Ask @alpha_support."
    await memory_container.set_text_override()(
        TextOverrideInput(own.tenant.id, "en", "shop.plan_unavailable", source)
    )
    [menu] = await own.say(USER, "/start")
    [refused] = await own.press_data(USER, menu, "p:99999")  # a forged plan id: NotFound
    assert refused.text == source
    [menu] = await other.say(USER, "/start")
    [refused] = await other.press_data(USER, menu, "p:99999")
    assert refused.text == t("en", "shop.plan_unavailable") != source
