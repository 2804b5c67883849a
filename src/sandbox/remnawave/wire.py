"""The simulator's own definitions of the Remnawave 3.x messages (docs/remnawave.md).

Written from the panel's published zod contract (`libs/contract` of
remnawave/backend), apart from the HTTP client's models in
`src/infrastructure/remnawave/models.py`: the two never share a class, and both are
checked against the golden messages in tests/fixtures/remnawave, so a field name
one of them gets wrong cannot pass because the other got it wrong too.

Request bodies are as lenient as zod objects (unknown keys are ignored) and as
strict about `null`: on create `description` and `hwidDeviceLimit` may be left out
but not sent as `null`; on update they may be `null`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

# Domain error codes of the panel (libs/contract/constants/errors/errors.ts).
USERNAME_EXISTS = "A019"
USER_NOT_FOUND = "A025"  # update, actions, delete, get by id
USER_ALREADY_DISABLED = "A029"
USER_ALREADY_ENABLED = "A030"
NOT_FOUND_BY_FIELD = "A063"  # get by username / short uuid


class CreateUserBody(msgspec.Struct, rename="camel"):
    """`POST /api/users` (commands/users/create-user.command.ts)."""

    username: str
    expire_at: datetime
    status: str | UnsetType = UNSET
    short_uuid: str | UnsetType = UNSET
    trojan_password: str | UnsetType = UNSET
    vless_uuid: str | UnsetType = UNSET
    ss_password: str | UnsetType = UNSET
    traffic_limit_bytes: int | UnsetType = UNSET
    traffic_limit_strategy: str | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    last_traffic_reset_at: datetime | UnsetType = UNSET
    description: str | UnsetType = UNSET
    tag: str | UnsetType | None = UNSET
    telegram_id: int | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    hwid_device_limit: int | UnsetType = UNSET
    active_internal_squads: list[str] | UnsetType = UNSET
    external_squad_uuid: str | UnsetType | None = UNSET


class UpdateUserBody(msgspec.Struct, rename="camel"):
    """`PATCH /api/users` (commands/users/update-user.command.ts): `id` or `username`."""

    id: int | UnsetType = UNSET
    username: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    traffic_limit_bytes: int | UnsetType = UNSET
    traffic_limit_strategy: str | UnsetType = UNSET
    expire_at: datetime | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    tag: str | UnsetType | None = UNSET
    telegram_id: int | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    hwid_device_limit: int | UnsetType | None = UNSET
    active_internal_squads: list[str] | UnsetType = UNSET
    external_squad_uuid: str | UnsetType | None = UNSET


class ExtendBody(msgspec.Struct):
    """`POST /api/users/{id}/actions/extend`."""

    days: int


class RevokeBody(msgspec.Struct, rename="camel"):
    """`POST /api/users/{id}/actions/revoke` (an empty body is `{}`)."""

    revoke_only_passwords: bool = False
    short_uuid: str | UnsetType = UNSET


class SquadRef(msgspec.Struct):
    uuid: str
    name: str


class UserTraffic(msgspec.Struct, rename="camel"):
    used_traffic_bytes: int
    lifetime_used_traffic_bytes: int
    online_at: datetime | None = None
    first_connected_at: datetime | None = None
    last_connected_node_uuid: str | None = None


class User(msgspec.Struct, rename="camel"):
    """The extended user every user call answers (models/extended-users.schema.ts)."""

    id: int
    short_uuid: str
    username: str
    status: str
    traffic_limit_bytes: int
    traffic_limit_strategy: str
    expire_at: datetime
    telegram_id: int | None
    email: str | None
    description: str | None
    tag: str | None
    hwid_device_limit: int | None
    external_squad_uuid: str | None
    trojan_password: str
    vless_uuid: str
    ss_password: str
    last_triggered_threshold: int
    sub_revoked_at: datetime | None
    last_traffic_reset_at: datetime | None
    created_at: datetime
    updated_at: datetime
    subscription_url: str
    active_internal_squads: list[SquadRef]
    user_traffic: UserTraffic


class StreamPage(msgspec.Struct, rename="camel"):
    """`GET /api/users/stream`: `nextCursor` is the last user's id, as a string."""

    users: list[User]
    next_cursor: str | None
    has_more: bool


class SquadInfo(msgspec.Struct, rename="camel"):
    members_count: int
    inbounds_count: int


class Squad(msgspec.Struct, rename="camel"):
    """models/internal-squad.schema.ts (the simulator's squads have no inbounds)."""

    uuid: str
    view_position: int
    name: str
    info: SquadInfo
    inbounds: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime


class SquadList(msgspec.Struct, rename="camel"):
    total: int
    internal_squads: list[Squad]


class ValidationIssue(msgspec.Struct):
    code: str
    message: str
    path: list[str | int]


def metadata(version: str, built_at: str) -> dict[str, Any]:
    """`GET /api/system/metadata` (commands/system/get-metadata.command.ts)."""
    sha = "0" * 40
    url = "https://github.com/remnawave/{}/commit/" + sha
    return {
        "version": version,
        "build": {"time": built_at, "number": "1"},
        "git": {
            "backend": {"commitSha": sha, "branch": "main", "commitUrl": url.format("backend")},
            "frontend": {"commitSha": sha, "commitUrl": url.format("frontend")},
        },
    }


def error_body(timestamp: str, path: str, message: str, error_code: str) -> dict[str, str]:
    """A domain error (src/common/exception/http-exception.filter.ts of the panel)."""
    return {"timestamp": timestamp, "path": path, "message": message, "errorCode": error_code}
