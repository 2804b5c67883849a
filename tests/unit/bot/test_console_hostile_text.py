"""Hostile text on the tenant console's screens after the switch to Telegram HTML
(docs/i18n.md#safe-formatting), in the fast bot tier whose recording session now parses
every text as Telegram does (bad entities and texts over 4096 characters are a 400).

Cases considered: a support ticket of the longest text (4,096 characters of `<&>`) and
an admin's answer with a photo and a caption past 1,024 characters of `&` (the admins'
message and the caption clipped as Telegram counts, never cut inside an entity); an
adjustment reason holding `<`, `&` or a tag (it becomes the ledger
row's reference, listed on the user's card); dates and amounts on list lines built
outside `t` (they must read as the language writes them, never as a Python repr); the
longest reasons the use case accepts, several of them on one card (clipped, not
refused); plan and user names with `&amp;` and tags on buttons (read as typed); the
master audit log of ten 4,000-character config values (each row shortened; any HTML
text past 4,096 / 1,024 characters is clipped by the bot, never refused).
"""

from __future__ import annotations

from aiogram.methods import SendMessage, SendPhoto

from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.register_user import RegisterInput
from src.application.support.tickets import AnswerInput
from src.application.tenancy.config import SetConfigInput
from src.core.shop.plan import PlanTerms
from src.core.support.ticket import MAX_TEXT, TicketContent
from src.infrastructure.container import Container
from src.infrastructure.memory.support_desk import InMemorySupportDesk
from src.infrastructure.telegram.html_bot import plain_fields
from src.sandbox.telegram.formatting import format_text, utf16_len
from tests.unit.bot.test_master_console import ADMIN as MASTER_ADMIN
from tests.unit.bot.test_master_console import console as master_console
from tests.unit.bot.test_tenant_console import ADMIN, USER, console, find, open_menu
from tests.unit.support.test_tickets import ADMIN as SUPPORT_ADMIN
from tests.unit.support.test_tickets import CHAT, desk, support_world, write

__all__ = ["desk"]  # the fixture

HOSTILE = "<b>refund & <i>bonus</i> for a<b"


async def adjust(shop: object, card: object, amount: str, reason: str) -> object:
    await shop.press(ADMIN, card, "Adjust balance")  # type: ignore[attr-defined]
    await shop.say(ADMIN, amount)  # type: ignore[attr-defined]
    [confirm] = await shop.say(ADMIN, reason)  # type: ignore[attr-defined]
    [after] = await shop.press(ADMIN, confirm, "Yes, apply")  # type: ignore[attr-defined]
    return after


async def test_a_hostile_adjustment_reason_shows_literally_on_the_user_card(
    memory_container: Container,
) -> None:
    shop = await console(memory_container)
    await shop.say(USER, "/start")
    found = await find(shop, str(USER))
    [card] = await shop.press(ADMIN, found, str(USER))
    after = await adjust(shop, card, "25000", HOSTILE)
    assert "&lt;b&gt;refund &amp; &lt;i&gt;bonus" in after.text  # type: ignore[attr-defined]
    [again] = await shop.press(ADMIN, found, str(USER))
    assert "&lt;b&gt;refund &amp; &lt;i&gt;bonus&lt;/i&gt; for a&lt;b" in again.text
    assert "Moment(" not in again.text and "datetime" not in again.text
    assert "250.00" in again.text


# --- support tickets: the longest messages, in HTML ------------------------------------


def telegram_shows(text: str, limit: int) -> str:
    """What Telegram shows of `text` (parse_mode HTML), refusing what it would refuse."""
    shown, _ = format_text(text, "HTML", None)
    assert utf16_len(shown) <= limit, f"{utf16_len(shown)} characters > {limit}"
    return shown


