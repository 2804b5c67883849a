"""Forum topics (Bot API ``createForumTopic``, ``closeForumTopic``) and replies.

A topic lives in a forum supergroup; its ``message_thread_id`` is the id of the
service message (``forum_topic_created``) that opens it, as in Telegram. Outgoing
messages that carry ``reply_parameters`` (or the older ``reply_to_message_id``)
get the replied message as ``reply_to_message``; a missing one is refused with
Telegram's 400 unless ``allow_sending_without_reply``.
"""

from __future__ import annotations

from typing import Any

from .call import Call
from .errors import bad_request

TOPIC_NAME_MAX = 128
ICON_COLORS = frozenset({0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F})


def create_forum_topic(call: Call) -> dict[str, Any]:
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    if not chat.get("is_forum"):
        raise bad_request("the chat is not a forum")
    name = call.text("name") or ""
    if not name:
        raise bad_request("TOPIC_NAME_EMPTY")
    if len(name) > TOPIC_NAME_MAX:
        raise bad_request("TOPIC_NAME_INVALID")
    color = call.params.get("icon_color")
    color = int(color) if color is not None else 0x6FB9F0
    if color not in ICON_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    thread_id = call.bot.next_message_id(chat["id"])
    topic = {"message_thread_id": thread_id, "name": name, "icon_color": color}
    service = {
        "message_id": thread_id,
        "from": call.bot.user_dict(),
        "chat": chat,
        "date": call.world.now(),
        "message_thread_id": thread_id,
        "is_topic_message": True,
        "forum_topic_created": {"name": name, "icon_color": color},
    }
    call.bot.store(service)
    call.world.topics.setdefault(chat["id"], {})[thread_id] = name
    call.world.changed()
    return topic


def close_forum_topic(call: Call) -> bool:
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    thread_id = call.thread_id()
    if thread_id is None or thread_id not in call.world.topics.get(chat["id"], {}):
        raise bad_request("TOPIC_ID_INVALID")
    call.world.closed_topics.add((chat["id"], thread_id))
    return True


def replied_message(call: Call, chat_id: int) -> dict[str, Any] | None:
    """The message an outgoing one replies to, as Telegram nests it (one level)."""
    params = call.params.get("reply_parameters")
    wanted = params.get("message_id") if isinstance(params, dict) else None
    allow = bool(params.get("allow_sending_without_reply")) if isinstance(params, dict) else False
    if wanted is None:
        wanted = call.params.get("reply_to_message_id")
        allow = bool(call.params.get("allow_sending_without_reply"))
    if wanted is None:
        return None
    found = call.bot.message(chat_id, int(wanted))
    if found is None:
        if allow:
            return None
        raise bad_request("message to be replied not found")
    return {k: v for k, v in found.items() if k != "reply_to_message"}
