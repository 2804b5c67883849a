"""Decoding of Bot API request parameters into typed Python values.

Telegram accepts a method's parameters as a query string, an urlencoded form,
a multipart form (files as parts) or a JSON body. In forms every value is a
string: numbers and booleans are spelled out and nested objects travel as JSON
strings. aiogram additionally JSON-encodes every non-string scalar, so an int
arrives as ``"42"`` and a bool as ``"true"``. We coerce by field name, the way
the real server does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import bad_request

INT_FIELDS = frozenset(
    {
        "message_id",
        "message_thread_id",
        "reply_to_message_id",
        "offset",
        "limit",
        "timeout",
        "max_connections",
        "user_id",
        "cache_time",
        "duration",
        "width",
        "height",
        "max_tip_amount",
        "subscription_period",
        "direct_messages_topic_id",
        "video_start_timestamp",
    }
)
CHAT_ID_FIELDS = frozenset({"chat_id", "from_chat_id"})
BOOL_FIELDS = frozenset(
    {
        "ok",
        "show_alert",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
        "is_flexible",
        "need_name",
        "need_phone_number",
        "need_email",
        "need_shipping_address",
        "send_phone_number_to_provider",
        "send_email_to_provider",
        "revoke_messages",
        "for_channels",
    }
)
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "prices",
        "commands",
        "scope",
        "menu_button",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "suggested_tip_amounts",
        "media",
        "rights",
        "message_ids",
        "suggested_post_parameters",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes

    def describe(self) -> dict[str, Any]:
        """How the file appears in recorded calls (never the bytes)."""
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": len(self.data),
        }


def _to_int(field: str, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise bad_request(f'field "{field}" must be of type Integer') from None


def _to_chat_id(value: Any) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        return text


def _to_bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    text = str(value).strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0", ""}:
        return False
    raise bad_request(f'field "{field}" must be of type Boolean')


def _to_json(field: str, value: Any) -> Any:
    if not isinstance(value, str | bytes):
        return value
    try:
        return json.loads(value)
    except ValueError:
        if field == "reply_markup":
            raise bad_request("can't parse reply keyboard markup JSON object") from None
        if field in {"entities", "caption_entities"}:
            raise bad_request("can't parse entities JSON object") from None
        raise bad_request(f"can't parse {field} JSON object") from None


def coerce(field: str, value: Any) -> Any:
    """Coerce one raw parameter value by its field name."""
    if isinstance(value, UploadedFile) or value is None:
        return value
    if field in INT_FIELDS:
        return _to_int(field, value)
    if field in CHAT_ID_FIELDS:
        return _to_chat_id(value)
    if field in BOOL_FIELDS:
        return _to_bool(field, value)
    if field in JSON_FIELDS:
        return _to_json(field, value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def decode_params(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Typed parameters from raw ``(name, value)`` pairs; the last value of a name wins."""
    return {name: coerce(name, value) for name, value in items}


def recordable(params: dict[str, Any]) -> dict[str, Any]:
    """A copy of the parameters fit for the call record (files described, not kept)."""
    return {
        key: value.describe() if isinstance(value, UploadedFile) else value
        for key, value in params.items()
    }
