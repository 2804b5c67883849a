"""Bot API methods that send new messages."""

from __future__ import annotations

from typing import Any

from .call import Call
from .errors import bad_request
from .formatting import format_text, utf16_len
from .forum import replied_message
from .markup import inline_markup, validate_reply_markup
from .media import document_dict, photo_sizes, resolve_media

MAX_TEXT = 4096
MAX_CAPTION = 1024
STARS = "XTR"


def _start(call: Call) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A new message from the bot in the target chat, and the validated markup."""
    chat = call.world.target_chat(call.bot, call.params.get("chat_id"))
    markup = validate_reply_markup(call.params.get("reply_markup"))
    replied = replied_message(call, chat["id"])
    message = call.world.new_message(call.bot, chat, call.bot.user_dict(), call.thread_id())
    if replied is not None:
        message["reply_to_message"] = replied
    return message, markup


def finish(call: Call, message: dict[str, Any], markup: dict[str, Any] | None) -> dict[str, Any]:
    inline = inline_markup(markup)
    if inline is not None:
        message["reply_markup"] = inline
    call.bot.store(message)
    call.world.record_outgoing(call.bot, call.method, message, markup, edited=False)
    return message


def formatted_caption(call: Call) -> tuple[str, list[dict[str, Any]]]:
    caption, entities = format_text(
        call.text("caption") or "", call.text("parse_mode"), call.params.get("caption_entities")
    )
    if utf16_len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return caption, entities


def add_caption(message: dict[str, Any], caption: str, entities: list[dict[str, Any]]) -> None:
    if caption:
        message["caption"] = caption
        if entities:
            message["caption_entities"] = entities


def formatted_text(call: Call) -> tuple[str, list[dict[str, Any]]]:
    text, entities = format_text(
        call.text("text") or "", call.text("parse_mode"), call.params.get("entities")
    )
    if not text:
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, entities


def send_message(call: Call) -> dict[str, Any]:
    message, markup = _start(call)
    text, entities = formatted_text(call)
    message["text"] = text
    if entities:
        message["entities"] = entities
    return finish(call, message, markup)


def send_photo(call: Call) -> dict[str, Any]:
    message, markup = _start(call)
    caption, entities = formatted_caption(call)
    record = resolve_media(call, "photo", "photo")
    message["photo"] = photo_sizes(call.world, record)
    add_caption(message, caption, entities)
    if call.params.get("has_spoiler"):
        message["has_media_spoiler"] = True
    return finish(call, message, markup)


def send_document(call: Call) -> dict[str, Any]:
    message, markup = _start(call)
    caption, entities = formatted_caption(call)
    record = resolve_media(call, "document", "document")
    message["document"] = document_dict(record)
    add_caption(message, caption, entities)
    return finish(call, message, markup)


def _prices(call: Call, currency: str) -> int:
    prices = call.params.get("prices")
    if not isinstance(prices, list) or not prices:
        raise bad_request(
            "INVOICE_PRICES_EMPTY" if prices == [] else "can't parse prices JSON object"
        )
    total = 0
    for price in prices:
        if not isinstance(price, dict) or not isinstance(price.get("amount"), int):
            raise bad_request("can't parse prices JSON object")
        if not str(price.get("label") or ""):
            raise bad_request("LABEL_INVALID")
        total += price["amount"]
    if currency == STARS and len(prices) != 1:
        raise bad_request("STARS_INVOICE_INVALID")
    if total <= 0:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    return total


def send_invoice(call: Call) -> dict[str, Any]:
    message, markup = _start(call)
    title = call.text("title") or ""
    description = call.text("description") or ""
    payload = call.text("payload") or ""
    currency = (call.text("currency") or "").upper()
    if not 1 <= len(title) <= 32:
        raise bad_request("INVOICE_TITLE_INVALID" if title else "INVOICE_TITLE_EMPTY")
    if not 1 <= len(description) <= 255:
        raise bad_request("INVOICE_DESCRIPTION_INVALID")
    if not 1 <= len(payload.encode("utf-8")) <= 128:
        raise bad_request("INVOICE_PAYLOAD_INVALID")
    if len(currency) != 3:
        raise bad_request("CURRENCY_INVALID")
    provider_token = call.text("provider_token") or ""
    if (currency == STARS) == bool(provider_token):
        raise bad_request("PAYMENT_PROVIDER_INVALID")
    total = _prices(call, currency)
    if markup is not None:
        buttons = [b for row in markup.get("inline_keyboard") or [[]] for b in row]
        if not buttons or not buttons[0].get("pay"):
            raise bad_request("REPLY_MARKUP_BUY_EMPTY")
    message["invoice"] = {
        "title": title,
        "description": description,
        "start_parameter": call.text("start_parameter") or "",
        "currency": currency,
        "total_amount": total,
    }
    call.bot.invoice_payloads[(message["chat"]["id"], message["message_id"])] = payload
    return finish(call, message, markup)


def send_chat_action(call: Call) -> bool:
    call.world.target_chat(call.bot, call.params.get("chat_id"))
    if not call.text("action"):
        raise bad_request("wrong parameter action in request")
    return True
