"""UpdateTenant (PATCH rules) and AuthenticateApiToken (cached lookup) on in-memory adapters."""

from __future__ import annotations

import asyncio

import pytest

from src.application.tenancy.update_tenant import UpdateTenantInput
from src.core.errors import TenantFieldNotEditable, TenantNotFound, Unauthenticated, ValidationError
from src.core.ids import TenantId
from src.core.tenancy.tenant import AdminChat
from src.infrastructure.container import Container
from tests.support.doubles import memory_uow
from tests.support.factories import create_tenant


async def test_master_updates_any_field_and_readers_see_it_at_once(
    memory_container: Container,
) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    get = memory_container.get_tenant()
    await get(tenant.id)  # cached now
    updated = await memory_container.update_tenant()(
        UpdateTenantInput(
            tenant.id,
            by_master=True,
            name=" Renamed ",
            admin_ids=(5, 5, 6),
            support_username="@help_desk",
            admin_chat_id=-1001,
            receipts_topic_id=7,
        )
    )
    assert (updated.name, updated.admin_ids, updated.support_username) == (
        "Renamed",
        (5, 6),
        "help_desk",
    )
    assert updated.admin_chat == AdminChat(-1001, 7, None)
    assert await get(tenant.id) == updated


async def test_tenant_may_change_only_its_own_settings(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    update = memory_container.update_tenant()
    changed = await update(UpdateTenantInput(tenant.id, by_master=False, default_language="fa"))
    assert changed.default_language == "fa"
    for field, value in (("name", "X"), ("admin_ids", (1,))):
        with pytest.raises(TenantFieldNotEditable) as err:
            await update(UpdateTenantInput(tenant.id, by_master=False, **{field: value}))  # type: ignore[arg-type]
        assert err.value.field == field
    assert (await memory_container.get_tenant()(tenant.id)).name == tenant.name


async def test_admin_chat_rules(memory_container: Container) -> None:
    tenant = (await create_tenant(memory_container)).tenant
    update = memory_container.update_tenant()
    with pytest.raises(ValidationError) as err:
        await update(UpdateTenantInput(tenant.id, by_master=True, receipts_topic_id=3))
    assert err.value.field == "receipts_topic_id"
    await update(UpdateTenantInput(tenant.id, True, admin_chat_id=-1, notifications_topic_id=4))
    moved = await update(UpdateTenantInput(tenant.id, True, admin_chat_id=-2))
    assert moved.admin_chat == AdminChat(-2)  # the old chat's topics do not follow
    cleared = await update(UpdateTenantInput(tenant.id, True, admin_chat_id=None))
    assert cleared.admin_chat is None
    with pytest.raises(ValidationError) as err:
        await update(UpdateTenantInput(tenant.id, True, default_language="de"))
    assert err.value.field == "default_language"
    with pytest.raises(TenantNotFound):
        await update(UpdateTenantInput(TenantId(999), True, name="X"))


async def test_authenticate_follows_rotation_and_deletion(memory_container: Container) -> None:
    created = await create_tenant(memory_container)
    auth = memory_container.authenticate_api_token()
    assert await auth(created.api_token) == created.tenant.id
    assert await auth(created.api_token) == created.tenant.id  # cached
    with pytest.raises(Unauthenticated):
        await auth("flt_not-a-token")
    new = await memory_container.rotate_api_token()(created.tenant.id)
    with pytest.raises(Unauthenticated):
        await auth(created.api_token)
    assert await auth(new) == created.tenant.id
    await memory_container.delete_tenant()(created.tenant.id)
    with pytest.raises(Unauthenticated):
        await auth(new)


async def test_a_cache_hit_needs_no_database(memory_container: Container) -> None:
    created = await create_tenant(memory_container)
    auth, features = memory_container.authenticate_api_token(), memory_container.get_features()
    await auth(created.api_token)
    await features(created.tenant.id)
    store = memory_uow(memory_container).store
    await store.lock.acquire()  # any unit of work would now wait for the lock
    try:
        async with asyncio.timeout(1):
            assert await auth(created.api_token) == created.tenant.id
            assert await features(created.tenant.id)
    finally:
        store.lock.release()
