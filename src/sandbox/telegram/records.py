"""What the simulator records for assertions: calls, sent messages, answers, deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .markup import iter_inline_buttons


@dataclass(frozen=True)
class CallRecord:
    """One Bot API call as the server saw it; ``response`` is None when the
    connection was dropped on purpose (``network_fail``)."""

    method: str
    params: dict[str, Any]
    at: float
    status: int
    response: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        return self.response is not None and bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return None if self.response is None else self.response.get("result")


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent, or the new state of a message it edited."""

    seq: int
    bot_id: int
    chat_id: int
    message_id: int
    method: str
    text: str | None
    reply_markup: dict[str, Any] | None
    message_thread_id: int | None
    photo: bool
    document: bool
    invoice: dict[str, Any] | None
    edited: bool
    at: float
    message: dict[str, Any] = field(repr=False)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, row after row."""
        return list(iter_inline_buttons(self.reply_markup))

    @property
    def keyboard_texts(self) -> list[str]:
        """Texts of a reply keyboard's buttons, row after row."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [b["text"] if isinstance(b, dict) else str(b) for row in rows for b in row]

    def button_data(self, label: str) -> str:
        """``callback_data`` of the first inline button whose text contains ``label``."""
        for button in self.buttons:
            if label in button.get("text", "") and "callback_data" in button:
                return str(button["callback_data"])
        texts = [b.get("text") for b in self.buttons]
        raise LookupError(f"no callback button containing {label!r} among {texts}")


@dataclass(frozen=True)
class WebhookDelivery:
    """One attempt to POST an update to a bot's webhook."""

    update_id: int
    url: str
    attempt: int
    status: int | None
    error: str | None
    at: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class PreCheckoutAnswer:
    query_id: str
    ok: bool
    error_message: str | None
    at: float


@dataclass(frozen=True)
class CallbackAnswer:
    query_id: str
    update_id: int
    text: str | None
    show_alert: bool
    url: str | None
    at: float
