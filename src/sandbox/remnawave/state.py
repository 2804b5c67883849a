"""The state of a simulated Remnawave 3.x panel, without HTTP.

Served over HTTP by `RemnawaveSimulator`. Failures are raised
as `PanelFailure` (a panel domain error with its HTTP status and `errorCode`) or
`PanelValidationFailure` (a 400 without `errorCode`).

Sized for ~100,000 users: users live in a dict by id with indexes by username and
short uuid, and ids are kept in sorted lists (overall and per tag) so a stream
page is a bisect plus a short scan.
"""

from __future__ import annotations

import random
import string
import uuid
from bisect import bisect_right, insort
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from msgspec import UNSET, UnsetType

from src.sandbox.remnawave import wire
from src.sandbox.remnawave.rules import (
    MAX_EXTEND_DAYS,
    SHORT_UUID_RE,
    PanelFailure,
    PanelValidationFailure,
    UserRecord,
    decode_cursor,
    encode_cursor,
    not_found_on_read,
    not_found_on_write,
    panel_time,
    remove_sorted,
    validate_create,
    validate_stream,
    validate_update,
    value_or,
)

SHORT_UUID_ALPHABET = string.ascii_letters + string.digits
DEFAULT_SQUADS: tuple[tuple[str, str], ...] = (
    ("9f0c1a6e-2b7d-4c1e-8a53-0d6f4b2e7a11", "Default-Squad"),
    ("3c5e8b2a-7d41-4f6a-9b0e-5a2c7d9e1f22", "Europe"),
    ("b6d2f4a8-1e3c-4b5d-8f7a-9c0e2d4f6a33", "Asia"),
)


