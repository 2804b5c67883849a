"""One Bot API call being executed, handed to the method implementations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import bad_request
from .state import BotState
from .world import World


@dataclass(frozen=True)
class Described:
    """A result that Telegram sends along with a ``description`` (setWebhook...)."""

    result: Any
    description: str


@dataclass
class Call:
    world: World
    bot: BotState
    method: str
    params: dict[str, Any]

    def text(self, name: str) -> str | None:
        value = self.params.get(name)
        return None if value is None else str(value)

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise bad_request(f'parameter "{name}" is required')
        return value

    def thread_id(self) -> int | None:
        value = self.params.get("message_thread_id")
        return value if isinstance(value, int) and value > 0 else None


Handler = Callable[[Call], Any]
