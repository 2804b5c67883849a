"""Builders for shop tests: a tenant with a plan, a registered user with money."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.config import SetConfigInput
from src.core.ids import PlanId, ShopUserId, TenantId
from src.core.shop.ledger import LedgerKind, Posting
from src.core.shop.plan import Plan, PlanTerms
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from tests.support.doubles import either_panel
from tests.support.factories import create_tenant

_topups = iter(range(1, 10**9))


@dataclass
class ShopWorld:
    container: Container
    tenant: Tenant
    plan: Plan
    squad: str

    async def customer(self, telegram_id: int, balance: int = 0) -> ShopUserId:
        registered = await self.container.register_user()(RegisterInput(self.tenant, telegram_id))
        if balance:
            await credit(self.container, self.tenant, registered.user.id, balance)
        return registered.user.id

    async def balance(self, telegram_id: int) -> int:
        async with self.container.uow().for_tenant(self.tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
        assert user is not None
        return user.balance


async def credit(container: Container, tenant: Tenant, user_id: ShopUserId, amount: int) -> None:
    async with container.uow().for_tenant(tenant.id) as uow:
        posting = Posting(LedgerKind.TOP_UP, amount, "test", f"test-topup:{next(_topups)}")
        await uow.ledger.post(user_id, posting, container.clock().now())
        await uow.commit()


async def shop_world(container: Container, name: str = "Shop", **plan: Any) -> ShopWorld:
    tenant = (await create_tenant(container, name)).tenant
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
    squads = await either_panel(container).list_squads()
    squad = squads[0][0]
    await container.set_config_value()(SetConfigInput(tenant.id, "panel_squads", [squad], True))
    return ShopWorld(container, tenant, created, squad)


def plan_id(world: ShopWorld) -> PlanId:
    return world.plan.id


async def assert_ledger_invariant(container: Container, tenant_id: TenantId) -> None:
    """balance == the sum of the user's ledger rows, for every user of the tenant."""
    async with container.uow().for_tenant(tenant_id) as uow:
        users, _ = await uow.users.search(None, limit=1000, offset=0)
        for u in users:
            rows = await uow.ledger.entries(u.id, limit=10_000, offset=0)
            assert u.balance == sum(e.amount for e in rows), u
