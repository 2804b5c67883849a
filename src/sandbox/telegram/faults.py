"""Faults a test can switch on: revoked tokens, flood limits, blocked chats, lost connections."""

from __future__ import annotations

from .errors import ApiError, too_many_requests

ANY_METHOD = "*"

_TOKEN_FAILURES = {
    401: "Unauthorized",
    403: "Forbidden: bot was deleted",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class Faults:
    """Pure bookkeeping of the switched-on faults; keys are bot ids."""

    def __init__(self) -> None:
        self.failed_tokens: dict[int, int] = {}
        self.rate_limits: dict[tuple[int, str], list[int]] = {}
        self.blocked: set[tuple[int | None, int]] = set()
        self.network: dict[int, int] = {}

    def fail_token(self, bot_id: int, error_code: int) -> None:
        if error_code not in _TOKEN_FAILURES:
            raise ValueError(
                f"unsupported error code {error_code}; use one of {sorted(_TOKEN_FAILURES)}"
            )
        self.failed_tokens[bot_id] = error_code

    def rate_limit(self, bot_id: int, method: str, retry_after: int, times: int) -> None:
        self.rate_limits[(bot_id, method.lower())] = [retry_after, times]

    def network_fail(self, bot_id: int, times: int) -> None:
        self.network[bot_id] = times

    def take_network_drop(self, bot_id: int) -> bool:
        """True when this call's connection must be dropped (consumes one)."""
        left = self.network.get(bot_id, 0)
        if left <= 0:
            return False
        if left == 1:
            del self.network[bot_id]
        else:
            self.network[bot_id] = left - 1
        return True

    def check(self, bot_id: int, method: str) -> ApiError | None:
        """The error this call must get before it is even executed, if any."""
        code = self.failed_tokens.get(bot_id)
        if code is not None:
            return ApiError(code, _TOKEN_FAILURES[code])
        for key in ((bot_id, method.lower()), (bot_id, ANY_METHOD)):
            limit = self.rate_limits.get(key)
            if limit is not None:
                retry_after, left = limit
                if left <= 1:
                    del self.rate_limits[key]
                else:
                    limit[1] = left - 1
                return too_many_requests(retry_after)
        return None

    def is_blocked(self, bot_id: int, chat_id: int) -> bool:
        return (bot_id, chat_id) in self.blocked or (None, chat_id) in self.blocked

    def clear(self) -> None:
        self.failed_tokens.clear()
        self.rate_limits.clear()
        self.blocked.clear()
        self.network.clear()
