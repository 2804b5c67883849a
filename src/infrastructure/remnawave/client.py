"""`HttpRemnawavePanel`: Remnawave 3.x over HTTP (aiohttp), as docs/remnawave.md describes it.

Retry policy: connection errors, dropped connections, timeouts and 5xx are retried
with exponential backoff and jitter (`retries` extra attempts); 4xx never are.
Because a retried request may already have been carried out, the adapter
reconciles the answers that only mean "my earlier attempt worked": A019 on a
retried create (the user is read back by username) and A025 on a retried delete.
`extend` adds days, so it is retried only when the request never left (connection
refused); once it may have reached the panel (timeout, dropped connection, 5xx)
the failure is `PanelUnavailable` at once. For exactly-once renewals prefer
`update_user(expire_at=...)`, which is idempotent.

The API token is never logged and never appears in errors or `repr`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Collection
from datetime import UTC
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
import msgspec

from src.application.ports.vpn_panel import (
    NewPanelUser,
    PanelUser,
    PanelUserChanges,
    PanelUserStatus,
)
from src.core.errors import (
    DomainError,
    PanelRejected,
    PanelUnavailable,
    PanelUserExists,
    PanelUserNotFound,
)
from src.infrastructure.metrics import timed_panel_call
from src.infrastructure.remnawave import models as m

log = logging.getLogger(__name__)
T = TypeVar("T")
SUPPORTED_MAJOR = 3


# --- mapping between the port's values and the wire ------------------------------


def to_panel_user(dto: m.UserDto) -> PanelUser:
    expire_at = dto.expire_at
    expire_at = expire_at.replace(tzinfo=UTC) if expire_at.tzinfo is None else expire_at
    return PanelUser(
        id=dto.id,
        short_uuid=dto.short_uuid,
        username=dto.username,
        status=PanelUserStatus(dto.status),
        traffic_limit_bytes=dto.traffic_limit_bytes,
        expire_at=expire_at.astimezone(UTC),
        telegram_id=dto.telegram_id,
        tag=dto.tag,
        hwid_device_limit=dto.hwid_device_limit,
        subscription_url=dto.subscription_url,
        squads=tuple(s.uuid for s in dto.active_internal_squads),
        used_traffic_bytes=dto.user_traffic.used_traffic_bytes,
        lifetime_used_traffic_bytes=dto.user_traffic.lifetime_used_traffic_bytes,
    )


def _given(value: Any) -> Any:
    """`None` (not given) becomes UNSET: the field is left out of the request."""
    return msgspec.UNSET if value is None else value


def create_request(new: NewPanelUser) -> m.CreateUserRequest:
    return m.CreateUserRequest(
        username=new.username,
        expire_at=new.expire_at,
        traffic_limit_bytes=new.traffic_limit_bytes,
        hwid_device_limit=_given(new.hwid_device_limit),
        telegram_id=_given(new.telegram_id),
        tag=_given(new.tag),
        active_internal_squads=list(new.squads),
        description=_given(new.description),
    )


def update_request(user_id: int, changes: PanelUserChanges) -> m.UpdateUserRequest:
    return m.UpdateUserRequest(
        id=user_id,
        status=_given(None if changes.status is None else changes.status.value),
        expire_at=_given(changes.expire_at),
        traffic_limit_bytes=_given(changes.traffic_limit_bytes),
        hwid_device_limit=_given(changes.hwid_device_limit),
        telegram_id=_given(changes.telegram_id),
        tag=_given(changes.tag),
        active_internal_squads=_given(None if changes.squads is None else list(changes.squads)),
        description=_given(changes.description),
    )


MAX_USER_ID = 2**63 - 1  # the panel's ids are PostgreSQL bigints


def _user_id(user_id: int) -> int:
    """A user id the panel can hold; any other cannot exist (never sent: a hostile id
    past int64 would make the panel fail rather than answer "not found")."""
    if not 0 < int(user_id) <= MAX_USER_ID:
        raise PanelUserNotFound(f"panel user {user_id} cannot exist")
    return int(user_id)


def _user_path(user_id: int, action: str | None = None) -> str:
    path = f"/api/users/{_user_id(user_id)}"
    return path if action is None else f"{path}/actions/{action}"


def panel_error(status: int, error_code: str | None, message: str) -> DomainError:
    """Map a panel failure answer to the domain error the port promises."""
    text = f"panel answered {status}" + (f" {error_code}" if error_code else "") + f": {message}"
    if error_code == m.USERNAME_EXISTS:
        return PanelUserExists(text)
    if status == 404 and error_code is not None:
        return PanelUserNotFound(text)
    if status >= 500:
        return PanelUnavailable(text)
    # A 404 without errorCode is an unknown route: a wrong base URL, not a missing user.
    return PanelRejected(text)


class HttpRemnawavePanel:
    """`VpnPanel` over HTTP. Closes its session on `close()` only if it created it."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout_s: float = 10,
        retries: int = 3,
        backoff_s: float = 0.2,
        api_key_header: str | None = None,
        cookie: str | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._session = session
        self._owns_session = session is None
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._retries = retries
        self._backoff_s = backoff_s
        self._headers = {
            "Authorization": f"Bearer {token}",
            "X-Forwarded-For": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Accept": "application/json",
        }
        if api_key_header:
            self._headers["X-Api-Key"] = api_key_header
        if cookie:
            self._headers["Cookie"] = cookie

    def __repr__(self) -> str:
        return f"HttpRemnawavePanel(base_url={self._base_url!r})"

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> HttpRemnawavePanel:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- VpnPanel and the panel calls beyond it ------------------------------------

    async def check_compatible(self) -> str:
        """Read the panel metadata; return its version, raise `PanelRejected` unless 3.x
        (docs/remnawave.md, "Version check")."""
        meta = await self._call("GET", "/api/system/metadata", m.Metadata)
        major = meta.version.lstrip("vV").split(".", 1)[0]
        if major != str(SUPPORTED_MAJOR):
            raise PanelRejected(
                f"Remnawave {meta.version} is not supported: Fleet needs {SUPPORTED_MAJOR}.x",
                code="panel_version_unsupported",
            )
        return meta.version

    async def create_user(self, new: NewPanelUser) -> PanelUser:
        raw = await self._request(
            "POST", "/api/users", create_request(new), benign_after_retry={m.USERNAME_EXISTS}
        )
        if raw is not None:
            return to_panel_user(self._decode(raw, m.UserDto, "/api/users"))
        # An earlier attempt created the user but its answer was lost.
        log.warning("panel create retried; reading the user back")
        user = await self.get_user_by_username(new.username)
        if user is None:
            raise PanelUserExists(f"panel user {new.username!r} exists")
        return user

    async def get_user(self, user_id: int) -> PanelUser:
        return to_panel_user(await self._call("GET", _user_path(user_id), m.UserDto))

    async def get_user_by_username(self, username: str) -> PanelUser | None:
        path = f"/api/users/by-username/{quote(username, safe='')}"
        try:
            return to_panel_user(await self._call("GET", path, m.UserDto))
        except PanelUserNotFound:
            return None

    async def update_user(self, user_id: int, changes: PanelUserChanges) -> PanelUser:
        body = update_request(_user_id(user_id), changes)
        return to_panel_user(await self._call("PATCH", "/api/users", m.UserDto, body))

    async def extend_user(self, user_id: int, days: int) -> PanelUser:
        path = _user_path(user_id, "extend")
        body = m.ExtendUserRequest(days=days)
        return to_panel_user(await self._call("POST", path, m.UserDto, body, idempotent=False))

    async def enable_user(self, user_id: int) -> PanelUser:
        return await self._toggle(user_id, "enable", m.USER_ALREADY_ENABLED)

    async def disable_user(self, user_id: int) -> PanelUser:
        return await self._toggle(user_id, "disable", m.USER_ALREADY_DISABLED)

    async def reset_user_traffic(self, user_id: int) -> PanelUser:
        path = _user_path(user_id, "reset-traffic")
        return to_panel_user(await self._call("POST", path, m.UserDto))

    async def revoke_subscription(self, user_id: int) -> PanelUser:
        path = _user_path(user_id, "revoke")
        return to_panel_user(await self._call("POST", path, m.UserDto, m.RevokeRequest()))

    async def delete_user(self, user_id: int) -> None:
        # A025 after a retry: an earlier attempt deleted the user but its answer was lost.
        path = _user_path(user_id)
        await self._request("DELETE", path, benign_after_retry={m.USER_NOT_FOUND_ON_UPDATE})

    async def stream_users_by_tag(
        self, tag: str, page_size: int = 1000
    ) -> AsyncIterator[PanelUser]:
        cursor: str | None = None
        while True:
            params = {"tag": tag, "size": str(page_size)}
            if cursor is not None:
                params["cursor"] = cursor
            page = await self._call("GET", "/api/users/stream", m.UserStreamPage, params=params)
            for dto in page.users:
                yield to_panel_user(dto)
            if not page.has_more or not page.next_cursor or page.next_cursor == cursor:
                return
            cursor = page.next_cursor

    async def list_squads(self) -> list[tuple[str, str]]:
        squads = await self._call("GET", "/api/internal-squads", m.SquadList)
        return [(s.uuid, s.name) for s in squads.internal_squads]

    # --- PanelRetagger (the import's `--retag`, docs/import.md) ---------------------

    async def tagged_user_ids(self, tag: str) -> AsyncIterator[int]:
        async for user in self.stream_users_by_tag(tag):
            yield user.id

    async def set_tag(self, panel_user_id: int, tag: str) -> None:
        await self.update_user(panel_user_id, PanelUserChanges(tag=tag))

    # --- transport -----------------------------------------------------------------

    async def _toggle(self, user_id: int, action: str, already_code: str) -> PanelUser:
        path = _user_path(user_id, action)
        raw = await self._request("POST", path, benign={already_code})
        if raw is None:
            return await self.get_user(user_id)
        return to_panel_user(self._decode(raw, m.UserDto, path))

    async def _call(
        self,
        method: str,
        path: str,
        result: type[T],
        body: msgspec.Struct | None = None,
        *,
        params: dict[str, str] | None = None,
        idempotent: bool = True,
    ) -> T:
        raw = await self._request(method, path, body, params=params, idempotent=idempotent)
        assert raw is not None  # no benign codes were given
        return self._decode(raw, result, path)

    async def _request(
        self,
        method: str,
        path: str,
        body: msgspec.Struct | None = None,
        *,
        params: dict[str, str] | None = None,
        idempotent: bool = True,
        benign: Collection[str] = (),
        benign_after_retry: Collection[str] = (),
    ) -> bytes | None:
        """Send with retries; return the success body, or `None` for a benign error code.

        `benign` codes mean success on any attempt, `benign_after_retry` only on a
        retry (the earlier attempt may have done the work).
        """
        data = None if body is None else msgspec.json.encode(body)
        attempt = 0
        while True:
            try:
                status, raw = await timed_panel_call(lambda: self._send(method, path, data, params))
            except (aiohttp.ClientError, TimeoutError) as exc:
                sent = not isinstance(exc, aiohttp.ClientConnectorError)
                if attempt >= self._retries or (sent and not idempotent):
                    log.warning(
                        "panel unreachable",
                        extra={"method": method, "path": path, "error": type(exc).__name__},
                    )
                    raise PanelUnavailable(f"panel unreachable: {type(exc).__name__}") from None
                reason: object = type(exc).__name__
            else:
                if status < 400:
                    return raw
                error = _error_body(raw)
                if error.error_code in benign or (
                    attempt > 0 and error.error_code in benign_after_retry
                ):
                    return None
                if status < 500 or attempt >= self._retries or not idempotent:
                    log.log(
                        logging.WARNING if status >= 500 else logging.DEBUG,
                        "panel call failed",
                        extra={
                            "method": method,
                            "path": path,
                            "status": status,
                            "error_code": error.error_code,
                        },
                    )
                    raise panel_error(status, error.error_code, error.message or "no message")
                reason = status
            attempt += 1
            delay = self._backoff_s * 2 ** (attempt - 1)
            delay = delay / 2 + random.uniform(0, delay / 2)
            log.info(
                "panel call failed; retrying",
                extra={"method": method, "path": path, "reason": reason, "attempt": attempt},
            )
            await asyncio.sleep(delay)

    async def _send(
        self, method: str, path: str, data: bytes | None, params: dict[str, str] | None
    ) -> tuple[int, bytes]:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = self._headers
        if data is not None:
            headers = {**headers, "Content-Type": "application/json"}
        async with self._session.request(
            method,
            self._base_url + path,
            data=data,
            params=params,
            headers=headers,
            timeout=self._timeout,
        ) as response:
            return response.status, await response.read()

    def _decode(self, raw: bytes, result: type[T], path: str) -> T:
        try:
            return msgspec.json.decode(raw, type=m.Envelope[result]).response  # type: ignore[valid-type]
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            log.warning("panel sent an unexpected body", extra={"path": path, "error": str(exc)})
            raise PanelUnavailable(f"panel sent an unexpected body for {path}") from None


def _error_body(raw: bytes) -> m.ErrorBody:
    try:
        return msgspec.json.decode(raw, type=m.ErrorBody)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return m.ErrorBody(message=raw[:200].decode("utf-8", "replace") or None)
