"""The VPN panel port: what the application needs from a Remnawave 3.x panel.

Plain frozen dataclasses cross this boundary (no wire types): adapters translate
the panel's camelCase JSON into them and the panel's failures into domain errors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class PanelUserStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"
    LIMITED = "LIMITED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class PanelUser:
    """A panel user as the application sees it.

    `expire_at` is tz-aware UTC. `traffic_limit_bytes == 0` means unlimited.
    Bill from `lifetime_used_traffic_bytes`: `used_traffic_bytes` resets with the
    panel's traffic strategy, the lifetime counter only grows.
    """

    id: int
    short_uuid: str
    username: str
    status: PanelUserStatus
    traffic_limit_bytes: int
    expire_at: datetime
    telegram_id: int | None
    tag: str | None
    hwid_device_limit: int | None
    subscription_url: str
    squads: tuple[str, ...]
    used_traffic_bytes: int
    lifetime_used_traffic_bytes: int


@dataclass(frozen=True, slots=True)
class NewPanelUser:
    """Input of `VpnPanel.create_user`.

    `username` matches `^[a-zA-Z0-9_-]+$` (3-36 chars), `tag` `^[A-Z0-9_]+$`
    (at most 16 chars); `squads` are internal squad uuids (without one the user
    reaches no node).
    """

    username: str
    expire_at: datetime
    traffic_limit_bytes: int = 0
    hwid_device_limit: int | None = None
    telegram_id: int | None = None
    tag: str | None = None
    squads: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class PanelUserChanges:
    """Input of `VpnPanel.update_user`: `None` leaves a field unchanged.

    `status` may only be ACTIVE or DISABLED; `expire_at` must be in the future.
    """

    status: PanelUserStatus | None = None
    expire_at: datetime | None = None
    traffic_limit_bytes: int | None = None
    hwid_device_limit: int | None = None
    telegram_id: int | None = None
    tag: str | None = None
    squads: tuple[str, ...] | None = None
    description: str | None = None


class VpnPanel(Protocol):
    """What the shop and billing need from a Remnawave 3.x panel (docs/remnawave.md).

    Users are addressed by their numeric `id`. Everything else the panel offers
    (extend, enable, revoke, delete, squads, the version check at start) lives on
    the concrete adapter only.

    Failures are domain errors from `src.core.errors`:
    - `PanelUnavailable`: network error, timeout, dropped connection, or 5xx
      after the adapter's retries;
    - `PanelUserNotFound`: the user id does not exist (anymore);
    - `PanelUserExists`: `create_user` with a username already taken;
    - `PanelRejected`: the panel refused the request (validation, bad token,
      missing scope): retrying will not help.
    """

    async def create_user(self, new: NewPanelUser) -> PanelUser: ...

    async def get_user(self, user_id: int) -> PanelUser:
        """The user with this id (a subscription linked to an existing panel user, as an
        import makes them: docs/import.md); `PanelUserNotFound` when there is none."""
        ...

    async def get_user_by_username(self, username: str) -> PanelUser | None:
        """Return the user or `None` when no user has this username."""
        ...

    async def update_user(self, user_id: int, changes: PanelUserChanges) -> PanelUser:
        """Apply `changes`; a LIMITED user whose limit is raised above its usage, or an
        EXPIRED user whose expiry moves into the future, becomes ACTIVE."""
        ...

    async def reset_user_traffic(self, user_id: int) -> PanelUser:
        """Zero the used-traffic counter (a new period); the lifetime counter keeps growing."""
        ...

    def stream_users_by_tag(self, tag: str, page_size: int = 1000) -> AsyncIterator[PanelUser]:
        """Yield every user carrying `tag` once, in id order, one page (<= 1000) at a time."""
        ...
