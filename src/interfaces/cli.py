"""`fleet` command line: serve, migrate, tenants, sandbox (API.md "CLI")."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from src.infrastructure.settings import Settings, SettingsError, load_settings

log = logging.getLogger("fleet")


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


def cmd_serve(settings: Settings) -> int:
    import uvicorn

    from src.infrastructure.bootstrap import resolve_database_url
    from src.infrastructure.container import build_container
    from src.interfaces.api.app import create_app

    container = build_container(settings, resolve_database_url(settings))
    app = create_app(container)
    print(f"fleet: serving on http://{settings.http_host}:{settings.http_port}", file=sys.stderr)
    uvicorn.run(
        app, host=settings.http_host, port=settings.http_port, log_level="warning", lifespan="on"
    )
    return 0


def cmd_tenants(settings: Settings, args: argparse.Namespace) -> int:
    from src.interfaces.tenants_cli import run_tenants

    return asyncio.run(run_tenants(settings, args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fleet", description=__doc__)
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = _settings()
    from src.infrastructure.logging_setup import configure_logging

    configure_logging(settings.log_format)
    if settings.master_api_key_generated:
        # API.md: printed once, at the first start; kept in the data directory after.
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
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
