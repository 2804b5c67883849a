"""`InMemoryVpnPanel`: the in-process twin of `HttpRemnawavePanel` for use-case tests.

It runs the simulator's rules (`PanelState`) directly and goes through the same
request/response mapping as the HTTP adapter, so it answers and fails alike
(the contract suite in tests/contract keeps the two honest). Pass `now=clock.now`
to share a `FrozenClock` with the rest of a test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from src.application.ports.vpn_panel import NewPanelUser, PanelUser, PanelUserChanges
from src.core.errors import PanelRejected, PanelUnavailable
from src.infrastructure.remnawave import models as m
from src.infrastructure.remnawave.client import (
    SUPPORTED_MAJOR,
    create_request,
    panel_error,
    to_panel_user,
    update_request,
)
from src.sandbox.remnawave.rules import (
    PanelFailure,
    PanelValidationFailure,
    UserRecord,
)
from src.sandbox.remnawave.state import DEFAULT_SQUADS, PanelState

R = TypeVar("R")


class InMemoryVpnPanel:
    def __init__(
        self,
        *,
        sub_domain: str = "sub.example.test",
        now: Callable[[], datetime] | None = None,
        version: str = "3.2.1",
        squads: tuple[tuple[str, str], ...] = DEFAULT_SQUADS,
    ) -> None:
        self.state = PanelState(sub_domain=sub_domain, now=now, squads=squads)
        self.version = version
        self._failures_left = 0

    # --- test controls ----------------------------------------------------------------

    def fail_next(self, count: int = 1) -> None:
        """The next `count` panel calls raise `PanelUnavailable` and change nothing."""
        self._failures_left = count

    def add_traffic(self, user_id: int, amount: int) -> PanelUser:
        return self._user(self._state_call(lambda: self.state.add_traffic(user_id, amount)))

    def reset_traffic(self, user_id: int) -> PanelUser:
        return self._user(self._state_call(lambda: self.state.reset_traffic(user_id)))

    def set_clock(self, now: Callable[[], datetime] | datetime | None) -> None:
        if now is None:
            self.state.now = lambda: datetime.now(UTC)
        elif isinstance(now, datetime):
            self.state.now = lambda: now
        else:
            self.state.now = now

    def expire_users(self) -> int:
        return self.state.expire_due()

    def users(self) -> list[PanelUser]:
        return [self._user(u) for u in self.state.all_users()]

    # --- VpnPanel ------------------------------------------------------------------

    async def check_compatible(self) -> str:
        self._maybe_fail()
        if self.version.lstrip("vV").split(".", 1)[0] != str(SUPPORTED_MAJOR):
            raise PanelRejected(
                f"Remnawave {self.version} is not supported: Fleet needs {SUPPORTED_MAJOR}.x",
                code="panel_version_unsupported",
            )
        return self.version

    async def create_user(self, new: NewPanelUser) -> PanelUser:
        return self._user(self._call(lambda: self.state.create(create_request(new))))

    async def get_user(self, user_id: int) -> PanelUser:
        return self._user(self._call(lambda: self.state.get(user_id)))

    async def get_user_by_username(self, username: str) -> PanelUser | None:
        self._maybe_fail()
        try:
            return self._user(self.state.get_by_username(username))
        except PanelFailure:
            return None

    async def update_user(self, user_id: int, changes: PanelUserChanges) -> PanelUser:
        request = update_request(user_id, changes)
        return self._user(self._call(lambda: self.state.update(request)))

    async def extend_user(self, user_id: int, days: int) -> PanelUser:
        return self._user(self._call(lambda: self.state.extend(user_id, days)))

    async def enable_user(self, user_id: int) -> PanelUser:
        return await self._toggle(user_id, self.state.enable, m.USER_ALREADY_ENABLED)

    async def disable_user(self, user_id: int) -> PanelUser:
        return await self._toggle(user_id, self.state.disable, m.USER_ALREADY_DISABLED)

    async def reset_user_traffic(self, user_id: int) -> PanelUser:
        return self._user(self._call(lambda: self.state.reset_traffic(user_id)))

    async def revoke_subscription(self, user_id: int) -> PanelUser:
        return self._user(self._call(lambda: self.state.revoke(user_id)))

    async def delete_user(self, user_id: int) -> None:
        self._call(lambda: self.state.delete(user_id))

    async def stream_users_by_tag(
        self, tag: str, page_size: int = 1000
    ) -> AsyncIterator[PanelUser]:
        cursor: str | None = None
        while True:
            fetch = partial(self.state.stream, cursor=cursor, size=page_size, tag=tag)
            page, cursor, has_more = self._call(fetch)
            for user in page:
                yield self._user(user)
            if not has_more:
                return

    async def list_squads(self) -> list[tuple[str, str]]:
        self._maybe_fail()
        return list(self.state.squads.items())

    # --- helpers -------------------------------------------------------------------

    async def _toggle(
        self, user_id: int, action: Callable[[int], UserRecord], already_code: str
    ) -> PanelUser:
        self._maybe_fail()
        try:
            return self._user(action(user_id))
        except PanelFailure as exc:
            if exc.error_code != already_code:
                raise panel_error(exc.status, exc.error_code, exc.message) from None
        return self._user(self.state.get(user_id))

    def _call(self, action: Callable[[], R]) -> R:
        self._maybe_fail()
        return self._state_call(action)

    @staticmethod
    def _state_call(action: Callable[[], R]) -> R:
        try:
            return action()
        except PanelFailure as exc:
            raise panel_error(exc.status, exc.error_code, exc.message) from None
        except PanelValidationFailure as exc:
            raise panel_error(400, None, f"Validation failed: {exc}") from None

    def _maybe_fail(self) -> None:
        if self._failures_left > 0:
            self._failures_left -= 1
            raise PanelUnavailable("panel unreachable: simulated failure")

    def _user(self, record: UserRecord) -> PanelUser:
        return to_panel_user(self.state.to_dto(record))
