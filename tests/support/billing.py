"""Builders for billing tests: wallet settings, top-ups, panel users with traffic."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from src.application.billing.top_up import TopUpInput
from src.application.billing.update_settings import WalletSettingsInput
from src.application.ports.vpn_panel import NewPanelUser, PanelUser
from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.billing.wallet import Wallet, WalletEntry, WalletKind
from src.core.ids import TenantId
from src.core.shop.plan import Plan, PlanTerms
from src.core.shop.user import panel_tag, panel_username
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from tests.support.doubles import either_panel, memory_messenger
from tests.support.factories import create_tenant
from tests.support.shop import ShopWorld

ADMIN = 880_001
_keys = itertools.count(1)


async def billed_tenant(container: Container, name: str = "Metered", **settings: Any) -> Tenant:
    """A tenant with one admin (ADMIN) and the given wallet settings."""
    tenant = (await create_tenant(container, name, admin_ids=(ADMIN,))).tenant
    if settings:
        await configure(container, tenant.id, **settings)
    return tenant


async def configure(container: Container, tenant_id: TenantId, **settings: Any) -> None:
    await container.update_wallet_settings()(WalletSettingsInput(tenant_id, **settings))


async def top_up(container: Container, tenant_id: TenantId, amount: int) -> WalletEntry:
    done = await container.top_up_wallet()(TopUpInput(tenant_id, amount, None, f"t{next(_keys)}"))
    return done.entry


async def wallet_of(container: Container, tenant_id: TenantId) -> Wallet:
    async with container.uow().for_tenant(tenant_id) as uow:
        wallet = await uow.wallet.get()
    return wallet or Wallet.empty(tenant_id)


async def ledger_of(container: Container, tenant_id: TenantId) -> list[WalletEntry]:
    """Oldest first."""
    async with container.uow().for_tenant(tenant_id) as uow:
        items, _ = await uow.wallet.entries(limit=10_000, offset=0)
    return list(reversed(items))


async def traffic_charged(container: Container, tenant_id: TenantId) -> int:
    entries = await ledger_of(container, tenant_id)
    return -sum(e.amount for e in entries if e.kind is WalletKind.TRAFFIC_CHARGE)


async def panel_user(container: Container, tenant_id: TenantId, telegram_id: int) -> PanelUser:
    """A panel user of the tenant as provisioning makes it (username, tag)."""
    panel = either_panel(container)
    return await panel.create_user(
        NewPanelUser(
            username=panel_username(tenant_id, telegram_id),
            expire_at=container.clock().now() + timedelta(days=30),
            telegram_id=telegram_id,
            tag=panel_tag(tenant_id),
            squads=((await panel.list_squads())[0][0],),
        )
    )


def use(container: Container, user: PanelUser, amount: int) -> None:
    panel = either_panel(container)
    assert isinstance(panel, InMemoryVpnPanel)
    panel.add_traffic(user.id, amount)


def admin_texts(container: Container, chat_id: int = ADMIN) -> list[str]:
    texts: list[str] = memory_messenger(container).to(chat_id)
    return texts


async def open_shop(container: Container, tenant: Tenant, **plan: Any) -> ShopWorld:
    """A plan and panel squads for an existing tenant (see tests.support.shop)."""
    terms = PlanTerms(
        **{
            "name": "Month",
            "period_days": 30,
            "price": 30_000,
            "traffic_gb": 50,
            "device_limit": 3,
            **plan,
        }
    )
    created = await container.create_plan()(CreatePlanInput(tenant.id, terms))
    squad = (await either_panel(container).list_squads())[0][0]
    await container.set_config_value()(SetConfigInput(tenant.id, "panel_squads", [squad], True))
    return ShopWorld(container, tenant, created, squad)


async def add_plan(container: Container, tenant: Tenant, **plan: Any) -> Plan:
    terms = PlanTerms(**{"period_days": 30, "price": 10_000, "device_limit": 1, **plan})
    return await container.create_plan()(CreatePlanInput(tenant.id, terms))
