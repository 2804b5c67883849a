"""Sending, editing and deleting messages with a real aiogram Bot."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonWebApp,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    WebAppInfo,
)

from src.sandbox.telegram import BotApiSimulator

from .helpers import MakeBot

USER = 5001


def _keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=t, callback_data=d)] for t, d in pairs]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def test_get_me_describes_the_registered_bot(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    me = await bot.get_me()
    assert me.id == bot.id
    assert me.is_bot
    assert me.username == f"t{bot.id}_bot"
    assert sim.calls(bot.token, "getMe")[-1].ok


async def test_send_message_with_inline_keyboard(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "hi")
    first = await bot.send_message(USER, "one")
    sent = await bot.send_message(
        USER, "Pick a plan", reply_markup=_keyboard(("1 month", "plan:1"), ("Back", "menu"))
    )
    assert sent.message_id == first.message_id + 1
    assert sent.chat.id == USER and sent.chat.type == "private"
    assert sent.from_user is not None and sent.from_user.id == bot.id
    assert sent.text == "Pick a plan"
    assert isinstance(sent.reply_markup, InlineKeyboardMarkup)
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "plan:1"
    recorded = sim.sent_messages(bot.id, USER)[-1]
    assert recorded.message_id == sent.message_id
    assert recorded.button_data("Back") == "menu"
    assert recorded.text == "Pick a plan" and not recorded.photo and not recorded.edited


async def test_reply_keyboard_is_recorded_but_not_returned(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "hi")
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Buy"), KeyboardButton(text="Help")]]
    )
    sent = await bot.send_message(USER, "menu", reply_markup=keyboard)
    assert sent.reply_markup is None  # Telegram only echoes inline keyboards
    assert sim.last_message(bot.token, USER).keyboard_texts == ["Buy", "Help"]  # type: ignore[union-attr]
    await bot.send_message(USER, "bye", reply_markup=ReplyKeyboardRemove())
    assert sim.last_message(bot.token, USER).reply_markup == {"remove_keyboard": True}  # type: ignore[union-attr]


async def test_html_is_parsed_into_entities_and_bad_html_is_refused(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "hi")
    sent = await bot.send_message(
        USER, "<b>Plan</b> &lt;1&gt; <a href='https://x.y'>link</a>", parse_mode="HTML"
    )
    assert sent.text == "Plan <1> link"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 4),
        ("text_link", 9, 4),
    ]
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "br"'):
        await bot.send_message(USER, "a<br>b", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="reserved and must be escaped"):
        await bot.send_message(USER, "Price: 1.5", parse_mode="MarkdownV2")
    escaped = await bot.send_message(USER, "*Price:* 1\\.5", parse_mode="MarkdownV2")
    assert escaped.text == "Price: 1.5"


async def test_send_message_errors(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(987654321, "hello")
    sim.add_user(USER + 1)
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(USER + 1, "hello")
    sim.send_text(bot.token, USER, "hi")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "x", reply_markup=_keyboard(("long", "x" * 65)))
    assert sim.calls(bot.token, "sendMessage")[-1].status == 400


async def test_edit_text_markup_and_delete(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "hi")
    sent = await bot.send_message(USER, "Step 1", reply_markup=_keyboard(("Next", "next")))
    edited = await bot.edit_message_text(
        text="Step 2",
        chat_id=USER,
        message_id=sent.message_id,
        reply_markup=_keyboard(("Go", "go")),
    )
    assert not isinstance(edited, bool)
    assert edited.text == "Step 2" and edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            text="Step 2",
            chat_id=USER,
            message_id=sent.message_id,
            reply_markup=_keyboard(("Go", "go")),
        )
    cleared = await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)
    assert not isinstance(cleared, bool) and cleared.reply_markup is None
    history = sim.sent_messages(bot.token, USER)
    assert [(m.text, m.edited, bool(m.buttons)) for m in history] == [
        ("Step 1", False, True),
        ("Step 2", True, True),
        ("Step 2", True, False),
    ]
    assert await bot.delete_message(USER, sent.message_id) is True
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="x", chat_id=USER, message_id=sent.message_id)


async def test_forum_topic_in_admin_supergroup(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    chat_id = -1_000_000_000_000 - bot.id
    sim.add_chat(chat_id, "supergroup", "Admins", is_forum=True)
    sent = await bot.send_message(chat_id, "New receipt", message_thread_id=7)
    assert sent.chat.is_forum and sent.chat.title == "Admins"
    assert sent.message_thread_id == 7 and sent.is_topic_message
    assert sim.last_message(bot.id, chat_id).message_thread_id == 7  # type: ignore[union-attr]
    sim.send_text(bot.token, 42, "approve", chat_id=chat_id, message_thread_id=7)
    updates = await bot.get_updates()
    message = updates[-1].message
    assert message is not None and message.chat.id == chat_id and message.message_thread_id == 7


async def test_commands_menu_and_chat_action(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "hi")
    commands = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="help", description="Help"),
    ]
    assert await bot.set_my_commands(commands) is True
    assert await bot.set_my_commands(
        commands[:1], scope=BotCommandScopeChat(chat_id=USER), language_code="fa"
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=USER), language_code="fa")
    assert [c.command for c in scoped] == ["start"]
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])
    button = MenuButtonWebApp(text="Shop", web_app=WebAppInfo(url="https://example.org"))
    assert await bot.set_chat_menu_button(menu_button=button) is True
    assert await bot.send_chat_action(USER, "typing") is True
    assert await bot.close() is True and await bot.log_out() is True
