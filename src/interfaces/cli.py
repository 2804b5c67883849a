"""`fleet` command line: serve, migrate, tenants, import, sandbox (docs/api.md, "Command line")."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from src.infrastructure.settings import Settings, SettingsError, load_settings
from src.interfaces.control import FORWARDED, forward

if TYPE_CHECKING:
    from litestar import Litestar

    from src.infrastructure.container import Container

log = logging.getLogger("fleet")
DEFAULT_SIM_URL = "http://127.0.0.1:8081"
SHUTDOWN_GRACE = 5  # seconds
JOB_NAMES = ("billing", "expiry", "provisioning", "card-expiry")  # `fleet jobs run NAME`


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"fleet: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_migrate(settings: Settings) -> int:
    from src.infrastructure.bootstrap import migrate, resolve_database_url

    migrate(resolve_database_url(settings))
    log.info("database migrated to head")
    return 0


def server_builder(settings: Settings) -> Callable[[Settings, str], tuple[Litestar, Container]]:
    """The real platform when a master bot token is configured; otherwise the sandbox
    (simulators, web sandbox, demo shop), whose routes exist only then."""
    from src.interfaces.serve import build_server

    if settings.master_bot_token is not None:
        return build_server
    from src.sandbox.plan import build_sandbox_server

    return build_sandbox_server


def cmd_serve(settings: Settings) -> int:
    import uvicorn

    from src.infrastructure.bootstrap import resolve_database_url

    app, _ = server_builder(settings)(settings, resolve_database_url(settings))
    # uvicorn stops on SIGTERM, then raises the signal again once its handlers are
    # restored: the default action would end the process without running `atexit`
    # (the embedded PostgreSQL's last-user stop). A normal exit instead.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    url = f"http://{settings.http_host}:{settings.http_port}"
    if settings.log_format == "json":  # every line of stderr one JSON object
        log.info("serving", extra={"url": url})
    else:
        print(f"fleet: serving on {url}", file=sys.stderr)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        log_config=None,  # uvicorn's loggers reach ours (JSON lines, redaction)
        lifespan="on",
        access_log=False,
        loop="uvloop",
        http="httptools",
        # a response that never ends (the web sandbox's live stream of an open tab)
        # must not hold a stop: past this, what still runs is cancelled
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )
    return 0


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def cmd_tenants(settings: Settings, args: argparse.Namespace) -> int:
    from src.interfaces.tenants_cli import run_tenants

    return asyncio.run(run_tenants(settings, args))


def cmd_sandbox(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "chat":
        return asyncio.run(_sandbox_chat(settings, args))
    return asyncio.run(_sandbox_alone(settings))


async def _sandbox_alone(settings: Settings) -> int:
    """The simulators on their own, for a `fleet serve` started elsewhere."""
    from src.sandbox.plan import plan_sandbox

    plan = plan_sandbox(settings)
    stop = await plan.start()
    s = plan.settings
    print(
        "fleet sandbox: simulators running; point Fleet at them with:\n"
        f"  export FLEET_TELEGRAM_API_URL={s.telegram_api_url}\n"
        f"  export FLEET_MASTER_BOT_TOKEN={s.master_bot_token}\n"
        f"  export FLEET_MASTER_ADMIN_IDS={','.join(map(str, s.master_admin_ids))}\n"
        + (
            f"  export FLEET_REMNAWAVE_URL={s.remnawave_url}\n"
            f"  export FLEET_REMNAWAVE_TOKEN={s.remnawave_token}\n"
            if plan.panel_port
            else ""
        )
        + "then `just run`, and `fleet sandbox chat --tenant 1 --user 1000` to talk. Ctrl-C stops.",
        file=sys.stderr,
        flush=True,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await stop()
    return 0


async def _sandbox_chat(settings: Settings, args: argparse.Namespace) -> int:
    from src.sandbox.chat import chat
    from src.sandbox.plan import recorded_url

    bot = args.bot
    if bot is None:
        from src.core.errors import DomainError
        from src.core.ids import TenantId
        from src.infrastructure.bootstrap import resolve_database_url
        from src.interfaces.composition import compose

        container = compose(settings=settings, database_url=resolve_database_url(settings))
        try:
            bot = str((await container.get_tenant()(TenantId(args.tenant))).telegram_bot_id)
        except DomainError as exc:
            print(f"fleet: {exc.message}", file=sys.stderr)
            return 1
        finally:
            await container.engine().dispose()
    # the URL the running sandbox recorded (its configured or fallback port)
    return await chat(
        args.url or recorded_url(settings.data_dir) or DEFAULT_SIM_URL, bot, args.user
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fleet", description=__doc__)
    parser.add_argument(
        "--direct",
        action="store_true",
        help="run tenants/jobs/doctor in this process even when `fleet serve` is up",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="API, bots and background jobs")
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    tenants = sub.add_parser("tenants", help="list, show or create tenants")
    tsub = tenants.add_subparsers(dest="action", required=True)
    tlist = tsub.add_parser("list")
    tlist.add_argument("--limit", type=int, default=50)
    tlist.add_argument("--offset", type=int, default=0)
    tshow = tsub.add_parser("show")
    tshow.add_argument("tenant_id", type=int)
    tcreate = tsub.add_parser("create")
    tcreate.add_argument("--name", required=True)
    tcreate.add_argument("--token", required=True, help="Telegram bot token (checked with getMe)")
    tcreate.add_argument("--language", default="en", choices=("fa", "en", "ru"))
    tcreate.add_argument("--admin", type=int, action="append", default=[], dest="admin_ids")
    for action in ("activate", "deactivate"):
        tsub.add_parser(action).add_argument("tenant_id", type=int)
    topup = tsub.add_parser("top-up", help="credit a tenant's wallet (minor units)")
    topup.add_argument("tenant_id", type=int)
    topup.add_argument("--amount", type=int, required=True)
    topup.add_argument("--note")
    topup.add_argument("--key", dest="idempotency_key", help="the same key never credits twice")
    sub.add_parser("doctor", help="check the database, Redis, the panel and every token")
    jobs = sub.add_parser("jobs", help="run a periodic job now")
    jsub = jobs.add_subparsers(dest="action", required=True)
    jrun = jsub.add_parser("run")
    jrun.add_argument("name", choices=JOB_NAMES)
    imp = sub.add_parser("import", help="import another bot's database into a tenant")
    isub = imp.add_subparsers(dest="kind", required=True)
    bedolaga = isub.add_parser("bedolaga", help="a remnawave-bedolaga-telegram-bot v4.x database")
    bedolaga.add_argument("--source", required=True, help="postgresql:// URL (only read)")
    bedolaga.add_argument("--tenant", type=int, help="tenant id (default: the master tenant)")
    bedolaga.add_argument("--dry-run", action="store_true", help="write nothing; same report")
    bedolaga.add_argument("--report", help="also write the report as JSON to this file")
    bedolaga.add_argument("--retag", action="store_true", help="tag the linked panel users")
    bedolaga.add_argument("--batch-size", type=int, default=2000, help=argparse.SUPPRESS)
    sandbox = sub.add_parser("sandbox", help="simulated Telegram and panel for offline use")
    ssub = sandbox.add_subparsers(dest="action")
    schat = ssub.add_parser("chat", help="talk to a sandbox bot as a Telegram user")
    who = schat.add_mutually_exclusive_group(required=True)
    who.add_argument("--tenant", type=int, help="tenant id (looked up in the database)")
    who.add_argument("--bot", help="bot id or username in the simulator")
    schat.add_argument("--user", type=int, default=1000, help="your Telegram user id")
    schat.add_argument(
        "--url", help="the simulated Bot API (default: the one the running sandbox recorded)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    settings = _settings()
    if args.command in FORWARDED and not args.direct:
        # a running `fleet serve` on this data directory answers at once (control.py)
        answer = forward(settings.data_dir, argv)
        if answer is not None:
            code, out = answer
            if out:
                print(out)
            return code
    from src.infrastructure.logging_setup import configure_logging

    configure_logging(settings.log_format)
    if settings.master_api_key_generated:
        # docs/api.md: printed once, at the first start; kept in the data directory after.
        print(
            "fleet: FLEET_MASTER_API_KEY was unset; generated one (kept in "
            f"{settings.data_dir / 'master_api_key'}):\n  {settings.master_api_key}",
            file=sys.stderr,
        )
    if args.command == "migrate":
        return cmd_migrate(settings)
    if args.command == "serve":
        return cmd_serve(settings)
    if args.command == "tenants":
        return cmd_tenants(settings, args)
    if args.command == "sandbox":
        return cmd_sandbox(settings, args)
    if args.command == "doctor":
        from src.interfaces.doctor_cli import run_doctor

        return asyncio.run(run_doctor(settings))
    if args.command == "jobs":
        from src.interfaces.jobs_cli import run_job_now

        return asyncio.run(run_job_now(settings, args.name))
    if args.command == "import":
        from src.interfaces.import_cli import cmd_import

        return cmd_import(settings, args)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
