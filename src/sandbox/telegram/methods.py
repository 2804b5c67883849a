"""The Bot API method table (lower-cased names, as Telegram's are case-insensitive)
and ``getUpdates``, the only method that waits."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from . import botmethods as b
from . import editing as e
from . import forum as f
from . import sending as s
from .call import Call, Handler
from .errors import ApiError

CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

HANDLERS: dict[str, Handler] = {
    "getme": b.get_me,
    "logout": b.close,
    "close": b.close,
    "setwebhook": b.set_webhook,
    "deletewebhook": b.delete_webhook,
    "getwebhookinfo": b.get_webhook_info,
    "setmycommands": b.set_my_commands,
    "getmycommands": b.get_my_commands,
    "deletemycommands": b.delete_my_commands,
    "setchatmenubutton": b.set_chat_menu_button,
    "getchatmenubutton": b.get_chat_menu_button,
    "getchat": b.get_chat,
    "getfile": b.get_file,
    "answercallbackquery": b.answer_callback_query,
    "answerprecheckoutquery": b.answer_pre_checkout_query,
    **b.PROFILE_HANDLERS,
    "sendmessage": s.send_message,
    "sendphoto": s.send_photo,
    "senddocument": s.send_document,
    "sendinvoice": s.send_invoice,
    "sendchataction": s.send_chat_action,
    "editmessagetext": e.edit_message_text,
    "editmessagecaption": e.edit_message_caption,
    "editmessagereplymarkup": e.edit_message_reply_markup,
    "deletemessage": e.delete_message,
    "copymessage": e.copy_message,
    "forwardmessage": e.forward_message,
    "createforumtopic": f.create_forum_topic,
    "closeforumtopic": f.close_forum_topic,
}
SUPPORTED = frozenset({*HANDLERS, "getupdates"})


async def get_updates(call: Call, *, stopping: asyncio.Event) -> list[dict[str, Any]]:
    """Long poll: answer at once when updates are pending, else wait for one
    (woken by an event, no polling loop) until ``timeout`` seconds pass.

    A newer getUpdates of the same bot ends an older waiting one with 409, as
    Telegram does; so does setting a webhook."""
    bot = call.bot
    if bot.webhook is not None:
        raise ApiError(409, CONFLICT_WEBHOOK)
    params = call.params
    limit = min(max(params.get("limit") or 100, 1), 100)
    timeout = max(params.get("timeout") or 0, 0)
    if "allowed_updates" in params:
        bot.allowed_updates = list(params["allowed_updates"] or []) or None
    bot.confirm(params.get("offset"))
    bot.poll_generation += 1
    generation = bot.poll_generation
    bot.wake_pollers()
    bot.polls_in_flight += 1
    bot.max_polls_in_flight = max(bot.max_polls_in_flight, bot.polls_in_flight)
    try:
        return await _long_poll(call, generation, limit, timeout, stopping)
    finally:
        bot.polls_in_flight -= 1


async def _long_poll(
    call: Call, generation: int, limit: int, wait: float, stopping: asyncio.Event
) -> list[dict[str, Any]]:
    bot = call.bot
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        if bot.poll_generation != generation:
            raise ApiError(409, CONFLICT_OTHER_POLL)
        if bot.webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK)
        updates = bot.available(limit)
        remaining = deadline - loop.time()
        if updates or remaining <= 0 or stopping.is_set():
            return updates
        if bot.wakeup is None:
            bot.wakeup = asyncio.Event()
        wakeup = bot.wakeup
        # The stopper wakes every bot, so one wait covers both the update and the stop.
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wakeup.wait(), remaining)
        finally:
            if bot.wakeup is wakeup:  # timed out or cancelled: nobody waits on it now
                bot.wakeup = None
