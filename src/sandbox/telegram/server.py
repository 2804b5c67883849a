"""The HTTP side: ``/bot{token}/{method}`` speaking the Bot API as aiogram sends
it, ``/file/bot{token}/{path}`` for downloads, JSON 404 for anything else."""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from .call import Call, Described
from .errors import ApiError, bad_request, not_found, unauthorized
from .methods import HANDLERS, get_updates
from .params import UploadedFile, decode_params, recordable
from .records import CallRecord
from .state import BotState
from .world import World

_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
MAX_UPLOAD = 50 * 1024 * 1024


def _answer(payload: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json"
    )


async def _raw_params(request: web.Request) -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = list(request.query.items())
    if request.method != "POST" or not request.can_read_body:
        return items
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        return items + list(body.items())
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            data = value.file.read()
            items.append((name, UploadedFile(name, value.filename, value.content_type, data)))
        else:
            items.append((name, value))
    return items


def _drop_connection(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        transport.abort()


class HttpServer:
    def __init__(self, world: World, extra_routes: Iterable[web.RouteDef] = ()) -> None:
        self._world = world
        self._extra_routes = list(extra_routes)
        self._runner: web.AppRunner | None = None
        self.stopping = asyncio.Event()
        self.base_url: str | None = None

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_routes(self._extra_routes)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        return app

    async def start(self, host: str, port: int) -> str:
        if self._runner is not None:
            raise RuntimeError("the simulator is already running")
        self.stopping.clear()
        runner = web.AppRunner(
            self.build_app(), access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound = runner.addresses[0]
        self.base_url = f"http://{host}:{bound[1]}"
        return self.base_url

    async def stop(self) -> None:
        self.stopping.set()
        for bot in self._world.bots_by_id.values():
            bot.wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.base_url = None

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return _answer(not_found().payload(), 404)

    def _bot(self, token: str) -> BotState:
        bot = self._world.bots_by_token.get(token)
        if bot is not None:
            return bot
        if not _TOKEN_RE.fullmatch(token):
            raise not_found()
        bot_id = int(token.partition(":")[0])
        if self._world.auto_register and bot_id not in self._world.bots_by_id:
            # sandbox: any well-formed new token is a bot, as if made with @BotFather
            return self._world.add_bot(token, bot_id, f"sandbox{bot_id}_bot", f"Sandbox {bot_id}")
        raise unauthorized()

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        try:
            self._bot(request.match_info["token"])
        except ApiError as exc:
            return _answer(exc.payload(), exc.error_code)
        file_id = self._world.file_paths.get(request.match_info["path"])
        record = self._world.files.get(file_id) if file_id else None
        if record is None or record.content is None:
            return _answer(not_found().payload(), 404)
        return web.Response(body=record.content, content_type="application/octet-stream")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        try:
            bot = self._bot(request.match_info["token"])
        except ApiError as exc:
            return _answer(exc.payload(), exc.error_code)
        params: dict[str, Any] = {}
        try:
            params = decode_params(await _raw_params(request))
            if self._world.faults.take_network_drop(bot.bot_id):
                self._record(bot, method, params, 0, None)
                _drop_connection(request)
                return web.Response(status=499)
            payload, status = await self._execute(bot, method, params), 200
        except ApiError as exc:
            payload, status = exc.payload(), exc.error_code
        self._record(bot, method, params, status, payload)
        return _answer(payload, status)

    async def _execute(self, bot: BotState, method: str, params: dict[str, Any]) -> dict[str, Any]:
        error = self._world.faults.check(bot.bot_id, method)
        if error is not None:
            raise error
        name = method.lower()
        call = Call(self._world, bot, method, params)
        if name == "getupdates":
            result: Any = await get_updates(call, stopping=self.stopping)
        else:
            handler = HANDLERS.get(name)
            if handler is None:
                raise not_found()
            result = handler(call)
            if inspect.isawaitable(result):
                result = await result
        if isinstance(result, Described):
            return {"ok": True, "result": result.result, "description": result.description}
        return {"ok": True, "result": result}

    def _record(
        self,
        bot: BotState,
        method: str,
        params: dict[str, Any],
        status: int,
        payload: dict[str, Any] | None,
    ) -> None:
        bot.calls.append(
            CallRecord(method, recordable(params), self._world.clock(), status, payload)
        )