class PanelState:
    def __init__(
        self,
        *,
        sub_domain: str = "sub.example.test",
        now: Callable[[], datetime] | None = None,
        squads: Iterable[tuple[str, str]] = DEFAULT_SQUADS,
    ) -> None:
        self.sub_domain = sub_domain
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        self.squads: dict[str, str] = dict(squads)
        self._users: dict[int, UserRecord] = {}
        self._by_username: dict[str, int] = {}
        self._by_short_uuid: dict[str, int] = {}
        self._ids: list[int] = []
        self._ids_by_tag: dict[str, list[int]] = {}
        self._next_id = 1

    # --- reads -------------------------------------------------------------------

    def get(self, user_id: int) -> UserRecord:
        user = self._users.get(user_id)
        if user is None:
            raise not_found_on_read()
        return user

    def get_by_username(self, username: str) -> UserRecord:
        user_id = self._by_username.get(username)
        if user_id is None:
            raise not_found_on_read()
        return self._users[user_id]

    def get_by_short_uuid(self, short_uuid: str) -> UserRecord:
        user_id = self._by_short_uuid.get(short_uuid)
        if user_id is None:
            raise not_found_on_read()
        return self._users[user_id]

    def all_users(self) -> list[UserRecord]:
        return [self._users[i] for i in self._ids]

    def stream(
        self,
        *,
        cursor: str | None,
        size: int,
        tag: str | None = None,
        telegram_id: int | None = None,
        status: str | None = None,
    ) -> tuple[list[UserRecord], str | None, bool]:
        """One page of users with id above the cursor, in id order."""
        validate_stream(size, status)
        after = decode_cursor(cursor) if cursor else 0
        ids = self._ids if tag is None else self._ids_by_tag.get(tag, [])
        page: list[UserRecord] = []
        has_more = False
        for index in range(bisect_right(ids, after), len(ids)):
            user = self._users[ids[index]]
            if telegram_id is not None and user.telegram_id != telegram_id:
                continue
            if status is not None and user.status != status:
                continue
            if len(page) == size:
                has_more = True
                break
            page.append(user)
        next_cursor = encode_cursor(page[-1].id) if has_more else None
        return page, next_cursor, has_more

    # --- writes ------------------------------------------------------------------

    def create(self, req: wire.CreateUserBody) -> UserRecord:
        validate_create(req, self.squads)
        if req.username in self._by_username:
            raise PanelFailure(400, wire.USERNAME_EXISTS, "User username already exists")
        now = panel_time(self.now())
        user = UserRecord(
            id=self._next_id,
            short_uuid=self._new_short_uuid(),
            username=req.username,
            status=value_or(req.status, "ACTIVE"),
            expire_at=panel_time(req.expire_at),
            created_at=now,
            updated_at=now,
            traffic_limit_bytes=value_or(req.traffic_limit_bytes, 0),
            traffic_limit_strategy=value_or(req.traffic_limit_strategy, "NO_RESET"),
            telegram_id=value_or(req.telegram_id, None),
            email=value_or(req.email, None),
            description=value_or(req.description, None),
            tag=value_or(req.tag, None),
            hwid_device_limit=value_or(req.hwid_device_limit, None),
            squads=list(dict.fromkeys(value_or(req.active_internal_squads, []))),
            external_squad_uuid=value_or(req.external_squad_uuid, None),
            trojan_password=value_or(req.trojan_password, self._secret()),
            vless_uuid=value_or(req.vless_uuid, str(uuid.uuid4())),
            ss_password=value_or(req.ss_password, self._secret()),
        )
        self._next_id += 1
        self._users[user.id] = user
        self._by_username[user.username] = user.id
        self._by_short_uuid[user.short_uuid] = user.id
        self._ids.append(user.id)  # ids only grow, so the list stays sorted
        if user.tag is not None:
            self._ids_by_tag.setdefault(user.tag, []).append(user.id)
        return user

    def update(self, req: wire.UpdateUserBody) -> UserRecord:
        validate_update(req, self.now(), self.squads)
        if isinstance(req.id, int):
            user = self._users.get(req.id)
        else:
            found = self._by_username.get(req.username) if isinstance(req.username, str) else None
            user = None if found is None else self._users[found]
        if user is None:
            raise not_found_on_write()
        if isinstance(req.traffic_limit_bytes, int):
            user.traffic_limit_bytes = req.traffic_limit_bytes
            limit = user.traffic_limit_bytes
            if user.status == "LIMITED" and (limit == 0 or limit > user.used_traffic_bytes):
                user.status = "ACTIVE"
        if isinstance(req.expire_at, datetime):
            user.expire_at = panel_time(req.expire_at)
            if user.status == "EXPIRED":
                user.status = "ACTIVE"
        if not isinstance(req.tag, UnsetType):
            self._retag(user, req.tag)
        names = ("traffic_limit_strategy", "hwid_device_limit", "telegram_id", "email")
        for name in (*names, "external_squad_uuid"):
            value = getattr(req, name)
            if value is not UNSET:
                setattr(user, name, value)
        if req.description is not UNSET:
            user.description = req.description
        if isinstance(req.active_internal_squads, list):
            user.squads = list(dict.fromkeys(req.active_internal_squads))
        if isinstance(req.status, str):
            user.status = req.status
        return self._touch(user)

    def enable(self, user_id: int) -> UserRecord:
        user = self._for_action(user_id)
        if user.status != "DISABLED":
            raise PanelFailure(400, wire.USER_ALREADY_ENABLED, "User already enabled")
        user.status = "ACTIVE"
        return self._touch(user)

    def disable(self, user_id: int) -> UserRecord:
        user = self._for_action(user_id)
        if user.status == "DISABLED":
            raise PanelFailure(400, wire.USER_ALREADY_DISABLED, "User already disabled")
        user.status = "DISABLED"
        return self._touch(user)

    def reset_traffic(self, user_id: int) -> UserRecord:
        user = self._for_action(user_id)
        user.used_traffic_bytes = 0
        user.last_traffic_reset_at = panel_time(self.now())
        if user.status == "LIMITED":
            user.status = "ACTIVE"
        return self._touch(user)

    def revoke(self, user_id: int, short_uuid: str | None = None) -> UserRecord:
        user = self._for_action(user_id)
        if short_uuid is not None:
            ok = bool(SHORT_UUID_RE.match(short_uuid))
            if not ok or short_uuid in self._by_short_uuid:
                raise PanelValidationFailure([("shortUuid", "Invalid or taken short uuid")])
        del self._by_short_uuid[user.short_uuid]
        user.short_uuid = short_uuid or self._new_short_uuid()
        self._by_short_uuid[user.short_uuid] = user.id
        user.sub_revoked_at = panel_time(self.now())
        return self._touch(user)

    def extend(self, user_id: int, days: int) -> UserRecord:
        if not 1 <= days <= MAX_EXTEND_DAYS:
            raise PanelValidationFailure([("days", f"Must be 1..{MAX_EXTEND_DAYS}")])
        user = self._for_action(user_id)
        now = panel_time(self.now())
        expired = user.status == "EXPIRED" or user.expire_at <= now
        user.expire_at = (now if expired else user.expire_at) + timedelta(days=days)
        if user.status == "EXPIRED":
            user.status = "ACTIVE"
        return self._touch(user)

    def delete(self, user_id: int) -> None:
        user = self._for_action(user_id)
        del self._users[user_id]
        del self._by_username[user.username]
        del self._by_short_uuid[user.short_uuid]
        remove_sorted(self._ids, user_id)
        if user.tag is not None:
            remove_sorted(self._ids_by_tag[user.tag], user_id)

    # --- simulated life of the panel (control interface) ----------------------

    def add_traffic(self, user_id: int, amount: int) -> UserRecord:
        """Count `amount` bytes of use; an ACTIVE user at or over a non-zero limit is LIMITED."""
        user = self._for_action(user_id)
        user.used_traffic_bytes += amount
        user.lifetime_used_traffic_bytes += amount
        limit = user.traffic_limit_bytes
        if user.status == "ACTIVE" and limit > 0 and user.used_traffic_bytes >= limit:
            user.status = "LIMITED"
        return self._touch(user)

    def expire_due(self) -> int:
        """Mark ACTIVE/LIMITED users whose expiry has passed as EXPIRED; return how many."""
        now = self.now()
        count = 0
        for user in self._users.values():
            if user.status in ("ACTIVE", "LIMITED") and user.expire_at <= now:
                user.status = "EXPIRED"
                self._touch(user)
                count += 1
        return count

    # --- helpers -----------------------------------------------------------------

    def to_wire(self, user: UserRecord) -> wire.User:
        return wire.User(
            id=user.id,
            short_uuid=user.short_uuid,
            username=user.username,
            status=user.status,
            traffic_limit_bytes=user.traffic_limit_bytes,
            traffic_limit_strategy=user.traffic_limit_strategy,
            expire_at=user.expire_at,
            telegram_id=user.telegram_id,
            email=user.email,
            description=user.description,
            tag=user.tag,
            hwid_device_limit=user.hwid_device_limit,
            external_squad_uuid=user.external_squad_uuid,
            trojan_password=user.trojan_password,
            vless_uuid=user.vless_uuid,
            ss_password=user.ss_password,
            last_triggered_threshold=0,
            sub_revoked_at=user.sub_revoked_at,
            last_traffic_reset_at=user.last_traffic_reset_at,
            created_at=user.created_at,
            updated_at=user.updated_at,
            subscription_url=f"https://{self.sub_domain}/{user.short_uuid}",
            active_internal_squads=[wire.SquadRef(u, self.squads[u]) for u in user.squads],
            user_traffic=wire.UserTraffic(
                used_traffic_bytes=user.used_traffic_bytes,
                lifetime_used_traffic_bytes=user.lifetime_used_traffic_bytes,
            ),
        )

    def squad_members(self, squad_uuid: str) -> int:
        return sum(1 for u in self._users.values() if squad_uuid in u.squads)

    def _for_action(self, user_id: int) -> UserRecord:
        user = self._users.get(user_id)
        if user is None:
            raise not_found_on_write()
        return user

    def _retag(self, user: UserRecord, tag: str | None) -> None:
        if user.tag == tag:
            return
        if user.tag is not None:
            remove_sorted(self._ids_by_tag[user.tag], user.id)
        if tag is not None:
            insort(self._ids_by_tag.setdefault(tag, []), user.id)
        user.tag = tag

    def _touch(self, user: UserRecord) -> UserRecord:
        user.updated_at = panel_time(self.now())
        return user

    @staticmethod
    def _secret() -> str:
        return "".join(random.choices(SHORT_UUID_ALPHABET, k=16))

    def _new_short_uuid(self) -> str:
        while True:
            candidate = self._secret()
            if candidate not in self._by_short_uuid:
                return candidate