async def test_a_ticket_of_the_longest_text_reaches_the_admins_as_telegram_takes_it(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c)
    body = "<&>" * (MAX_TEXT // 3) + "x"
    written = await c.write_ticket()(write(world.tenant, body))
    assert written.delivered
    [post] = desk.to(CHAT)
    assert post.text is not None
    shown = telegram_shows(post.text, 4096)
    assert f"#{written.ticket.id}" in shown and "<&><&>" in shown  # clipped, never refused
    more = await c.write_ticket()(write(world.tenant, body, written.ticket.id))
    assert more.delivered
    telegram_shows(desk.to(CHAT)[-1].text or "", 4096)


async def test_an_admin_answer_with_a_photo_and_a_long_hostile_caption(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c)
    await c.write_ticket()(write(world.tenant, "help"))
    [post] = desk.to(CHAT)
    # an answer of '&' cut at 1024 characters of HTML broke an entity in half
    answer = TicketContent("&" * 1500, "PHOTO-A", None)
    await c.answer_ticket()(
        AnswerInput(world.tenant, SUPPORT_ADMIN, CHAT, None, post.where.message_id, answer)
    )
    [photo] = [p for p in desk.posted if p.photo_file_id == "PHOTO-A"]
    assert photo.text is not None
    shown = telegram_shows(photo.text, 1024)
    assert shown.count("&") > 900 and not shown.endswith(("&am", "&a"))  # clipped, not cut


async def test_a_plan_name_with_markup_reads_as_typed_on_the_plans_buttons(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    name = "Tom &amp; <b>Jerry</b> a<b"
    await c.create_plan()(
        CreatePlanInput(shop.tenant.id, PlanTerms(name=name, period_days=30, price=50_000))
    )
    [plans] = await shop.press(ADMIN, await open_menu(shop), "Plans")
    assert any(name in label for label, _ in plans.buttons), plans.buttons  # not "Tom & Jerry"
    [card] = await shop.press(ADMIN, plans, name)
    assert "Tom &amp;amp; &lt;b&gt;Jerry" in card.text


async def test_a_user_name_with_markup_reads_as_typed_on_the_search_buttons(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    name = "Eve &amp; <i>Mallory</i>"
    await c.register_user()(RegisterInput(shop.tenant, USER, None, name))
    found = await find(shop, str(USER))
    assert any(name in label for label, _ in found.buttons), found.buttons


async def test_the_master_audit_log_of_long_config_values_is_clipped_not_refused(
    memory_container: Container,
) -> None:
    c = memory_container
    master, shop = await master_console(c)
    for n in range(5):  # welcome and support texts of 4,000 characters (audited: 500 each)
        for key in ("welcome_text", "support_text"):
            value = f"{n}<&>" + "w" * 3990
            await c.set_config_value()(
                SetConfigInput(shop.tenant.id, key, value, True, "api:master")
            )
    [home] = await master.say(MASTER_ADMIN, "/admin")
    [log] = await master.press(MASTER_ADMIN, home, "Audit log")
    assert "config.set" in log.text and "&lt;&amp;&gt;" in log.text
    assert log.buttons  # the pager and Back
    assert log.text.count("config.set") == 10  # each row shortened, every row shown


def test_the_bot_clips_any_html_text_past_telegram_s_limits_instead_of_a_400() -> None:
    long = "<b>head</b> " + "&amp;🙂" * 3000
    text = plain_fields(SendMessage(chat_id=1, text=long)).text  # type: ignore[attr-defined]
    assert telegram_shows(text, 4096).startswith("head &🙂&🙂")
    caption = plain_fields(SendPhoto(chat_id=1, photo="P", caption=long)).caption  # type: ignore[attr-defined]
    telegram_shows(caption, 1024)
    short = SendMessage(chat_id=1, text="<b>ok</b> &amp;")
    assert plain_fields(short).text == "<b>ok</b> &amp;"  # type: ignore[attr-defined]
    as_typed = SendMessage(chat_id=1, text="a<b", parse_mode=None)
    assert plain_fields(as_typed).text == "a<b"  # type: ignore[attr-defined]


async def test_a_welcome_text_of_the_longest_length_still_greets_a_new_user(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await console(c)
    welcome = "Welcome <to> & " + "w" * 3985  # 4,000: the config's limit
    await c.set_config_value()(SetConfigInput(shop.tenant.id, "welcome_text", welcome, True))
    [first] = await shop.say(USER, "/start")  # greeting + menu + languages: near 4,096
    assert telegram_shows(first.text, 4096).startswith("Welcome <to> & www")
    assert first.buttons  # the menu and the languages


def test_console_amounts_read_as_the_consoles_language_writes_them() -> None:
    """A plan's button in a Russian tenant's console: "1 500,00 ₽", not "1,500.00 RUB"."""
    from datetime import UTC, datetime

    from src.core.ids import PlanId
    from src.core.shop.plan import Plan, PlanTerms
    from src.interfaces.bot.handlers.console_plans import _label

    now = datetime(2026, 12, 1, tzinfo=UTC)
    terms = PlanTerms(name="Month", period_days=30, price=150_000, traffic_gb=40, device_limit=2)
    plan = Plan(PlanId(1), terms, now, now)
    assert _label("ru", plan, "RUB") == "✅ Month · 1\xa0500,00\xa0₽"
    assert _label("en", plan, "RUB") == "✅ Month · 1,500.00 RUB"
