"""A Remnawave 3.x panel simulator over HTTP (aiohttp), for tests and demos.

Serves the endpoints of docs/remnawave.md under `/api` with the `{"response": ...}`
envelope, the panel's error bodies and its transport quirks (401 on a bad token,
a dropped TCP connection when the proxy headers are missing). The rules live in
`state.PanelState`.

Drive it from Python (`add_traffic`, `fail_next`, `set_clock`, ...) or, from
another process, over HTTP under `/_control/...` (see `control`).

Run standalone: `python -m src.sandbox.remnawave.simulator --port 3010`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec
from aiohttp import web

from src.sandbox.remnawave import wire
from src.sandbox.remnawave.control import add_control_routes
from src.sandbox.remnawave.rules import PanelFailure, PanelValidationFailure
from src.sandbox.remnawave.state import DEFAULT_SQUADS, PanelState

S = TypeVar("S")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_ID_RE = re.compile(r"^[0-9]{1,15}$")
SQUADS_CREATED_AT = datetime(2025, 1, 1, tzinfo=UTC)
DEFAULT_TOKEN = "sim-token"  # noqa: S105 - a well-known value for tests and demos


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=msgspec.json.encode(payload), status=status, content_type="application/json"
    )


def _ok(payload: Any, status: int = 200) -> web.Response:
    return _json({"response": payload}, status)


def _validation(issues: list[tuple[str, str]]) -> web.Response:
    errors = [
        wire.ValidationIssue(code="invalid", message=msg, path=[name]) for name, msg in issues
    ]
    return _json({"statusCode": 400, "message": "Validation failed", "errors": errors}, 400)


def _decode(raw: bytes, kind: type[S]) -> S:
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.ValidationError as exc:
        raise PanelValidationFailure([("body", str(exc))]) from None
    except msgspec.DecodeError:
        raise PanelValidationFailure([("body", "Malformed JSON")]) from None


def _user_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not _ID_RE.match(raw):
        raise PanelValidationFailure([("id", "Expected number, received string")])
    return int(raw)


class RemnawaveSimulator:
    """One simulated panel. `start()` serves it on an ephemeral port and returns its URL."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        sub_domain: str = "sub.example.test",
        version: str = "3.2.1",
        require_proxy_headers: bool = True,
        now: Callable[[], datetime] | None = None,
        squads: tuple[tuple[str, str], ...] = DEFAULT_SQUADS,
    ) -> None:
        self.state = PanelState(sub_domain=sub_domain, now=now, squads=squads)
        self.token = token
        self.version = version
        self.require_proxy_headers = require_proxy_headers
        self.requests: list[tuple[str, str]] = []  # every /api request, answered or not
        self.base_url: str | None = None
        self._fail_count = 0
        self._fail_status = 500
        self._fail_forever: int | None = None
        self._timeout_count = 0
        self._timeout_s = 0.0
        self._drop_count = 0
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.app = self._build_app()

    # --- lifecycle -----------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        self._stopping.set()  # wakes requests held by timeout_next
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> RemnawaveSimulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- control -------------------------------------------------------------------

    def add_traffic(self, user_id: int, amount: int) -> wire.User:
        return self.state.to_wire(self.state.add_traffic(user_id, amount))

    def reset_traffic(self, user_id: int) -> wire.User:
        return self.state.to_wire(self.state.reset_traffic(user_id))

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next `count` API requests with `status` instead of handling them."""
        self._fail_count, self._fail_status = count, status

    def fail_all(self, status: int = 500) -> None:
        self._fail_forever = status

    def timeout_next(self, count: int, seconds: float) -> None:
        """Hold the next `count` API requests for `seconds`, then handle them normally."""
        self._timeout_count, self._timeout_s = count, seconds

    def drop_next(self, count: int) -> None:
        """Drop the TCP connection of the next `count` API requests without answering."""
        self._drop_count = count

    def recover(self) -> None:
        self._fail_count = self._timeout_count = self._drop_count = 0
        self._fail_forever = None

    def set_require_proxy_headers(self, required: bool) -> None:
        self.require_proxy_headers = required

    def set_clock(self, now: Callable[[], datetime] | datetime | None) -> None:
        """A callable, a fixed instant, or `None` for the real clock."""
        if now is None:
            self.state.now = lambda: datetime.now(UTC)
        elif isinstance(now, datetime):
            self.state.now = lambda: now
        else:
            self.state.now = now

    def expire_users(self) -> int:
        return self.state.expire_due()

    def users(self) -> list[wire.User]:
        return [self.state.to_wire(u) for u in self.state.all_users()]

    def delete_all_users(self) -> None:
        for user in self.state.all_users():
            self.state.delete(user.id)

    # --- HTTP ----------------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._gate])
        r = app.router
        r.add_post("/api/users", self._create)
        r.add_patch("/api/users", self._update)
        r.add_get("/api/users/stream", self._stream)
        r.add_get("/api/users/by-username/{username}", self._by_username)
        r.add_get("/api/users/by-short-uuid/{short_uuid}", self._by_short_uuid)
        r.add_get("/api/users/{id}", self._get)
        r.add_delete("/api/users/{id}", self._delete)
        r.add_post("/api/users/{id}/actions/{action}", self._action)
        r.add_get("/api/internal-squads", self._squads)
        r.add_get("/api/system/metadata", self._metadata)
        add_control_routes(app, self)
        return app

    @web.middleware
    async def _gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/api/"):
            return await handler(request)
        self.requests.append((request.method, request.path))
        proxied = (
            "X-Forwarded-For" in request.headers
            and request.headers.get("X-Forwarded-Proto") == "https"
        )
        if (self.require_proxy_headers and not proxied) or self._take_drop():
            if request.transport is not None:
                request.transport.close()  # the panel answers nothing at all
            return web.Response(status=400)  # never reaches the client
        if self._timeout_count > 0:
            self._timeout_count -= 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._timeout_s)
        failure = self._take_failure()
        if failure is not None:
            return self._error(request, failure, "A000", "Simulated server failure")
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _json({"message": "Unauthorized", "statusCode": 401}, 401)
        try:
            return await handler(request)
        except PanelFailure as exc:
            return self._error(request, exc.status, exc.error_code, exc.message)
        except PanelValidationFailure as exc:
            return _validation(exc.issues)
        except web.HTTPException as exc:
            message = f"Cannot {request.method} {request.path}"
            return _json(
                {"message": message, "error": exc.reason, "statusCode": exc.status}, exc.status
            )

    def _take_drop(self) -> bool:
        if self._drop_count > 0:
            self._drop_count -= 1
            return True
        return False

    def _take_failure(self) -> int | None:
        if self._fail_forever is not None:
            return self._fail_forever
        if self._fail_count > 0:
            self._fail_count -= 1
            return self._fail_status
        return None

    def _error(self, request: web.Request, status: int, code: str, message: str) -> web.Response:
        stamp = self.state.now().isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return _json(wire.error_body(stamp, request.path, message, code), status)

    async def _create(self, request: web.Request) -> web.Response:
        user = self.state.create(_decode(await request.read(), wire.CreateUserBody))
        return _ok(self.state.to_wire(user), 201)

    async def _update(self, request: web.Request) -> web.Response:
        user = self.state.update(_decode(await request.read(), wire.UpdateUserBody))
        return _ok(self.state.to_wire(user))

    async def _get(self, request: web.Request) -> web.Response:
        return _ok(self.state.to_wire(self.state.get(_user_id(request))))

    async def _by_username(self, request: web.Request) -> web.Response:
        user = self.state.get_by_username(request.match_info["username"])
        return _ok(self.state.to_wire(user))

    async def _by_short_uuid(self, request: web.Request) -> web.Response:
        user = self.state.get_by_short_uuid(request.match_info["short_uuid"])
        return _ok(self.state.to_wire(user))

    async def _delete(self, request: web.Request) -> web.Response:
        self.state.delete(_user_id(request))
        return web.Response(status=204)

    async def _action(self, request: web.Request) -> web.Response:
        user_id, action = _user_id(request), request.match_info["action"]
        if action == "enable":
            user = self.state.enable(user_id)
        elif action == "disable":
            user = self.state.disable(user_id)
        elif action == "reset-traffic":
            user = self.state.reset_traffic(user_id)
        elif action == "extend":
            user = self.state.extend(user_id, _decode(await request.read(), wire.ExtendBody).days)
        elif action == "revoke":
            raw = await request.read()
            body = _decode(raw, wire.RevokeBody) if raw.strip() else wire.RevokeBody()
            short_uuid = body.short_uuid if isinstance(body.short_uuid, str) else None
            user = self.state.revoke(user_id, short_uuid)
        else:
            raise web.HTTPNotFound()
        return _ok(self.state.to_wire(user))

    async def _stream(self, request: web.Request) -> web.Response:
        query = request.query
        issues = [
            (k, "Expected number") for k in ("size", "telegramId") if not _is_int(query.get(k))
        ]
        if issues:
            raise PanelValidationFailure(issues)
        telegram_id = query.get("telegramId")
        users, cursor, has_more = self.state.stream(
            cursor=query.get("cursor") or None,
            size=int(query.get("size", "250")),  # the panel's default
            tag=query.get("tag"),
            telegram_id=None if telegram_id is None else int(telegram_id),
            status=query.get("status"),
        )
        dtos = [self.state.to_wire(u) for u in users]
        return _ok(wire.StreamPage(users=dtos, next_cursor=cursor, has_more=has_more))

    async def _squads(self, request: web.Request) -> web.Response:
        squads = [
            wire.Squad(
                uuid=uuid,
                view_position=position,
                name=name,
                info=wire.SquadInfo(self.state.squad_members(uuid), inbounds_count=0),
                inbounds=[],
                created_at=SQUADS_CREATED_AT,
                updated_at=SQUADS_CREATED_AT,
            )
            for position, (uuid, name) in enumerate(self.state.squads.items(), start=1)
        ]
        return _ok(wire.SquadList(total=len(squads), internal_squads=squads))

    async def _metadata(self, request: web.Request) -> web.Response:
        return _ok(wire.metadata(self.version, "2025-01-01T00:00:00.000Z"))


def _is_int(value: str | None) -> bool:
    return value is None or bool(_ID_RE.match(value))


def main() -> None:
    parser = argparse.ArgumentParser(description="Remnawave 3.x panel simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3010)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--sub-domain", default="sub.example.test")
    parser.add_argument("--no-proxy-headers", action="store_true", help="accept plain requests")
    args = parser.parse_args()
    simulator = RemnawaveSimulator(
        token=args.token,
        sub_domain=args.sub_domain,
        require_proxy_headers=not args.no_proxy_headers,
    )
    web.run_app(simulator.app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
