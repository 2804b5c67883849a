"""Reply markup validation with Telegram's error wording, and button lookups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import bad_request

_INLINE_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" of the reply markup must be an Array of Arrays')
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a string")
    if not button["text"]:
        raise bad_request("inline keyboard button text must be non-empty")
    actions = _INLINE_ACTIONS.intersection(button)
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).strip():
        raise bad_request("inline keyboard button URL '' is invalid: Wrong HTTP URL")


def validate_reply_markup(markup: Any) -> dict[str, Any] | None:
    """The markup as sent, validated; ``None`` when absent."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not isinstance(text, str) or not text:
                    raise bad_request("keyboard button text must be non-empty")
    elif not markup.get("remove_keyboard") and not markup.get("force_reply"):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a Message object carries: only a non-empty inline keyboard."""
    if markup is None or not any(markup.get("inline_keyboard") or []):
        return None
    return {"inline_keyboard": markup["inline_keyboard"]}


def iter_inline_buttons(markup: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    if not markup:
        return
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            if isinstance(button, dict):
                yield button


def has_callback_button(message: dict[str, Any], data: str) -> bool:
    return any(
        b.get("callback_data") == data for b in iter_inline_buttons(message.get("reply_markup"))
    )
