"""Bot API methods that change, remove, copy or forward existing messages."""

from __future__ import annotations

from typing import Any

from .call import Call
from .errors import bad_request
from .markup import inline_markup, validate_reply_markup
from .sending import add_caption, finish, formatted_caption, formatted_text

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_CONTENT_KEYS = ("text", "entities", "photo", "document", "caption", "caption_entities")


def _own_message(call: Call, action: str) -> dict[str, Any]:
    if call.params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    message_id = call.params.get("message_id")
    if not isinstance(message_id, int):
        raise bad_request("message identifier is not specified")
    message = call.bot.message(chat["id"], message_id)
    if message is None:
        raise bad_request(f"message to {action} not found")
    return message


def _edit_markup(call: Call) -> dict[str, Any] | None:
    markup = validate_reply_markup(call.params.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return inline_markup(markup)


def _save_edit(
    call: Call, old: dict[str, Any], changes: dict[str, Any], markup: dict[str, Any] | None
) -> dict[str, Any]:
    if old["from"]["id"] != call.bot.bot_id:
        raise bad_request("message can't be edited")
    new = {k: v for k, v in old.items() if k not in changes and k != "reply_markup"}
    new.update({k: v for k, v in changes.items() if v})
    if markup is not None:
        new["reply_markup"] = markup
    if all(new.get(k) == old.get(k) for k in {*_CONTENT_KEYS, "reply_markup"}):
        raise bad_request(_NOT_MODIFIED)
    new["edit_date"] = call.world.now()
    call.bot.store(new)
    call.world.record_outgoing(call.bot, call.method, new, markup, edited=True)
    return new


def edit_message_text(call: Call) -> dict[str, Any]:
    old = _own_message(call, "edit")
    if "text" not in old:
        raise bad_request("there is no text in the message to edit")
    text, entities = formatted_text(call)
    return _save_edit(call, old, {"text": text, "entities": entities}, _edit_markup(call))


def edit_message_caption(call: Call) -> dict[str, Any]:
    old = _own_message(call, "edit")
    if "photo" not in old and "document" not in old:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = formatted_caption(call)
    changes = {"caption": caption, "caption_entities": entities}
    return _save_edit(call, old, changes, _edit_markup(call))


def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    old = _own_message(call, "edit")
    return _save_edit(call, old, {}, _edit_markup(call))


def delete_message(call: Call) -> bool:
    message = _own_message(call, "delete")
    call.bot.messages.pop((message["chat"]["id"], message["message_id"]), None)
    call.world.changed()
    return True


def _source(call: Call, action: str) -> dict[str, Any]:
    source_chat = call.world.target_chat(call.bot, call.params.get("from_chat_id"))
    message_id = call.params.get("message_id")
    source = (
        call.bot.message(source_chat["id"], message_id) if isinstance(message_id, int) else None
    )
    if source is None:
        raise bad_request(f"message to {action} not found")
    if "invoice" in source or "successful_payment" in source:
        raise bad_request(f"message can't be {action}ed")
    return source


def _copy_content(source: dict[str, Any], message: dict[str, Any]) -> None:
    for key in _CONTENT_KEYS:
        if key in source:
            message[key] = source[key]


def copy_message(call: Call) -> dict[str, Any]:
    source = _source(call, "copy")
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    markup = validate_reply_markup(call.params.get("reply_markup"))
    message = call.world.new_message(call.bot, chat, call.bot.user_dict(), call.thread_id())
    _copy_content(source, message)
    if "caption" in call.params and ("photo" in source or "document" in source):
        message.pop("caption", None)
        message.pop("caption_entities", None)
        add_caption(message, *formatted_caption(call))
    finish(call, message, markup)
    return {"message_id": message["message_id"]}


def forward_message(call: Call) -> dict[str, Any]:
    source = _source(call, "forward")
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    message = call.world.new_message(call.bot, chat, call.bot.user_dict(), call.thread_id())
    sender = source["from"]
    message["forward_origin"] = {"type": "user", "sender_user": sender, "date": source["date"]}
    _copy_content(source, message)
    return finish(call, message, None)
