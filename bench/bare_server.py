"""The framework floor for bench/workers.py (run as a subprocess): a bare aiogram
webhook echo bot. One Bot, one Dispatcher, aiogram's own aiohttp webhook handler
(answers at once, handles in the background), /start answered with one sendMessage.
GET /bench/reset and /bench/stats tell the process CPU time and the updates handled.
"""

from __future__ import annotations

import argparse
import time

import uvloop
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

STATS = {"updates": 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sink", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()

    session = AiohttpSession(api=TelegramAPIServer.from_base(args.sink))
    bot = Bot(args.token, session=session)
    router = Router(name="echo")

    async def start(message: Message) -> None:
        STATS["updates"] += 1
        await message.answer("hi")

    router.message.register(start, CommandStart())
    dp = Dispatcher()
    dp.include_router(router)

    async def stats(_: web.Request) -> web.Response:
        return web.json_response({**STATS, "cpu": time.process_time()})

    async def reset(_: web.Request) -> web.Response:
        STATS["updates"] = 0
        return web.json_response({**STATS, "cpu": time.process_time()})

    app = web.Application()
    SimpleRequestHandler(dp, bot, secret_token=args.secret).register(app, path="/telegram/{bot}")
    app.router.add_get("/bench/stats", stats)
    app.router.add_get("/bench/reset", reset)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, loop=uvloop.new_event_loop())


if __name__ == "__main__":
    main()
