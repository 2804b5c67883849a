"""The simulator's control interface over HTTP, so another process can drive it.

No auth, no proxy-header check, no injected faults:

    GET  /_control/users                      all users (panel user objects)
    POST /_control/users/{id}/traffic         {"bytes": n}  -> the user
    POST /_control/users/{id}/reset-traffic                 -> the user
    POST /_control/fail                       {"count": n, "status": 500}
    POST /_control/fail-all                   {"status": 500}
    POST /_control/timeout                    {"count": n, "seconds": s}
    POST /_control/drop                       {"count": n}
    POST /_control/recover
    POST /_control/proxy-headers              {"required": bool}
    POST /_control/clock                      {"now": "<iso>" | null}  (null: real clock)
    POST /_control/expire                     -> {"expired": n}
    GET  /_control/requests                   -> {"count": n, "requests": [[method, path]]}
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web

from src.sandbox.remnawave import wire
from src.sandbox.remnawave.rules import PanelFailure

if TYPE_CHECKING:
    from src.sandbox.remnawave.simulator import RemnawaveSimulator


class _Traffic(msgspec.Struct):
    bytes: int


class _Count(msgspec.Struct):
    count: int = 1
    status: int = 500
    seconds: float = 5.0


class _Flag(msgspec.Struct):
    required: bool


class _Clock(msgspec.Struct):
    now: datetime | None = None


def _json(payload: Any, status: int = 200) -> web.Response:
    body = msgspec.json.encode(payload)
    return web.Response(body=body, status=status, content_type="application/json")


def add_control_routes(app: web.Application, sim: RemnawaveSimulator) -> None:
    def user_call(request: web.Request, action: Callable[[int], wire.User]) -> web.Response:
        raw = request.match_info["id"]
        if not raw.isdigit():
            return _json({"message": "id must be a number"}, 400)
        try:
            return _json(action(int(raw)))
        except PanelFailure as exc:
            return _json({"message": exc.message}, exc.status)

    async def users(request: web.Request) -> web.Response:
        return _json({"users": sim.users()})

    async def requests(request: web.Request) -> web.Response:
        return _json({"count": len(sim.requests), "requests": sim.requests})

    async def traffic(request: web.Request) -> web.Response:
        amount = msgspec.json.decode(await request.read(), type=_Traffic).bytes
        return user_call(request, lambda user_id: sim.add_traffic(user_id, amount))

    async def reset(request: web.Request) -> web.Response:
        return user_call(request, sim.reset_traffic)

    async def command(request: web.Request) -> web.Response:
        name, raw = request.match_info["command"], (await request.read()).strip() or b"{}"
        try:
            if name == "proxy-headers":
                sim.set_require_proxy_headers(msgspec.json.decode(raw, type=_Flag).required)
            elif name == "clock":
                sim.set_clock(msgspec.json.decode(raw, type=_Clock).now)
            elif name == "expire":
                return _json({"expired": sim.expire_users()})
            elif name == "recover":
                sim.recover()
            elif name in ("fail", "fail-all", "timeout", "drop"):
                args = msgspec.json.decode(raw, type=_Count)
                if name == "fail":
                    sim.fail_next(args.count, args.status)
                elif name == "fail-all":
                    sim.fail_all(args.status)
                elif name == "timeout":
                    sim.timeout_next(args.count, args.seconds)
                else:
                    sim.drop_next(args.count)
            else:
                return _json({"message": f"unknown command {name}"}, 404)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            return _json({"message": str(exc)}, 400)
        return _json({"ok": True})

    app.router.add_get("/_control/users", users)
    app.router.add_get("/_control/requests", requests)
    app.router.add_post("/_control/users/{id}/traffic", traffic)
    app.router.add_post("/_control/users/{id}/reset-traffic", reset)
    app.router.add_post("/_control/{command}", command)
