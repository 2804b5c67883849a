"""First contact (issue #14 item 5) through `Dispatcher.feed_update`, in memory.

A new user's first /start offers the languages (the tenant's default preselected) on
the menu; /help lists what this tenant offers; a message no handler took gets a short
help with the menu button. Cases beyond the happy path:
- a deep link (`/start ref_<code>`) as the first contact: the referrer is recorded and
  the choice of language does not lose it;
- several messages in one batch (fed concurrently): each is answered once;
- a photo, a sticker outside any flow: the short help, not silence; an album: one;
- inside a conversation (the promo code question): the text is the flow's, not help's;
- a command no handler took (`/nosuch`), a message in a group (an admin chat): silence,
  checked after a positive signal (the same update's handling returned);
- a user who never sent /start writing text: the help in the tenant's language;
- /start again: no language row, no greeting (the choice was made).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiogram.types import Chat, Message, PhotoSize, Sticker, User

from src.core.shop.user import ShopUser
from src.infrastructure.container import Container
from src.interfaces.bot.i18n import t
from tests.support.botfeed import FeedBot, Sent, feed_bot
from tests.support.top_ups import enable

USER = 750_001
ADMIN = 750_900


async def stored_user(container: Container, shop: FeedBot, telegram_id: int) -> ShopUser:
    async with container.uow().for_tenant(shop.tenant.id) as uow:
        user = await uow.users.by_telegram_id(telegram_id)
    assert user is not None
    return user


def message(user_id: int, *, chat_type: str = "private", **content: object) -> Message:
    chat_id = user_id if chat_type == "private" else -100_000_123
    return Message(
        message_id=1,
        date=datetime.now(UTC),
        chat=Chat(id=chat_id, type=chat_type),
        from_user=User(id=user_id, is_bot=False, first_name="u"),
        **content,  # type: ignore[arg-type]
    )


async def test_the_first_start_offers_the_languages_with_the_default_marked(
    memory_container: Container,
) -> None:
    shop = await feed_bot(memory_container, "Alpha", default_language="ru")
    [first] = await shop.say(USER, "/start")
    assert t("ru", "start.choose_language") in first.text
    assert t("ru", "menu.buy") in [label for label, _ in first.buttons]  # usable at once
    rows = first.markup.inline_keyboard if first.markup else []
    assert [b.text for b in rows[-1]] == ["✓ Русский", "فارسی", "English"]
    assert t("ru", "menu.language") not in [label for label, _ in first.buttons]
    [again] = await shop.say(USER, "/start")
    assert t("ru", "start.choose_language") not in again.text and "✓" not in again.text

    [menu] = await shop.press(USER, first, "English")
    assert menu.text.startswith("Alpha\nBalance:")
    assert "✓" not in " ".join(label for label, _ in menu.buttons)
    assert (await stored_user(memory_container, shop, USER)).language == "en"
    # every prompt afterwards in the chosen language
    [plans] = await shop.press(USER, menu, t("en", "menu.buy"))
    assert plans.text == t("en", "shop.no_plans")
    [helped] = await shop.say(USER, "/help")
    assert helped.text.startswith(t("en", "help.text", lines="").split("\n")[0])


async def test_a_deep_link_start_keeps_the_referrer_after_the_choice(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await feed_bot(c, "Alpha")
    await enable(c, shop.tenant.id, "referral_program")
    await shop.say(USER, "/start")
    referrer = await stored_user(c, shop, USER)
    [first] = await shop.say(USER + 1, f"/start ref_{referrer.referral_code}")
    assert t("en", "start.choose_language") in first.text
    [menu] = await shop.press(USER + 1, first, "Русский")
    assert t("ru", "menu.buy") in [label for label, _ in menu.buttons]
    referee = await stored_user(c, shop, USER + 1)
    assert referee.language == "ru" and referee.referred_by == referrer.id
    [screen] = await shop.press(USER + 1, menu, t("ru", "menu.referrals"))
    assert t("ru", "menu.back") in [label for label, _ in screen.buttons]


async def test_help_lists_what_this_tenant_offers(memory_container: Container) -> None:
    c = memory_container
    shop = await feed_bot(c, "Alpha")
    [helped] = await shop.say(USER, "/help")  # before /start: the default language
    assert t("en", "help.line_trial") in helped.text
    assert t("en", "help.line_promo") not in helped.text
    assert t("en", "help.line_referrals") not in helped.text
    assert [label for label, _ in helped.buttons] == [t("en", "help.menu")]
    await enable(c, shop.tenant.id, "promo_codes")
    await shop.say(USER, "/start")
    [helped] = await shop.say(USER, "/help")
    assert t("en", "help.line_promo") in helped.text


async def test_text_outside_any_flow_gets_the_short_help(memory_container: Container) -> None:
    shop = await feed_bot(memory_container, "Alpha")
    [first] = await shop.say(USER, "/start")
    await shop.press(USER, first, "English")
    [helped] = await shop.say(USER, "hello?")
    assert helped.text == t("en", "help.fallback")
    [menu] = await shop.press(USER, helped, t("en", "help.menu"))
    assert t("en", "menu.buy") in [label for label, _ in menu.buttons]
    # several messages in one batch: each answered once, nothing else sent
    before = len(shop.session.sent)
    await asyncio.gather(*(shop.say(USER, f"msg {n}") for n in range(5)))
    replies = shop.session.sent[before:]
    assert [r.text for r in replies] == [t("en", "help.fallback")] * 5


async def test_a_photo_or_sticker_outside_any_flow_gets_the_short_help(
    memory_container: Container,
) -> None:
    shop = await feed_bot(memory_container, "Alpha", default_language="fa")
    await shop.say(USER, "/start")
    photo = [PhotoSize(file_id="p", file_unique_id="pu", width=10, height=10)]
    [helped] = await shop.feed(message=message(USER, photo=photo))
    assert helped.text == t("fa", "help.fallback")  # the user's language
    sticker = Sticker(
        file_id="s",
        file_unique_id="su",
        type="regular",
        width=512,
        height=512,
        is_animated=False,
        is_video=False,
    )
    [helped] = await shop.feed(message=message(USER, sticker=sticker))
    assert helped.text == t("fa", "help.fallback")
    # a stranger who never sent /start: the tenant's language, and the menu asks for /start
    [helped] = await shop.say(USER + 7, "hi")
    assert helped.text == t("fa", "help.fallback")


async def test_silence_for_commands_groups_and_conversations(
    memory_container: Container,
) -> None:
    c = memory_container
    shop = await feed_bot(c, "Alpha", admin_ids=(ADMIN,))
    await enable(c, shop.tenant.id, "promo_codes")
    [menu] = await shop.say(USER, "/start")
    assert await shop.say(USER, "/nosuch") == []  # a command belongs to its handler
    text = message(ADMIN, chat_type="supergroup", text="approved, thanks")
    assert await shop.feed(message=text) == []  # admins talking in their chat
    [asked] = await shop.press(USER, menu, t("en", "menu.promo"))
    assert asked.text == t("en", "promo.ask")
    [refused] = await shop.say(USER, "NOSUCHCODE")  # the flow's answer, not the help
    assert refused.text != t("en", "help.fallback")


async def test_the_language_button_marks_the_current_language(
    memory_container: Container,
) -> None:
    shop = await feed_bot(memory_container, "Alpha")
    [first] = await shop.say(USER, "/start")
    [menu] = await shop.press(USER, first, "فارسی")
    [choose] = await shop.press(USER, menu, t("fa", "menu.language"))
    assert choose.text == t("fa", "shop.language_title")
    assert [label for label, _ in choose.buttons] == ["English", "✓ فارسی", "Русский"]
    back: Sent = (await shop.press(USER, choose, "English"))[0]
    assert t("en", "menu.buy") in [label for label, _ in back.buttons]


async def test_an_album_gets_one_help(memory_container: Container) -> None:
    shop = await feed_bot(memory_container, "Alpha")
    await shop.say(USER, "/start")
    replies: list[Sent] = []
    for n in range(3):
        photo = [PhotoSize(file_id=f"p{n}", file_unique_id=f"u{n}", width=10, height=10)]
        replies += await shop.feed(message=message(USER, photo=photo, media_group_id="alb1"))
    assert [r.text for r in replies] == [t("en", "help.fallback")]
    photo = [PhotoSize(file_id="q", file_unique_id="q", width=10, height=10)]
    [again] = await shop.feed(message=message(USER, photo=photo, media_group_id="alb2"))
    assert again.text == t("en", "help.fallback")
