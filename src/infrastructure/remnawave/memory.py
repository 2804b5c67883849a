"""`InMemoryVpnPanel`: a small twin of the `VpnPanel` port for use-case tests.

It keeps `PanelUser` values in a dict and applies the panel rules the application
relies on (docs/remnawave.md): username and tag formats, known squads, a unique
username, ids that only grow, the LIMITED/EXPIRED reactivation on update, the
lifetime counter surviving a traffic reset, pages of at most 1000. It shares
nothing with the simulator; tests/contract/test_vpn_panel_contract.py keeps it
equal to the HTTP adapter talking to the simulator. Pass `now=clock.now` to share
a `FrozenClock` with the rest of a test.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from src.application.ports.vpn_panel import (
    NewPanelUser,
    PanelUser,
    PanelUserChanges,
    PanelUserStatus,
)
from src.core.errors import PanelRejected, PanelUnavailable, PanelUserExists, PanelUserNotFound

USERNAME = re.compile(r"[a-zA-Z0-9_-]{3,36}")
TAG = re.compile(r"[A-Z0-9_]{1,16}")
MAX_PAGE = 1000
DEFAULT_SQUADS: tuple[tuple[str, str], ...] = (
    ("9f0c1a6e-2b7d-4c1e-8a53-0d6f4b2e7a11", "Default-Squad"),
    ("3c5e8b2a-7d41-4f6a-9b0e-5a2c7d9e1f22", "Europe"),
)
ACTIVE, LIMITED, EXPIRED = PanelUserStatus.ACTIVE, PanelUserStatus.LIMITED, PanelUserStatus.EXPIRED


def _panel_time(value: datetime) -> datetime:
    """The panel keeps JavaScript dates: UTC, millisecond precision."""
    return value.astimezone(UTC).replace(microsecond=value.microsecond // 1000 * 1000)


class InMemoryVpnPanel:
    def __init__(
        self,
        *,
        sub_domain: str = "sub.example.test",
        now: Callable[[], datetime] | None = None,
        squads: tuple[tuple[str, str], ...] = DEFAULT_SQUADS,
    ) -> None:
        self.sub_domain = sub_domain
        self.now = now or (lambda: datetime.now(UTC))
        self.squads = dict(squads)
        self._users: dict[int, PanelUser] = {}
        self._next_id = 1
        self._failures_left = 0

    # --- VpnPanel ------------------------------------------------------------------

    async def create_user(self, new: NewPanelUser) -> PanelUser:
        self._maybe_fail()
        self._check(USERNAME.fullmatch(new.username) is not None, "username")
        self._check_common(new.tag, new.traffic_limit_bytes, new.squads)
        if any(u.username == new.username for u in self._users.values()):
            raise PanelUserExists(f"panel user {new.username!r} exists")
        short_uuid = secrets.token_urlsafe(12)
        user = PanelUser(
            id=self._next_id,
            short_uuid=short_uuid,
            username=new.username,
            status=ACTIVE,
            traffic_limit_bytes=new.traffic_limit_bytes,
            expire_at=_panel_time(new.expire_at),
            telegram_id=new.telegram_id,
            tag=new.tag,
            hwid_device_limit=new.hwid_device_limit,
            subscription_url=f"https://{self.sub_domain}/{short_uuid}",
            squads=tuple(dict.fromkeys(new.squads)),
            used_traffic_bytes=0,
            lifetime_used_traffic_bytes=0,
        )
        self._next_id += 1
        self._users[user.id] = user
        return user

    async def get_user(self, user_id: int) -> PanelUser:
        self._maybe_fail()
        if user_id not in self._users:
            raise PanelUserNotFound(f"panel user {user_id} not found")
        return self._users[user_id]

    async def get_user_by_username(self, username: str) -> PanelUser | None:
        self._maybe_fail()
        return next((u for u in self._users.values() if u.username == username), None)

    async def update_user(self, user_id: int, changes: PanelUserChanges) -> PanelUser:
        self._maybe_fail()
        self._check(changes.status in (None, ACTIVE, PanelUserStatus.DISABLED), "status")
        self._check(changes.expire_at is None or changes.expire_at > self.now(), "expireAt")
        self._check_common(changes.tag, changes.traffic_limit_bytes, changes.squads or ())
        user = self.user(user_id)
        status = user.status
        limit = changes.traffic_limit_bytes
        if (
            limit is not None
            and status is LIMITED
            and (limit == 0 or limit > user.used_traffic_bytes)
        ):
            status = ACTIVE
        if changes.expire_at is not None and status is EXPIRED:
            status = ACTIVE
        given: dict[str, Any] = {
            "expire_at": None if changes.expire_at is None else _panel_time(changes.expire_at),
            "traffic_limit_bytes": limit,
            "hwid_device_limit": changes.hwid_device_limit,
            "telegram_id": changes.telegram_id,
            "tag": changes.tag,
            "squads": None if changes.squads is None else tuple(dict.fromkeys(changes.squads)),
        }
        fields = {name: value for name, value in given.items() if value is not None}
        return self.edit(user_id, status=changes.status or status, **fields)

    async def reset_user_traffic(self, user_id: int) -> PanelUser:
        self._maybe_fail()
        user = self.user(user_id)
        status = ACTIVE if user.status is LIMITED else user.status
        return self.edit(user_id, used_traffic_bytes=0, status=status)

    async def stream_users_by_tag(
        self, tag: str, page_size: int = 1000
    ) -> AsyncIterator[PanelUser]:
        self._check(1 <= page_size <= MAX_PAGE, "size")
        after = 0
        while True:
            self._maybe_fail()
            page = sorted(u.id for u in self._users.values() if u.tag == tag and u.id > after)
            for user_id in page[:page_size]:
                if user_id in self._users:  # deleted while the caller held the page
                    yield self._users[user_id]
            if len(page) <= page_size:
                return
            after = page[page_size - 1]

    # --- what tests do to the panel -------------------------------------------------

    async def list_squads(self) -> list[tuple[str, str]]:
        """Like `HttpRemnawavePanel.list_squads`, for tests that run on either."""
        return list(self.squads.items())

    def fail_next(self, count: int = 1) -> None:
        """The next `count` panel calls raise `PanelUnavailable` and change nothing."""
        self._failures_left = count

    def user(self, user_id: int) -> PanelUser:
        user = self._users.get(user_id)
        if user is None:
            raise PanelUserNotFound(f"panel user {user_id} not found")
        return user

    def users(self) -> list[PanelUser]:
        return [self._users[i] for i in sorted(self._users)]

    def edit(self, user_id: int, **fields: Any) -> PanelUser:
        """Change a user as the panel's own life would (a counter reset, a status)."""
        self._users[user_id] = replace(self.user(user_id), **fields)
        return self._users[user_id]

    def delete(self, user_id: int) -> None:
        del self._users[self.user(user_id).id]

    def add_traffic(self, user_id: int, amount: int) -> PanelUser:
        """Count `amount` bytes of use; an ACTIVE user at or over a non-zero limit is LIMITED."""
        user = self.user(user_id)
        used = user.used_traffic_bytes + amount
        over = user.traffic_limit_bytes > 0 and used >= user.traffic_limit_bytes
        return self.edit(
            user_id,
            used_traffic_bytes=used,
            lifetime_used_traffic_bytes=user.lifetime_used_traffic_bytes + amount,
            status=LIMITED if over and user.status is ACTIVE else user.status,
        )

    def expire_due(self) -> int:
        """Mark ACTIVE/LIMITED users whose expiry has passed as EXPIRED; return how many."""
        due = [
            u.id
            for u in self._users.values()
            if u.status in (ACTIVE, LIMITED) and u.expire_at <= self.now()
        ]
        for user_id in due:
            self.edit(user_id, status=EXPIRED)
        return len(due)

    # --- helpers -------------------------------------------------------------------

    def _check_common(self, tag: str | None, limit: int | None, squads: tuple[str, ...]) -> None:
        self._check(tag is None or TAG.fullmatch(tag) is not None, "tag")
        self._check(limit is None or limit >= 0, "trafficLimitBytes")
        self._check(all(s in self.squads for s in squads), "activeInternalSquads")

    @staticmethod
    def _check(ok: bool, field: str) -> None:
        if not ok:
            raise PanelRejected(f"panel answered 400: Validation failed: {field}")

    def _maybe_fail(self) -> None:
        if self._failures_left > 0:
            self._failures_left -= 1
            raise PanelUnavailable("panel unreachable: simulated failure")
