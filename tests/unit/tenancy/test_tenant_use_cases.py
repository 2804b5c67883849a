"""Tenancy use cases on in-memory adapters: assertions on state and on what callers see."""

from __future__ import annotations

import pytest

from src.application.tenancy.create_tenant import CreateTenantInput
from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.errors import (
    DuplicateTenantToken,
    ExternalServiceError,
    InvalidTelegramToken,
    MasterTenantProtected,
    TenantNotFound,
    ValidationError,
)
from src.core.ids import TenantId
from src.core.tenancy.api_token import hash_api_token
from src.core.tenancy.tenant import TenantStatus
from src.infrastructure.container import Container
from tests.support.doubles import memory_telegram, memory_uow
from tests.support.factories import create_tenant, new_bot_token


async def lookup(container: Container, api_token: str) -> TenantId | None:
    async with container.uow().platform() as uow:
        return await uow.tenants.find_by_api_token_hash(hash_api_token(api_token))


async def test_create_tenant_returns_the_api_token_once_and_stores_only_its_hash(
    memory_container: Container,
) -> None:
    created = await create_tenant(memory_container, "Alpha Shop", default_language="ru")
    assert created.tenant.name == "Alpha Shop"
    assert created.tenant.username == "alpha_shop_bot"
    assert created.tenant.status is TenantStatus.ACTIVE
    assert created.tenant.default_language == "ru"
    assert await lookup(memory_container, created.api_token) == created.tenant.id
    store = memory_uow(memory_container).store.data.bots[created.tenant.id]
    assert store.api_token_hash == hash_api_token(created.api_token)
    assert created.api_token not in repr(store)


async def test_create_announces_the_tenant(memory_container: Container) -> None:
    seen: list[TenantId] = []

    async def listener(tenant_id: TenantId) -> None:
        seen.append(tenant_id)

    memory_container.events().subscribe(listener)
    created = await create_tenant(memory_container)
    assert seen == [created.tenant.id]


async def test_same_bot_cannot_be_hosted_twice(memory_container: Container) -> None:
    token = new_bot_token()
    await create_tenant(memory_container, "One", telegram_token=token)
    with pytest.raises(DuplicateTenantToken):
        await create_tenant(memory_container, "Two", telegram_token=token)


async def test_token_rejected_by_telegram(memory_container: Container) -> None:
    with pytest.raises(InvalidTelegramToken) as err:
        await memory_container.create_tenant()(
            CreateTenantInput(name="X", telegram_token=new_bot_token())
        )
    assert err.value.field == "telegram_token"
    assert (await memory_container.list_tenants()()).total == 0


async def test_malformed_token_is_refused_before_calling_telegram(
    memory_container: Container,
) -> None:
    memory_telegram(memory_container).unreachable = True
    with pytest.raises(InvalidTelegramToken, match="not a Telegram bot token"):
        await memory_container.create_tenant()(CreateTenantInput(name="X", telegram_token="abc"))


async def test_telegram_unreachable_creates_nothing(memory_container: Container) -> None:
    memory_telegram(memory_container).unreachable = True
    with pytest.raises(ExternalServiceError):
        await memory_container.create_tenant()(
            CreateTenantInput(name="X", telegram_token=new_bot_token())
        )
    assert (await memory_container.list_tenants()()).total == 0


async def test_bad_fields_name_the_field(memory_container: Container) -> None:
    with pytest.raises(ValidationError) as err:
        await create_tenant(memory_container, default_language="de")
    assert err.value.field == "default_language"


async def test_deactivate_then_activate_is_seen_through_the_cache(
    memory_container: Container,
) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    get = memory_container.get_tenant()
    assert (await get(tenant.id)).status is TenantStatus.ACTIVE  # now cached
    await memory_container.deactivate_tenant()(tenant.id)
    assert (await get(tenant.id)).status is TenantStatus.DISABLED
    await memory_container.activate_tenant()(tenant.id)
    assert (await get(tenant.id)).status is TenantStatus.ACTIVE


async def test_unknown_tenant_is_not_found(memory_container: Container) -> None:
    for call in (
        memory_container.deactivate_tenant(),
        memory_container.activate_tenant(),
        memory_container.delete_tenant(),
        memory_container.rotate_api_token(),
        memory_container.get_tenant(),
        memory_container.get_features(),
    ):
        with pytest.raises(TenantNotFound):
            await call(TenantId(999))


async def test_delete_removes_the_tenant_and_its_rows(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    from src.application.tenancy.features import SetFeatureInput

    await memory_container.set_feature()(SetFeatureInput(tenant.id, "auto_renewal", True))
    await memory_container.get_tenant()(tenant.id)
    await memory_container.delete_tenant()(tenant.id)
    with pytest.raises(TenantNotFound):
        await memory_container.get_tenant()(tenant.id)
    assert memory_uow(memory_container).store.data.flags == {}


async def test_master_cannot_be_deactivated_or_deleted(memory_container: Container) -> None:
    token = new_bot_token()
    memory_telegram(memory_container).register(token, "master_bot")
    master = await memory_container.ensure_master()(EnsureMasterInput(token, (11, 12)))
    with pytest.raises(MasterTenantProtected):
        await memory_container.deactivate_tenant()(master.id)
    with pytest.raises(MasterTenantProtected):
        await memory_container.delete_tenant()(master.id)
    assert (await memory_container.get_tenant()(master.id)).status is TenantStatus.ACTIVE


async def test_rotating_the_api_token_invalidates_the_old_one(memory_container: Container) -> None:
    created = await create_tenant(memory_container)
    new = await memory_container.rotate_api_token()(created.tenant.id)
    assert new != created.api_token
    assert await lookup(memory_container, created.api_token) is None
    assert await lookup(memory_container, new) == created.tenant.id


async def test_ensure_master_creates_once_and_follows_the_settings(
    memory_container: Container,
) -> None:
    gateway = memory_telegram(memory_container)
    first, second = new_bot_token(), new_bot_token()
    gateway.register(first, "master_bot")
    ensure = memory_container.ensure_master()
    master = await ensure(EnsureMasterInput(first, (1,)))
    again = await ensure(EnsureMasterInput(first, (1, 2)))
    assert again.id == master.id and again.is_master and again.admin_ids == (1, 2)
    assert (await memory_container.list_tenants()()).total == 1

    gateway.register(second, "new_master_bot")
    replaced = await ensure(EnsureMasterInput(second, (1,)))
    assert replaced.id == master.id
    assert replaced.username == "new_master_bot"
    async with memory_container.uow().platform() as uow:
        creds = await uow.tenants.credentials(master.id)
    assert creds is not None
    assert memory_container.box().open(creds.telegram_token_sealed) == second


async def test_ensure_master_refuses_a_token_of_an_ordinary_tenant(
    memory_container: Container,
) -> None:
    token = new_bot_token()
    await create_tenant(memory_container, telegram_token=token)
    from src.core.errors import Conflict

    with pytest.raises(Conflict):
        await memory_container.ensure_master()(EnsureMasterInput(token, ()))


async def test_list_is_paginated_master_first(memory_container: Container) -> None:
    for i in range(5):
        await create_tenant(memory_container, f"Shop {i}")
    token = new_bot_token()
    memory_telegram(memory_container).register(token, "master_bot")
    master = await memory_container.ensure_master()(EnsureMasterInput(token, ()))
    page = await memory_container.list_tenants()(limit=2, offset=0)
    assert page.total == 6
    assert page.items[0].id == master.id
    rest = await memory_container.list_tenants()(limit=10, offset=2)
    assert len(rest.items) == 4
