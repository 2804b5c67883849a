"""Rules of a simulated Remnawave 3.x panel that need no state: the user record,
the panel's errors, request validation (what zod checks in the real panel) and
the stream cursor (docs/remnawave.md). Used by `state.PanelState`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from msgspec import UNSET, UnsetType

from src.sandbox.remnawave import wire

USERNAME_RE = re.compile(r"^[a-zA-Z0-9_-]{3,36}$")
TAG_RE = re.compile(r"^[A-Z0-9_]{1,16}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SHORT_UUID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # revoke: 16-64 chars
STATUSES = frozenset({"ACTIVE", "DISABLED", "LIMITED", "EXPIRED"})
UPDATE_STATUSES = frozenset({"ACTIVE", "DISABLED"})
STRATEGIES = frozenset({"NO_RESET", "DAY", "WEEK", "MONTH", "MONTH_ROLLING"})
MAX_STREAM_SIZE = 1000
MAX_EXTEND_DAYS = 36500  # keeps datetime arithmetic in range
V = TypeVar("V")


class PanelFailure(Exception):
    """A panel domain error: `{timestamp, path, message, errorCode}` with `status`."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(f"{error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message


class PanelValidationFailure(Exception):
    """A 400 `Validation failed` answer; `issues` are `(field, message)` pairs."""

    def __init__(self, issues: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {msg}" for f, msg in issues))
        self.issues = issues


def not_found_on_read() -> PanelFailure:
    return PanelFailure(404, wire.NOT_FOUND_BY_FIELD, "User not found")


def not_found_on_write() -> PanelFailure:
    return PanelFailure(404, wire.USER_NOT_FOUND, "User not found")


@dataclass(slots=True)
class UserRecord:
    id: int
    short_uuid: str
    username: str
    status: str
    expire_at: datetime
    created_at: datetime
    updated_at: datetime
    traffic_limit_bytes: int = 0
    traffic_limit_strategy: str = "NO_RESET"
    telegram_id: int | None = None
    email: str | None = None
    description: str | None = None
    tag: str | None = None
    hwid_device_limit: int | None = None
    squads: list[str] = field(default_factory=list)
    external_squad_uuid: str | None = None
    trojan_password: str = ""
    vless_uuid: str = ""
    ss_password: str = ""
    sub_revoked_at: datetime | None = None
    last_traffic_reset_at: datetime | None = None
    used_traffic_bytes: int = 0
    lifetime_used_traffic_bytes: int = 0


class _Checker:
    """Collects validation issues so one answer lists them all, like zod does."""

    def __init__(self) -> None:
        self.issues: list[tuple[str, str]] = []

    def check(self, ok: bool, name: str, message: str) -> None:
        if not ok:
            self.issues.append((name, message))

    def done(self) -> None:
        if self.issues:
            raise PanelValidationFailure(self.issues)


def validate_create(req: wire.CreateUserBody, squads: Container[str]) -> None:
    checker = _Checker()
    checker.check(bool(USERNAME_RE.match(req.username)), "username", "Invalid username")
    checker.check(req.expire_at.tzinfo is not None, "expireAt", "Invalid datetime")
    checker.check(req.status is UNSET or req.status in STATUSES, "status", "Invalid enum value")
    _check_common(checker, req, squads)
    checker.done()


def validate_update(req: wire.UpdateUserBody, now: datetime, squads: Container[str]) -> None:
    checker = _Checker()
    checker.check(req.id is not UNSET or req.username is not UNSET, "id", "Required")
    checker.check(req.status is UNSET or req.status in UPDATE_STATUSES, "status", "Invalid")
    if isinstance(req.expire_at, datetime):
        aware = req.expire_at.tzinfo is not None
        checker.check(aware, "expireAt", "Invalid datetime")
        checker.check(not aware or req.expire_at > now, "expireAt", "Must be in the future")
    _check_common(checker, req, squads)
    checker.done()


def validate_stream(size: int, status: str | None) -> None:
    checker = _Checker()
    checker.check(1 <= size <= MAX_STREAM_SIZE, "size", f"Must be 1..{MAX_STREAM_SIZE}")
    checker.check(status is None or status in STATUSES, "status", "Invalid enum value")
    checker.done()


def _check_common(
    checker: _Checker, req: wire.CreateUserBody | wire.UpdateUserBody, known: Container[str]
) -> None:
    tag, limit, hwid = req.tag, req.traffic_limit_bytes, req.hwid_device_limit
    checker.check(not isinstance(tag, str) or bool(TAG_RE.match(tag)), "tag", "Invalid tag")
    checker.check(not isinstance(limit, int) or limit >= 0, "trafficLimitBytes", "Min 0")
    checker.check(not isinstance(hwid, int) or hwid >= 0, "hwidDeviceLimit", "Min 0")
    strategy = req.traffic_limit_strategy
    checker.check(strategy is UNSET or strategy in STRATEGIES, "trafficLimitStrategy", "Enum")
    squads = req.active_internal_squads
    for squad in squads if isinstance(squads, list) else []:
        valid = bool(UUID_RE.match(squad)) and squad in known
        checker.check(valid, "activeInternalSquads", f"Unknown internal squad {squad!r}")


def encode_cursor(last_id: int) -> str:
    """The panel's cursor is the last user's id as a string (a coerced number on input)."""
    return str(last_id)


def decode_cursor(cursor: str) -> int:
    if not cursor.isdigit():
        raise PanelValidationFailure([("cursor", "Expected number, received nan")])
    return int(cursor)


def panel_time(value: datetime) -> datetime:
    """The panel stores JavaScript dates: UTC, millisecond precision."""
    return value.astimezone(UTC).replace(microsecond=value.microsecond // 1000 * 1000)


def value_or(value: V | UnsetType, default: V) -> V:
    return default if isinstance(value, UnsetType) else value


def remove_sorted(ids: list[int], user_id: int) -> None:
    index = bisect_left(ids, user_id)
    if index < len(ids) and ids[index] == user_id:
        del ids[index]
