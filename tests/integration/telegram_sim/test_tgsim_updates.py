"""Injected updates reaching aiogram through getUpdates: polling, offsets, buttons, a Dispatcher."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Dispatcher, Router
from aiogram.exceptions import TelegramConflictError
from aiogram.filters import CommandStart
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from src.sandbox.telegram import BotApiSimulator, ButtonNotFoundError

from .helpers import MakeBot, eventually

USER = 6001


async def test_text_and_command_updates(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    first = sim.send_text(bot.token, USER, "/start ref_abc", first_name="Ali", language_code="fa")
    second = sim.send_text(bot.token, USER, "plain")
    assert second == first + 1
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first, second]
    start = updates[0].message
    assert start is not None and start.from_user is not None
    assert start.text == "/start ref_abc" and start.from_user.first_name == "Ali"
    assert start.from_user.language_code == "fa" and start.chat.id == USER
    assert [(e.type, e.offset, e.length) for e in start.entities or []] == [("bot_command", 0, 6)]
    assert updates[1].message is not None and updates[1].message.entities is None


async def test_offset_confirms_earlier_updates(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    ids = [sim.send_text(bot.token, USER, f"m{i}") for i in range(3)]
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[1:2]
    assert await bot.get_updates(offset=ids[2] + 1) == []
    assert sim.pending_updates(bot.token) == []


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await eventually(lambda: sim.is_polling(bot.token))
    update_id = sim.send_text(bot.token, USER, "wake up")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.update_id for u in updates] == [update_id]
    assert loop.time() - started < 5


async def test_long_poll_honours_timeout_when_idle(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == []
    assert loop.time() - started >= 0.9


async def test_a_newer_poll_ends_the_older_with_conflict(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    older = asyncio.create_task(bot.get_updates(timeout=20))
    await eventually(lambda: sim.is_polling(bot.token))
    newer = asyncio.create_task(bot.get_updates(timeout=20))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(older, 5)
    sim.send_text(bot.token, USER, "for the newer")
    assert len(await asyncio.wait_for(newer, 5)) == 1


async def test_button_press_arrives_as_callback_query(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/start")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Buy", callback_data="buy:3")]]
    )
    sent = await bot.send_message(USER, "Menu", reply_markup=markup)
    update_id = sim.press_button(bot.token, USER, sent.message_id, "buy:3")
    updates = await bot.get_updates(offset=update_id)
    query = updates[0].callback_query
    assert query is not None and query.data == "buy:3" and query.from_user.id == USER
    assert isinstance(query.message, Message) and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Not enough balance", show_alert=True)
    answer = await sim.wait_callback_answer(bot.token, update_id)
    assert answer.text == "Not enough balance" and answer.show_alert
    with pytest.raises(Exception, match="query ID is invalid"):
        await bot.answer_callback_query(query.id)  # answered already


async def test_forged_button_press_is_refused(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/start")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Buy", callback_data="buy:3")]]
    )
    sent = await bot.send_message(USER, "Menu", reply_markup=markup)
    with pytest.raises(ButtonNotFoundError):
        sim.press_button(bot.token, USER, sent.message_id, "admin:approve:1")
    with pytest.raises(ButtonNotFoundError):
        sim.press_button(bot.token, USER + 1, sent.message_id, "buy:3")  # another user's chat
    with pytest.raises(ButtonNotFoundError):
        sim.press_button(bot.token, USER, sent.message_id + 50, "buy:3")
    forged = sim.press_button(bot.token, USER, sent.message_id, "admin:approve:1", force=True)
    updates = await bot.get_updates(offset=forged)
    assert updates[0].callback_query is not None
    assert updates[0].callback_query.data == "admin:approve:1"


async def test_dispatcher_polling_replies_to_start(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        assert message.from_user is not None
        await message.answer(f"Welcome, {message.from_user.first_name}!")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=5)
    )
    try:
        sim.send_text(bot.token, USER, "/start", first_name="Sara")
        reply = await sim.wait_for_message(bot.token, USER)
        assert reply.text == "Welcome, Sara!"
        sim.send_text(bot.token, USER, "/start", first_name="Sara B")
        again = await sim.wait_for_message(bot.token, USER, lambda m: "Sara B" in (m.text or ""))
        assert again.message_id > reply.message_id
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


async def test_feed_update_from_get_updates(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("hello from feed_update")

    sim.send_text(bot.token, USER, "/start")
    for update in await bot.get_updates():
        await dp.feed_update(bot, update)
    reply = await sim.wait_for_message(bot.token, USER, timeout=2)
    assert reply.text == "hello from feed_update"
