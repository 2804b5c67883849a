"""What the web sandbox builds on: the change hook, a chat's history from both sides,
Pay under an invoice (pre-checkout, then the payment; paid once; payable again when
the bot declines), and forgetting every chat."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.types import LabeledPrice

from src.sandbox.telegram import BotApiSimulator, SimulatorError

from .helpers import MakeBot

USER = 7_301


async def test_history_holds_both_sides_and_the_hook_fires_on_each_change(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    changes: list[int] = []
    unsubscribe = sim.subscribe(lambda: changes.append(1))
    try:
        sim.send_text(bot.token, USER, "hello")
        sent = await bot.send_message(USER, "first")
        await bot.edit_message_text("edited", chat_id=USER, message_id=sent.message_id)
    finally:
        unsubscribe()
    assert len(changes) == 3  # the injection, the send, the edit
    history = sim.chat_history(bot.token, USER)
    assert [(m["from"]["id"], m.get("text")) for m in history] == [
        (USER, "hello"),
        (bot.id, "edited"),
    ]
    assert "edit_date" in history[1]
    sim.send_text(bot.token, USER, "after")
    assert len(changes) == 3  # unsubscribed
    sim.forget_chats()
    assert sim.chat_history(bot.token, USER) == []


async def test_pay_is_one_payment_and_a_declined_checkout_can_be_paid_again(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    bot = make_bot()
    sim.send_text(bot.token, USER, "/start")
    invoice = await bot.send_invoice(
        USER, "Top-up", "to the balance", "payload-1", "XTR", [LabeledPrice(label="x", amount=5)]
    )
    offset = (await bot.get_updates())[-1].update_id + 1  # the /start, confirmed below

    async def checkout(ok: bool) -> None:
        """The bot's side: answer the next pre-checkout query."""
        nonlocal offset
        while True:
            for update in await bot.get_updates(offset=offset, timeout=1):
                offset = update.update_id + 1
                if update.pre_checkout_query is not None:
                    await bot.answer_pre_checkout_query(
                        update.pre_checkout_query.id, ok=ok, error_message=None if ok else "no"
                    )
                    return

    declined, _ = await asyncio.gather(
        sim.pay_invoice(bot.token, USER, invoice.message_id), checkout(False)
    )
    assert not declined.ok and declined.error_message == "no"
    paid, _ = await asyncio.gather(
        sim.pay_invoice(bot.token, USER, invoice.message_id), checkout(True)
    )
    assert paid.ok
    payments = [m for m in sim.chat_history(bot.token, USER) if "successful_payment" in m]
    assert [m["successful_payment"]["invoice_payload"] for m in payments] == ["payload-1"]
    with pytest.raises(SimulatorError, match="already paid"):
        await sim.pay_invoice(bot.token, USER, invoice.message_id)
    with pytest.raises(SimulatorError, match="not an invoice"):
        await sim.pay_invoice(bot.token, USER, 1)  # the user's /start
