"""Bot API methods about the bot itself: identity, webhook, commands, menu,
files, answers to callback and pre-checkout queries."""

from __future__ import annotations

import json
import re
from typing import Any

from .call import Call, Described, Handler
from .errors import bad_request
from .media import file_dict
from .records import CallbackAnswer, PreCheckoutAnswer
from .state import WebhookConfig

_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


def get_me(call: Call) -> dict[str, Any]:
    return call.bot.me_dict()


def close(call: Call) -> bool:
    return True


def set_webhook(call: Call) -> Described:
    url = call.text("url") or ""
    if not url:
        return delete_webhook(call)
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = call.text("secret_token")
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = call.params.get("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    bot = call.bot
    if call.params.get("drop_pending_updates"):
        bot.pending.clear()
    if "allowed_updates" in call.params:
        bot.allowed_updates = list(call.params["allowed_updates"] or []) or None
    same = bot.webhook is not None and (bot.webhook.url, bot.webhook.secret_token) == (url, secret)
    bot.webhook = WebhookConfig(url=url, secret_token=secret, max_connections=max_connections)
    bot.wake_pollers()
    if call.world.on_update is not None:
        call.world.on_update(bot)
    return Described(True, "Webhook is already set" if same else "Webhook was set")


def delete_webhook(call: Call) -> Described:
    bot = call.bot
    if call.params.get("drop_pending_updates"):
        bot.pending.clear()
    if bot.webhook is None:
        return Described(True, "Webhook is already deleted")
    bot.webhook = None
    return Described(True, "Webhook was deleted")


def get_webhook_info(call: Call) -> dict[str, Any]:
    bot = call.bot
    if bot.webhook is None:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(bot.pending),
        }
    return bot.webhook.info(len(bot.pending), bot.allowed_updates)


def _commands_key(call: Call) -> tuple[str, str]:
    scope = call.params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), call.text("language_code") or ""


def set_my_commands(call: Call) -> bool:
    commands = call.params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = _commands_key(call)
    if commands:
        call.bot.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        call.bot.commands.pop(key, None)
    return True


def get_my_commands(call: Call) -> list[dict[str, Any]]:
    return call.bot.commands.get(_commands_key(call), [])


def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(_commands_key(call), None)
    return True


def set_chat_menu_button(call: Call) -> bool:
    button = call.params.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or "type" not in button:
        raise bad_request("can't parse menu button JSON object")
    chat_id = call.params.get("chat_id")
    call.bot.menu_buttons[chat_id if isinstance(chat_id, int) else None] = button
    return True


def get_chat_menu_button(call: Call) -> dict[str, Any]:
    chat_id = call.params.get("chat_id")
    buttons = call.bot.menu_buttons
    key = chat_id if isinstance(chat_id, int) else None
    return buttons.get(key) or buttons.get(None) or {"type": "commands"}


def _profile_setter(field: str, limit: int) -> Handler:
    def handler(call: Call) -> bool:
        value = call.text(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        call.bot.profile[field] = value or (call.bot.first_name if field == "name" else "")
        return True

    return handler


def _profile_getter(field: str) -> Handler:
    def handler(call: Call) -> dict[str, str]:
        return {field: call.bot.profile[field]}

    return handler


def get_chat(call: Call) -> dict[str, Any]:
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    gifts = {
        "unlimited_gifts": True,
        "limited_gifts": True,
        "unique_gifts": True,
        "premium_subscription": True,
        "gifts_from_channels": True,
    }
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


def get_file(call: Call) -> dict[str, Any]:
    record = call.world.files.get(call.text("file_id") or "")
    if record is None:
        raise bad_request("invalid file_id")
    return file_dict(record)


def answer_callback_query(call: Call) -> bool:
    world = call.world
    query_id = call.text("callback_query_id") or ""
    owner = world.callback_queries.get(query_id)
    if owner is None or owner[0] != call.bot.bot_id or owner in world.callback_answers:
        raise bad_request(_QUERY_INVALID)
    text = call.text("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    world.callback_answers[owner] = CallbackAnswer(
        query_id=query_id,
        update_id=owner[1],
        text=text,
        show_alert=bool(call.params.get("show_alert")),
        url=call.text("url"),
        at=world.clock(),
    )
    world.signal_answer(query_id)
    return True


def answer_pre_checkout_query(call: Call) -> bool:
    world = call.world
    query_id = call.text("pre_checkout_query_id") or ""
    owner = world.pre_checkout_queries.get(query_id)
    if owner != call.bot.bot_id or query_id in world.pre_checkout_answers:
        raise bad_request(_QUERY_INVALID)
    if "ok" not in call.params:
        raise bad_request('parameter "ok" is required')
    ok = bool(call.params["ok"])
    error_message = call.text("error_message")
    if not ok and not error_message:
        raise bad_request("ERROR_MESSAGE_EMPTY")
    world.pre_checkout_answers[query_id] = PreCheckoutAnswer(
        query_id=query_id, ok=ok, error_message=error_message, at=world.clock()
    )
    world.signal_answer(query_id)
    return True


PROFILE_HANDLERS: dict[str, Handler] = {
    "setmyname": _profile_setter("name", 64),
    "setmydescription": _profile_setter("description", 512),
    "setmyshortdescription": _profile_setter("short_description", 120),
    "getmyname": _profile_getter("name"),
    "getmydescription": _profile_getter("description"),
    "getmyshortdescription": _profile_getter("short_description"),
}
