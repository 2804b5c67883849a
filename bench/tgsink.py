"""A minimal Bot API stand-in for benchmarks: answers instantly, timestamps replies.

The full simulator records and validates everything; a benchmark wants the
cheapest possible peer so that it measures Fleet, not the simulator.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web


class TelegramSink:
    def __init__(self) -> None:
        self.replies: dict[int, float] = {}
        self.waiters: dict[int, asyncio.Future[float]] = {}
        self._runner: web.AppRunner | None = None
        self.url = ""

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = future
        return future

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        token = request.match_info["token"]
        bot_id = int(token.partition(":")[0])
        if method in ("sendmessage", "editmessagetext"):
            form: dict[str, Any] = dict(await request.post())
            chat_id = int(form["chat_id"])
            now = time.perf_counter()
            future = self.waiters.pop(chat_id, None)
            if future is not None and not future.done():
                future.set_result(now)
            result: Any = {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": bot_id, "is_bot": True, "first_name": "b"},
                "text": form.get("text", ""),
            }
        elif method == "getme":
            result = {"id": bot_id, "is_bot": True, "first_name": "b", "username": f"b{bot_id}"}
        else:
            result = True
        return web.Response(
            text=json.dumps({"ok": True, "result": result}), content_type="application/json"
        )

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
