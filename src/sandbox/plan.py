"""The offline sandbox: simulated Telegram and panel, a demo master bot (docs/sandbox.md).

`just run` with no FLEET_MASTER_BOT_TOKEN starts these in-process; `fleet sandbox`
runs them alone so a separately started `fleet serve` can point at them.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

from litestar import Litestar

from src.infrastructure.container import Container
from src.infrastructure.settings import Settings
from src.interfaces.platform import Platform
from src.interfaces.serve import ServerHooks, build_server
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import BotApiSimulator

DEMO_ADMIN_ID = 1000
PANEL_TOKEN = "sandbox-panel-token"  # noqa: S105 - a local simulator's token, not a secret
HOST = "127.0.0.1"


def demo_master_token(data_dir: Path) -> str:
    """A stable token for the demo master bot, kept in the data directory."""
    path = data_dir / "sandbox_master_token"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    token = f"{7_000_000_000 + secrets.randbelow(10**9)}:SANDBOX{secrets.token_urlsafe(24)}"
    path.write_text(token + "\n")
    return token


def _port(preferred: int) -> int:
    """The preferred port when it is free, else any free one."""
    for candidate in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind((HOST, candidate))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise OSError("no free port")


@dataclass(frozen=True)
class SandboxPlan:
    """Where the simulators will listen, and the settings that point Fleet at them."""

    settings: Settings
    telegram_port: int
    panel_port: int | None

    async def start(self) -> Callable[[], Awaitable[None]]:
        """Start the Bot API simulator (any new well-formed token is a bot) and, when
        planned, the panel simulator; returns what stops them."""
        telegram = BotApiSimulator(auto_register_bots=True)
        await telegram.start(HOST, self.telegram_port)
        panel: RemnawaveSimulator | None = None
        if self.panel_port is not None:
            panel = RemnawaveSimulator(token=PANEL_TOKEN)
            await panel.start(HOST, self.panel_port)

        async def stop() -> None:
            await telegram.stop()
            if panel is not None:
                await panel.stop()

        return stop


def plan_sandbox(settings: Settings) -> SandboxPlan:
    telegram_port = _port(int(os.environ.get("FLEET_SANDBOX_TELEGRAM_PORT", "8081")))
    panel_port = None
    changed = replace(
        settings,
        telegram_api_url=f"http://{HOST}:{telegram_port}",
        master_bot_token=demo_master_token(settings.data_dir),
        master_admin_ids=settings.master_admin_ids or (DEMO_ADMIN_ID,),
    )
    if settings.remnawave_url is None:
        panel_port = _port(int(os.environ.get("FLEET_SANDBOX_PANEL_PORT", "8082")))
        changed = replace(
            changed, remnawave_url=f"http://{HOST}:{panel_port}", remnawave_token=PANEL_TOKEN
        )
    return SandboxPlan(changed, telegram_port, panel_port)


def announce(plan: SandboxPlan, master_id: int | None) -> None:
    settings = plan.settings
    lines = [
        "fleet: sandbox mode (FLEET_MASTER_BOT_TOKEN is unset): nothing reaches Telegram.",
        f"  simulated Bot API : {settings.telegram_api_url}",
    ]
    if plan.panel_port is not None:
        lines.append(f"  simulated panel   : {settings.remnawave_url}")
    if master_id is not None:
        admin = settings.master_admin_ids[0]
        lines += [
            f"  demo master bot   : tenant {master_id}, master admin {admin}",
            f"  talk to it        : uv run fleet sandbox chat --tenant {master_id} --user {admin}",
        ]
    print("\n".join(lines), file=sys.stderr, flush=True)


def build_sandbox_server(settings: Settings, database_url: str) -> tuple[Litestar, Container]:
    """`fleet serve` with no master bot token: the platform pointed at in-process
    simulators, which start before it and stop after it."""
    plan = plan_sandbox(settings)
    stops: list[Callable[[], Awaitable[None]]] = []

    async def start_simulators() -> None:
        stops.append(await plan.start())

    async def started(platform: Platform) -> None:
        announce(plan, platform.master.id if platform.master else None)

    async def stop_simulators() -> None:
        for stop in stops:
            await stop()

    hooks = ServerHooks([start_simulators], [started], [stop_simulators])
    return build_server(plan.settings, database_url, hooks)
