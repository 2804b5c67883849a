"""`fleet serve`: the API, the webhook route, every bot and the background jobs."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from litestar import Litestar
from litestar.types import ControllerRouterHandler

from src.infrastructure.container import Container
from src.infrastructure.settings import Settings
from src.interfaces.api.app import create_app
from src.interfaces.bot.webhook import webhook_route
from src.interfaces.composition import compose
from src.interfaces.control import ControlServer, Handler
from src.interfaces.payment_webhooks import payment_webhook_route
from src.interfaces.platform import Platform


@dataclass
class ServerHooks:
    """What a wrapper (the sandbox) runs around the platform: before it starts, once it
    has started, and after it has stopped; and the extra routes it serves (the web
    sandbox), which exist only when a wrapper passes them."""

    before_start: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    started: list[Callable[[Platform], Awaitable[None]]] = field(default_factory=list)
    after_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    routes: list[ControllerRouterHandler] = field(default_factory=list)


def build_server(
    settings: Settings, database_url: str, hooks: ServerHooks | None = None
) -> tuple[Litestar, Container]:
    """The whole platform as one ASGI app whose lifespan starts and stops everything."""
    hooks = hooks or ServerHooks()
    container = compose(settings=settings, database_url=database_url)
    platform = Platform(container, settings)
    control = ControlServer(settings.data_dir, forwarded_commands(platform))

    async def start() -> None:
        for before in hooks.before_start:
            await before()
        await platform.start()
        for started in hooks.started:
            await started(platform)
        await control.start()

    async def stop() -> None:
        await control.stop()
        await platform.stop()
        for after in hooks.after_stop:
            await after()

    route = webhook_route(platform.runtime, container.webhook_secrets().verify)
    payments = payment_webhook_route(
        container.handle_payment_notification, settings.payments.trusted_proxies
    )
    app = create_app(
        container, manage_container=False, extra_routes=[route, payments, *hooks.routes]
    )
    app.on_startup.append(start)
    app.on_shutdown.append(stop)
    return app, container


def forwarded_commands(platform: Platform) -> Handler:
    """`fleet tenants|jobs|doctor` run here, on the started platform, for a CLI process
    (src/interfaces/control.py): the same functions the CLI runs on its own."""

    async def handle(argv: list[str]) -> tuple[int, str]:
        from rich.console import Console

        from src.interfaces.cli import build_parser
        from src.interfaces.doctor_cli import doctor_command
        from src.interfaces.jobs_cli import job_command
        from src.interfaces.tenants_cli import tenants_command

        args = build_parser().parse_args(argv)
        lines: list[str] = []
        container = platform.container
        if args.command == "tenants":
            code = await tenants_command(container, args, lines.append)
        elif args.command == "jobs":
            code = await job_command(container, platform.job_list, args.name, lines.append)
        elif args.command == "doctor":
            table = io.StringIO()
            code = await doctor_command(
                container, Console(file=table, width=120), Console(file=io.StringIO())
            )
            lines.append(table.getvalue().rstrip("\n"))
        else:
            return 2, f"fleet: {args.command} is not answered by a running server"
        return code, "\n".join(lines)

    return handle
