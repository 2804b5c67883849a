"""Plan use cases on in-memory adapters."""

from __future__ import annotations

import pytest

from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.update_plan import UpdatePlanInput
from src.core.errors import DuplicatePlanName, PlanNotFound, TenantNotFound, ValidationError
from src.core.ids import PlanId, TenantId
from src.core.shop.plan import PlanTerms
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from tests.support.factories import create_tenant


async def new_plan(container: Container, tenant_id: TenantId, name: str, **kw: int) -> PlanId:
    terms = PlanTerms(name, kw.pop("period_days", 30), kw.pop("price", 100), **kw)  # type: ignore[arg-type]
    return (await container.create_plan()(CreatePlanInput(tenant_id, terms))).id


async def test_create_list_update_delete(memory_container: Container, clock: FrozenClock) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    year = await new_plan(memory_container, tenant.id, " Year ", sort_order=2, period_days=365)
    month = await new_plan(memory_container, tenant.id, "Month", sort_order=1)
    plans = await memory_container.list_plans()(tenant.id)
    assert [(p.id, p.name) for p in plans] == [(month, "Month"), (year, "Year")]

    updated = await memory_container.update_plan()(
        UpdatePlanInput(tenant.id, month, price=250, active=False)
    )
    assert (updated.terms.price, updated.terms.active, updated.terms.period_days) == (
        250,
        False,
        30,
    )
    assert await memory_container.get_plan()(tenant.id, month) == updated

    await memory_container.delete_plan()(tenant.id, month)
    assert [p.id for p in await memory_container.list_plans()(tenant.id)] == [year]
    with pytest.raises(PlanNotFound):
        await memory_container.delete_plan()(tenant.id, month)


async def test_names_are_unique_per_tenant_only(memory_container: Container) -> None:
    one = (await create_tenant(memory_container, "One")).tenant
    two = (await create_tenant(memory_container, "Two")).tenant
    await new_plan(memory_container, one.id, "Month")
    await new_plan(memory_container, two.id, "Month")
    year = await new_plan(memory_container, one.id, "Year")
    with pytest.raises(DuplicatePlanName):
        await new_plan(memory_container, one.id, "Month")
    with pytest.raises(DuplicatePlanName):
        await memory_container.update_plan()(UpdatePlanInput(one.id, year, name="Month"))


async def test_bad_terms_write_nothing(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    with pytest.raises(ValidationError) as err:
        await new_plan(memory_container, tenant.id, "Month", period_days=0)
    assert err.value.field == "period_days"
    plan = await new_plan(memory_container, tenant.id, "Month")
    with pytest.raises(ValidationError) as err:
        await memory_container.update_plan()(UpdatePlanInput(tenant.id, plan, price=-5))
    assert err.value.field == "price"
    assert (await memory_container.get_plan()(tenant.id, plan)).terms.price == 100


async def test_another_tenants_plan_is_not_found(memory_container: Container) -> None:
    one = (await create_tenant(memory_container, "One")).tenant
    two = (await create_tenant(memory_container, "Two")).tenant
    plan = await new_plan(memory_container, one.id, "Month")
    with pytest.raises(PlanNotFound):
        await memory_container.get_plan()(two.id, plan)
    with pytest.raises(PlanNotFound):
        await memory_container.update_plan()(UpdatePlanInput(two.id, plan, price=1))
    with pytest.raises(PlanNotFound):
        await memory_container.delete_plan()(two.id, plan)
    assert (await memory_container.get_plan()(one.id, plan)).terms.price == 100


async def test_unknown_tenant_is_not_found(memory_container: Container) -> None:
    with pytest.raises(TenantNotFound):
        await memory_container.list_plans()(TenantId(999))
    with pytest.raises(TenantNotFound):
        await new_plan(memory_container, TenantId(999), "Month")
