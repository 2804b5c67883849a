"""`fleet tenants list|show|create|activate|deactivate|top-up`: the use cases the API calls."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from src.application.billing.top_up import TopUpInput
from src.application.tenancy.create_tenant import CreateTenantInput
from src.core.errors import DomainError
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.infrastructure.bootstrap import resolve_database_url
from src.infrastructure.container import Container, start_container, stop_container
from src.infrastructure.settings import Settings
from src.interfaces.composition import compose


def tenant_view(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "name": tenant.name,
        "username": tenant.username,
        "status": tenant.status.value,
        "is_master": tenant.is_master,
        "default_language": tenant.default_language,
    }


async def run_tenants(settings: Settings, args: argparse.Namespace) -> int:
    container = compose(settings=settings, database_url=resolve_database_url(settings))
    await start_container(container)
    try:
        return await tenants_command(container, args, print)
    finally:
        await stop_container(container)


async def tenants_command(
    container: Container, args: argparse.Namespace, out: Callable[[str], object]
) -> int:
    """One `fleet tenants` action on a started container (this process's, or a running
    `fleet serve`'s when the command is forwarded to it: src/interfaces/control.py)."""
    try:
        if args.action == "list":
            page = await container.list_tenants()(limit=args.limit, offset=args.offset)
            out(json.dumps({"total": page.total, "items": [tenant_view(t) for t in page.items]}))
        elif args.action == "show":
            out(json.dumps(tenant_view(await container.get_tenant()(TenantId(args.tenant_id)))))
        elif args.action == "create":
            created = await container.create_tenant()(
                CreateTenantInput(
                    name=args.name,
                    telegram_token=args.token,
                    default_language=args.language,
                    admin_ids=tuple(args.admin_ids),
                    created_by="cli",
                )
            )
            out(json.dumps({"tenant": tenant_view(created.tenant), "api_token": created.api_token}))
        elif args.action in ("activate", "deactivate"):
            change = (
                container.activate_tenant
                if args.action == "activate"
                else (container.deactivate_tenant)
            )
            out(json.dumps(tenant_view(await change()(TenantId(args.tenant_id)))))
        elif args.action == "top-up":
            outcome = await container.top_up_wallet()(
                TopUpInput(TenantId(args.tenant_id), args.amount, args.note, args.idempotency_key)
            )
            wallet = outcome.view.wallet
            out(
                json.dumps(
                    {
                        "tenant_id": args.tenant_id,
                        "credited": 0 if outcome.replayed else args.amount,
                        "balance": wallet.balance,
                        "replayed": outcome.replayed,
                    }
                )
            )
    except DomainError as exc:
        out(json.dumps({"error": exc.code, "detail": exc.message}))
        return 1
    return 0
