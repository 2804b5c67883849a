"""`fleet serve`: the API, the webhook route, every bot and (in sandbox mode) the simulators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar

from src.infrastructure.container import Container, build_container
from src.infrastructure.settings import Settings
from src.interfaces.api.app import create_app
from src.interfaces.bot.webhook import webhook_route
from src.interfaces.platform import Platform
from src.interfaces.sandbox import SandboxPlan, announce, plan_sandbox


def build_server(settings: Settings, database_url: str) -> tuple[Litestar, Container]:
    """The whole platform as one ASGI app whose lifespan starts and stops everything."""
    plan: SandboxPlan | None = None
    if settings.master_bot_token is None:
        plan = plan_sandbox(settings)
        settings = plan.settings
    container = build_container(settings, database_url)
    platform = Platform(container, settings)
    stop_sandbox: list[Callable[[], Awaitable[None]]] = []

    async def start() -> None:
        if plan is not None:
            stop_sandbox.append(await plan.start())
        await platform.start()
        if plan is not None:
            async with container.uow().platform() as uow:
                master = await uow.tenants.get_master()
            announce(plan, master.id if master else None)

    async def stop() -> None:
        await platform.stop()
        for stop_one in stop_sandbox:
            await stop_one()

    route = webhook_route(platform.runtime, container.webhook_secrets().verify)
    app = create_app(container, manage_container=False, extra_routes=[route])
    app.on_startup.append(start)
    app.on_shutdown.append(stop)
    return app, container
