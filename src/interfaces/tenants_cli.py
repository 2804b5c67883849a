"""`fleet tenants list|show|create|activate|deactivate|top-up`: the use cases the API calls."""

from __future__ import annotations

import argparse
import json
from typing import Any

from src.application.billing.top_up import TopUpInput
from src.application.tenancy.create_tenant import CreateTenantInput
from src.core.errors import DomainError
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.infrastructure.bootstrap import resolve_database_url
from src.infrastructure.container import start_container, stop_container
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
        if args.action == "list":
            page = await container.list_tenants()(limit=args.limit, offset=args.offset)
            print(json.dumps({"total": page.total, "items": [tenant_view(t) for t in page.items]}))
        elif args.action == "show":
            print(json.dumps(tenant_view(await container.get_tenant()(TenantId(args.tenant_id)))))
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
            print(
                json.dumps({"tenant": tenant_view(created.tenant), "api_token": created.api_token})
            )
        elif args.action in ("activate", "deactivate"):
            change = (
                container.activate_tenant
                if args.action == "activate"
                else (container.deactivate_tenant)
            )
            print(json.dumps(tenant_view(await change()(TenantId(args.tenant_id)))))
        elif args.action == "top-up":
            outcome = await container.top_up_wallet()(
                TopUpInput(TenantId(args.tenant_id), args.amount, args.note, args.idempotency_key)
            )
            wallet = outcome.view.wallet
            print(
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
        print(json.dumps({"error": exc.code, "detail": exc.message}))
        return 1
    finally:
        await stop_container(container)
    return 0
