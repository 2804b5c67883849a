"""`fleet doctor`: is everything a worker needs reachable? One table, one line per check.

Checks the database, Redis (when configured), the panel's compatibility, the Bot API
and each serving tenant's token with getMe (concurrently, bounded, with a progress bar
on stderr from `rich`, already a dependency). Exit status 1 when any check fails.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from src.application.tenancy.serving_bots import ServingBot
from src.infrastructure.bootstrap import resolve_database_url
from src.infrastructure.container import (
    Container,
    check_panel,
    start_container,
    stop_container,
)
from src.infrastructure.settings import Settings
from src.interfaces.composition import compose

TOKEN_CHECKS_AT_ONCE = 16
CHECK_TIMEOUT = 10.0  # seconds per check


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str


async def run_doctor(settings: Settings) -> int:
    container = compose(settings=settings, database_url=resolve_database_url(settings))
    await start_container(container)
    try:
        return await doctor_command(container, Console(), Console(stderr=True))
    finally:
        await stop_container(container)


async def doctor_command(container: Container, out: Console, progress: Console) -> int:
    """Every check on a started container (this process's, or a running `fleet serve`'s
    when forwarded to it: src/interfaces/control.py); the table goes to `out`."""
    checks = [await _database(container), await _redis(container), await _panel(container)]
    if checks[0].ok:
        bots = await container.list_serving_bots()()
        checks.extend(await _tokens(container, bots, progress))
    table = Table("check", "result", "detail")
    for check in checks:
        table.add_row(check.name, "ok" if check.ok else "FAILED", check.detail)
    out.print(table)
    return 0 if all(c.ok for c in checks) else 1


async def _database(container: Container) -> Check:
    ok = await container.readiness()()
    return Check("database", ok, "answers" if ok else "no answer within 2 s")


async def _redis(container: Container) -> Check:
    redis = container.redis()
    if redis is None:
        return Check("redis", True, "not configured (one process only)")
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            await redis.ping()
    except Exception as exc:
        return Check("redis", False, type(exc).__name__)
    return Check("redis", True, "answers")


async def _panel(container: Container) -> Check:
    await check_panel(container)
    status = container.panel_check()
    ok = status.status in ("compatible", "not configured")
    return Check("panel", ok, status.status + (f": {status.detail}" if status.detail else ""))


async def _tokens(container: Container, bots: list[ServingBot], console: Console) -> list[Check]:
    """getMe per serving tenant; the first answer of any also proves the Bot API answers."""
    session = container.telegram_session()
    bound = asyncio.Semaphore(TOKEN_CHECKS_AT_ONCE)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("getMe of each tenant", total=len(bots))

        async def one(bot: ServingBot) -> Check:
            async with bound:
                name = f"tenant {bot.tenant_id}"
                try:
                    async with asyncio.timeout(CHECK_TIMEOUT):
                        me = await Bot(bot.token, session=session).get_me()
                    return Check(name, True, f"@{me.username}")
                except TelegramNetworkError as exc:
                    return Check(name, False, f"Bot API unreachable: {exc.message}")
                except TelegramAPIError as exc:
                    return Check(name, False, exc.message)
                except Exception as exc:
                    return Check(name, False, f"Bot API unreachable: {type(exc).__name__}")
                finally:
                    progress.advance(task)

        results = list(await asyncio.gather(*(one(b) for b in bots)))
    reachable = any(r.ok or "unreachable" not in r.detail for r in results)
    api = Check("bot api", reachable or not bots, "answers" if reachable else "no answer")
    return [api, *results]
