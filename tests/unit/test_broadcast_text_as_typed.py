"""A broadcast's text is what its author typed (docs/broadcasts.md): the bots speak
Telegram HTML by default, so a typed `<`, `>` or `&` ("50% off for <VIP> & friends")
made Telegram refuse the message ("can't parse entities") for every recipient. The
sender sends it as plain text, as typed, with its URL button.

Cases considered: `<`, `&`, a tag-like `<b>` shown literally; a photo caption; the
label of the URL button with `&`.
"""

from __future__ import annotations

from aiogram.methods import SendMessage, SendPhoto

from src.core.broadcasts import BroadcastMessage, Recipient, RecipientState
from src.core.ids import TenantId
from src.infrastructure.telegram.broadcast_sender import AiogramBroadcastSender
from src.infrastructure.telegram.registry import BotRegistry
from tests.support.botfeed import RecordingSession

A = TenantId(1)
TYPED = "Sale: 50% off for <VIP> & friends, <b>today</b> a<b"


async def test_a_typed_broadcast_with_html_characters_reaches_every_recipient() -> None:
    session = RecordingSession()  # parses as Telegram does: bad HTML is a 400
    registry = BotRegistry(session)  # type: ignore[arg-type]
    registry.add(A, "123:AAtyped")
    sender = AiogramBroadcastSender(registry)
    text = BroadcastMessage(TYPED, button_text="Shop & go", button_url="https://example.com")
    photo = BroadcastMessage(TYPED, photo_file_id="PHOTO")
    assert await sender.send(Recipient(A, 1), text) is RecipientState.SENT
    assert await sender.send(Recipient(A, 2), photo) is RecipientState.SENT
    sent, shown = session.calls
    assert isinstance(sent, SendMessage) and isinstance(shown, SendPhoto)
    assert (sent.text, shown.caption) == (TYPED, TYPED)
    assert sent.parse_mode is None and shown.parse_mode is None  # as typed
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].text == "Shop & go"  # type: ignore[union-attr]


async def test_a_button_label_holding_an_entity_shows_as_typed() -> None:
    session = RecordingSession()
    registry = BotRegistry(session)  # type: ignore[arg-type]
    registry.add(A, "123:AAtyped")
    message = BroadcastMessage(
        "hi", button_text="Tom &amp; <b>Jerry</b>", button_url="https://x.io"
    )
    assert (
        await AiogramBroadcastSender(registry).send(Recipient(A, 1), message) is RecipientState.SENT
    )
    [sent] = session.calls
    assert isinstance(sent, SendMessage) and sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].text == "Tom &amp; <b>Jerry</b>"  # type: ignore[union-attr]
