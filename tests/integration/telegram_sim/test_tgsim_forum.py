"""Forum topics and replies in the simulator, with a real aiogram Bot (Bot API shapes).

Cases: createForumTopic answers a ForumTopic whose thread id is its service message;
a message sent into the topic carries message_thread_id and is_topic_message; a
non-forum chat, an empty or over-long name refuse with Telegram's 400; a reply
nests the replied message (one level); replying to a missing message is 400 unless
allow_sending_without_reply; getChat says is_forum; an injected user reply nests too.
"""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ReplyParameters

from src.sandbox.telegram import BotApiSimulator

from .helpers import MakeBot

FORUM, PLAIN, ADMIN = -100_555_001, -100_555_002, 5501


async def test_topics_and_replies(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    bot = make_bot()
    sim.add_chat(FORUM, "supergroup", "Desk", is_forum=True)
    sim.add_chat(PLAIN, "supergroup", "Plain")
    assert (await bot.get_chat(FORUM)).is_forum is True
    assert not (await bot.get_chat(PLAIN)).is_forum

    topic = await bot.create_forum_topic(FORUM, "#1 Ann")
    assert topic.name == "#1 Ann" and topic.message_thread_id > 0
    assert sim.forum_topics(FORUM) == {topic.message_thread_id: "#1 Ann"}
    sent = await bot.send_message(FORUM, "hello", message_thread_id=topic.message_thread_id)
    assert sent.message_thread_id == topic.message_thread_id and sent.is_topic_message
    assert sent.message_id > topic.message_thread_id
    for chat, name, error in ((PLAIN, "x", "not a forum"), (FORUM, "", "TOPIC_NAME_EMPTY"),
                              (FORUM, "n" * 129, "TOPIC_NAME_INVALID")):  # fmt: skip
        with pytest.raises(TelegramBadRequest, match=error):
            await bot.create_forum_topic(chat, name)

    head = await bot.send_message(PLAIN, "ticket #1")
    reply = await bot.send_message(
        PLAIN, "more", reply_parameters=ReplyParameters(message_id=head.message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == head.message_id
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(PLAIN, "x", reply_parameters=ReplyParameters(message_id=9999))
    lenient = ReplyParameters(message_id=9999, allow_sending_without_reply=True)
    assert (await bot.send_message(PLAIN, "x", reply_parameters=lenient)).reply_to_message is None
    assert await bot.close_forum_topic(FORUM, topic.message_thread_id)

    sim.send_text(bot.token, ADMIN, "answer", chat_id=PLAIN, reply_to_message_id=head.message_id)
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.reply_to_message is not None
    assert update.message.reply_to_message.text == "ticket #1"
