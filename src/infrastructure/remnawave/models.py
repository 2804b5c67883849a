"""Remnawave 3.x wire format as the HTTP client reads and writes it (docs/remnawave.md).

The client's own definitions: the simulator in src/sandbox/remnawave has its own,
and both are checked against the golden messages in tests/fixtures/remnawave.
Response structs ignore unknown fields (the real panel sends many more) and
default what Fleet does not rely on; request structs omit unset fields so a
PATCH only carries what changes. On create the panel refuses `null` for
`description` and `hwidDeviceLimit` (they are optional, not nullable): the types
below have no `None` for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

import msgspec
from msgspec import UNSET, UnsetType

T = TypeVar("T")

# Error codes Fleet reacts to.
USERNAME_EXISTS = "A019"
USER_NOT_FOUND_ON_UPDATE = "A025"
USER_ALREADY_DISABLED = "A029"
USER_ALREADY_ENABLED = "A030"


class Envelope(msgspec.Struct, Generic[T]):
    """Every success body: `{"response": ...}`."""

    response: T


class UserTrafficDto(msgspec.Struct, rename="camel"):
    used_traffic_bytes: int = 0
    lifetime_used_traffic_bytes: int = 0
    online_at: datetime | None = None
    first_connected_at: datetime | None = None
    last_connected_node_uuid: str | None = None


class SquadRefDto(msgspec.Struct):
    uuid: str
    name: str


class UserDto(msgspec.Struct, rename="camel"):
    id: int
    short_uuid: str
    username: str
    status: str
    expire_at: datetime
    subscription_url: str
    traffic_limit_bytes: int = 0
    traffic_limit_strategy: str = "NO_RESET"
    telegram_id: int | None = None
    email: str | None = None
    description: str | None = None
    tag: str | None = None
    hwid_device_limit: int | None = None
    active_internal_squads: list[SquadRefDto] = msgspec.field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    user_traffic: UserTrafficDto = msgspec.field(default_factory=UserTrafficDto)


class CreateUserRequest(msgspec.Struct, rename="camel", omit_defaults=True):
    username: str
    expire_at: datetime
    status: str | UnsetType = UNSET
    traffic_limit_bytes: int | UnsetType = UNSET
    traffic_limit_strategy: str | UnsetType = UNSET
    hwid_device_limit: int | UnsetType = UNSET
    telegram_id: int | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    description: str | UnsetType = UNSET
    tag: str | UnsetType | None = UNSET
    active_internal_squads: list[str] | UnsetType = UNSET


class UpdateUserRequest(msgspec.Struct, rename="camel", omit_defaults=True):
    """`PATCH /api/users`: `id` (or `username`; `id` wins) plus what changes."""

    id: int | UnsetType = UNSET
    username: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    expire_at: datetime | UnsetType = UNSET
    traffic_limit_bytes: int | UnsetType = UNSET
    traffic_limit_strategy: str | UnsetType = UNSET
    hwid_device_limit: int | UnsetType | None = UNSET
    telegram_id: int | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    description: str | UnsetType | None = UNSET
    tag: str | UnsetType | None = UNSET
    active_internal_squads: list[str] | UnsetType = UNSET


class ExtendUserRequest(msgspec.Struct):
    days: int


class RevokeRequest(msgspec.Struct, rename="camel", omit_defaults=True):
    short_uuid: str | UnsetType = UNSET
    revoke_only_passwords: bool = False


class UserStreamPage(msgspec.Struct, rename="camel"):
    users: list[UserDto]
    next_cursor: str | None = None
    has_more: bool = False


class SquadDto(msgspec.Struct):
    uuid: str
    name: str


class SquadList(msgspec.Struct, rename="camel"):
    internal_squads: list[SquadDto]
    total: int = 0


class Metadata(msgspec.Struct):
    version: str
    build: dict[str, Any] = msgspec.field(default_factory=dict)
    git: dict[str, Any] = msgspec.field(default_factory=dict)


class ErrorBody(msgspec.Struct, rename="camel", omit_defaults=True):
    """Both error shapes: domain `{timestamp, path, message, errorCode}` and
    validation `{statusCode, message, errors}` (no `errorCode`)."""

    message: str | None = None
    error_code: str | None = None
    status_code: int | None = None
    timestamp: str | None = None
    path: str | None = None
    errors: list[Any] | None = None
