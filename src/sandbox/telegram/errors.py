"""Errors of the Bot API simulator.

`ApiError` is what a Bot API method answers with (it becomes the
`{"ok": false, ...}` body); `SimulatorError` is a misuse of the control
interface by a test or a client (unknown bot, forged button press, ...).
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API error answer, shaped exactly like Telegram's."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        parameters: dict[str, int] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


def forbidden(message: str) -> ApiError:
    return ApiError(403, f"Forbidden: {message}")


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


class SimulatorError(Exception):
    """The control interface was used wrongly (unknown bot, chat, user, ...)."""


class ButtonNotFoundError(SimulatorError):
    """A press of a button that the bot never sent in that message to that chat."""
