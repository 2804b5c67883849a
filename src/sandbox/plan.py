"""The offline sandbox: simulated Telegram and panel, a demo master bot (docs/sandbox.md).

`just run` with no FLEET_MASTER_BOT_TOKEN starts these in-process; `fleet sandbox`
runs them alone so a separately started `fleet serve` can point at them.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from litestar import Litestar

from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.payments.settings import CRYPTOPAY_API_URL, YOOKASSA_API_URL
from src.infrastructure.settings import Settings
from src.interfaces.platform import Platform
from src.interfaces.serve import ServerHooks, build_server
from src.sandbox.demo import guide, register_admin_chats, seed_demo, tenants
from src.sandbox.payments import CryptoPaySimulator, YooKassaSimulator
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import BotApiSimulator
from src.sandbox.web.routes import PREFIX, WebSandbox, sandbox_router

DEMO_ADMIN_ID = 1000
PANEL_TOKEN = "sandbox-panel-token"  # noqa: S105 - a local simulator's token, not a secret
HOST = "127.0.0.1"
URL_FILE = "sandbox_url"  # in the data directory: where `fleet sandbox chat` finds the simulator


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
    # the Bot API simulator accepts any new well-formed token as a bot
    telegram: BotApiSimulator = field(
        default_factory=lambda: BotApiSimulator(auto_register_bots=True)
    )
    panel: RemnawaveSimulator | None = None
    # the payment providers' simulators, when no real provider URL is configured
    yookassa: YooKassaSimulator | None = None
    cryptopay: CryptoPaySimulator | None = None

    @property
    def online(self) -> tuple[str, ...]:
        """The providers whose simulator runs (the demo shop offers those)."""
        sims = (("yookassa", self.yookassa), ("cryptopay", self.cryptopay))
        return tuple(name for name, sim in sims if sim is not None)

    async def start(self) -> Callable[[], Awaitable[None]]:
        """Start the Bot API simulator and, when planned, the panel and payment
        simulators; record the simulator's URL for `fleet sandbox chat`; returns what
        stops them."""
        await self.telegram.start(HOST, self.telegram_port)
        if self.panel is not None:
            await self.panel.start(HOST, self.panel_port or 0)
        fleet = f"http://{HOST}:{self.settings.http_port}"
        for sim, url in (
            (self.yookassa, self.settings.payments.yookassa_api_url),
            (self.cryptopay, self.settings.payments.cryptopay_api_url),
        ):
            if sim is not None:
                port = int(url.rsplit(":", 1)[1].split("/", 1)[0])
                await sim.start(HOST, port)
                sim.fleet_url = fleet
        url_file = self.settings.data_dir / URL_FILE
        url_file.parent.mkdir(parents=True, exist_ok=True)
        url_file.write_text(f"{self.settings.telegram_api_url}\n")

        async def stop() -> None:
            await self.telegram.stop()
            for sim in (self.panel, self.yookassa, self.cryptopay):
                if sim is not None:
                    await sim.stop()

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
    panel = RemnawaveSimulator(token=PANEL_TOKEN) if panel_port is not None else None
    changed, yookassa, cryptopay = _payment_simulators(changed)
    return SandboxPlan(
        changed, telegram_port, panel_port, panel=panel, yookassa=yookassa, cryptopay=cryptopay
    )


def _payment_simulators(
    settings: Settings,
) -> tuple[Settings, YooKassaSimulator | None, CryptoPaySimulator | None]:
    """A simulator for each provider whose API URL is still the real one: no real
    provider is ever called from the sandbox. They post notifications from 127.0.0.1
    with the sender in X-Forwarded-For, so 127.0.0.1 is the trusted proxy."""
    payments, yookassa, cryptopay = settings.payments, None, None
    if payments.yookassa_api_url == YOOKASSA_API_URL:
        port = _port(int(os.environ.get("FLEET_SANDBOX_YOOKASSA_PORT", "8083")))
        yookassa = YooKassaSimulator()
        payments = replace(payments, yookassa_api_url=f"http://{HOST}:{port}/v3")
    if payments.cryptopay_api_url == CRYPTOPAY_API_URL:
        port = _port(int(os.environ.get("FLEET_SANDBOX_CRYPTOPAY_PORT", "8084")))
        cryptopay = CryptoPaySimulator()
        payments = replace(payments, cryptopay_api_url=f"http://{HOST}:{port}/api")
    if yookassa or cryptopay:
        local = ipaddress.ip_network(f"{HOST}/32")
        payments = replace(payments, trusted_proxies=(*payments.trusted_proxies, local))
    return replace(settings, payments=payments), yookassa, cryptopay


def recorded_url(data_dir: Path) -> str | None:
    """The simulator URL the last sandbox start recorded, if any."""
    path = data_dir / URL_FILE
    return path.read_text().strip() if path.exists() else None


def chat_command(settings: Settings, bot_id: int, user_id: int) -> str:
    """The exact terminal-chat command for this sandbox: the bot by id and the
    simulator's URL as started (a taken port falls back to another), so it needs
    neither the database nor the environment `just run` had."""
    url = settings.telegram_api_url
    return f"uv run fleet sandbox chat --bot {bot_id} --user {user_id} --url {url}"


def announce(plan: SandboxPlan, master: Tenant | None, guided: list[str]) -> None:
    settings = plan.settings
    page = f"http://{settings.http_host}:{settings.http_port}{PREFIX}"
    lines = [
        "fleet: sandbox mode (FLEET_MASTER_BOT_TOKEN is unset): nothing reaches Telegram.",
        f"  web sandbox       : {page}",
        f"  simulated Bot API : {settings.telegram_api_url}",
    ]
    if plan.panel_port is not None:
        lines.append(f"  simulated panel   : {settings.remnawave_url} (page: {page}/panel)")
    if plan.yookassa is not None:
        lines.append(f"  simulated YooKassa: {settings.payments.yookassa_api_url}")
    if plan.cryptopay is not None:
        lines.append(f"  simulated CryptoPay: {settings.payments.cryptopay_api_url}")
    if master is not None:
        admin = settings.master_admin_ids[0]
        lines += [
            f"  demo master bot   : tenant {master.id}, master admin {admin}",
            f"  terminal chat     : {chat_command(settings, master.telegram_bot_id, admin)}",
        ]
    print("\n".join(lines + guided), file=sys.stderr, flush=True)


def build_sandbox_server(settings: Settings, database_url: str) -> tuple[Litestar, Container]:
    """`fleet serve` with no master bot token: the platform pointed at in-process
    simulators, which start before it and stop after it."""
    plan = plan_sandbox(settings)
    stops: list[Callable[[], Awaitable[None]]] = []
    admin = plan.settings.master_admin_ids[0]
    page = f"http://{settings.http_host}:{settings.http_port}{PREFIX}"

    async def start_simulators() -> None:
        stops.append(await plan.start())

    async def started(platform: Platform) -> None:
        register_admin_chats(plan.telegram, await tenants(platform.container))
        shop = await seed_demo(platform.container, plan.telegram, admin, plan.online)
        guided = guide(shop, page, admin) if shop else []
        announce(plan, platform.master, guided)

    async def stop_simulators() -> None:
        for stop in stops:
            await stop()

    async def reset(container: Container) -> None:
        """The reset button: no tenant but the master, no chat, no panel user, the
        demo shop seeded again."""
        for shop in await tenants(container):
            if not shop.is_master:
                await container.delete_tenant()(shop.id)
        plan.telegram.forget_chats()
        if plan.panel is not None:
            plan.panel.delete_all_users()
        await seed_demo(container, plan.telegram, admin, plan.online)

    web = WebSandbox(plan.telegram, plan.panel, reset)
    hooks = ServerHooks([start_simulators], [started], [stop_simulators], [sandbox_router(web)])
    return build_server(plan.settings, database_url, hooks)
