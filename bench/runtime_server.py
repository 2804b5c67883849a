"""The Fleet process under test for bench/runtime_webhooks.py (run as a subprocess).

`/start` reads the tenant (middleware: cached, or from the database in the naive
variant) and writes one row, then answers. GET /bench/stats tells how many SQL
statements ran and how many updates were handled.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn
from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.types import Message
from dependency_injector import providers
from litestar import Litestar, get
from sqlalchemy import event, text

from src.application.tenancy.get_tenant import GetTenant
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.logging_setup import configure_logging
from src.infrastructure.settings import load_settings
from src.interfaces.bot.runtime import RuntimeOptions
from src.interfaces.bot.webhook import webhook_route
from src.interfaces.composition import compose
from src.interfaces.platform import Platform

STATS = {"queries": 0, "updates": 0}


def bench_router(container: Container) -> Router:
    router = Router(name="bench")

    async def start(message: Message, tenant: Tenant) -> None:
        async with container.engine().begin() as conn:
            await conn.execute(
                text("INSERT INTO bench_hits (bot_id, user_id) VALUES (:b, :u)"),
                {"b": tenant.id, "u": message.chat.id},
            )
        STATS["updates"] += 1
        await message.answer(f"hi from {tenant.name}")

    router.message.register(start, CommandStart())
    return router


def echo_router() -> Router:
    """The `echo` variant (bench/workers.py): the same answer as a bare aiogram bot, so
    the difference is the platform (tenant context, dedup, fair queue, metrics)."""
    router = Router(name="bench-echo")

    async def start(message: Message) -> None:
        STATS["updates"] += 1
        await message.answer("hi")

    router.message.register(start, CommandStart())
    return router


class NaiveGetTenant:
    """The variant to compare with: the tenant from the database on every update."""

    def __init__(self, container: Container) -> None:
        self._get = GetTenant(container.uow(), container.cache())

    async def __call__(self, tenant_id: TenantId) -> Tenant:
        return await self._get._load(tenant_id)


def _hook(fn: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await fn()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=("cached", "naive", "echo"), required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sink", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--redis-url", help="shared Redis (dedup, FSM) as N workers need")
    args = parser.parse_args()

    settings = load_settings(
        {
            "FLEET_DATA_DIR": args.data_dir,
            "FLEET_SECRET_KEY": args.secret,
            "FLEET_MASTER_API_KEY": "bench-master-" + "k" * 32,
            "FLEET_TELEGRAM_API_URL": args.sink,
            "FLEET_PUBLIC_URL": f"http://127.0.0.1:{args.port}",
            "FLEET_LOG_FORMAT": "console",
            **({"FLEET_REDIS_URL": args.redis_url} if args.redis_url else {}),
        }
    )
    container = compose(settings=settings, database_url=args.database_url)
    if args.variant == "naive":
        naive = NaiveGetTenant(container)
        container.get_tenant.override(providers.Object(naive))

    @event.listens_for(container.engine().sync_engine, "before_cursor_execute")
    def count(*_: Any) -> None:
        STATS["queries"] += 1

    platform = Platform(
        container,
        settings,
        options=RuntimeOptions(webhook_base=settings.public_url, sync_webhooks=False, workers=32),
        routers=(echo_router() if args.variant == "echo" else bench_router(container),),
    )

    @get("/bench/stats", sync_to_thread=False)
    def stats() -> dict[str, float]:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(f"{profile_dir}/{args.variant}-{args.port}.prof")
        return {**STATS, "cpu": time.process_time()}

    profile_dir = os.environ.get("BENCH_PROFILE")  # a cProfile of the measured phase
    profiler = cProfile.Profile() if profile_dir else None

    @get("/bench/reset", sync_to_thread=False)
    def reset() -> dict[str, float]:
        STATS.update(queries=0, updates=0)
        if profiler is not None:
            profiler.enable()
        return {**STATS, "cpu": time.process_time()}

    verify = container.webhook_secrets().verify
    app = Litestar(
        route_handlers=[webhook_route(platform.runtime, verify), stats, reset],
        on_startup=[_hook(platform.start)],
        on_shutdown=[_hook(platform.stop)],
    )
    configure_logging("console", level=logging.WARNING)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        loop="uvloop",
        http="httptools",
    )


if __name__ == "__main__":
    main()
