"""One suite, two adapter sets: the in-memory twins must behave like SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from src.application.ports.tenants import NewTenant
from src.core.errors import DuplicateTenantToken
from src.core.ids import TenantId
from src.core.tenancy.tenant import AdminChat, Tenant, TenantStatus
from src.infrastructure.container import Container

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def new_tenant(telegram_bot_id: int, *, master: bool = False, **kw: object) -> NewTenant:
    fields: dict[str, object] = {
        "name": f"Shop {telegram_bot_id}",
        "telegram_bot_id": telegram_bot_id,
        "username": f"shop{telegram_bot_id}_bot",
        "telegram_token_sealed": b"sealed-" + str(telegram_bot_id).encode(),
        "api_token_hash": f"{telegram_bot_id:064d}",
        "is_master": master,
        "default_language": "fa",
        "support_username": "help_desk",
        "admin_chat": AdminChat(-1001, receipts_topic_id=5),
        "admin_ids": (10, 20),
        "created_by": "test",
        "now": NOW,
    }
    fields.update(kw)
    return NewTenant(**fields)  # type: ignore[arg-type]


async def add(container: Container, new: NewTenant) -> Tenant:
    async with container.uow().platform() as uow:
        tenant = await uow.tenants.add(new)
        await uow.commit()
    return tenant


async def test_add_and_read_back_every_field(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(101))
    async with any_container.uow().platform() as uow:
        read = await uow.tenants.get(tenant.id)
        by_bot = await uow.tenants.find_by_telegram_bot_id(101)
        by_hash = await uow.tenants.find_by_api_token_hash(f"{101:064d}")
        creds = await uow.tenants.credentials(tenant.id)
    assert read == tenant == by_bot
    assert read is not None
    assert (read.name, read.username, read.default_language) == ("Shop 101", "shop101_bot", "fa")
    assert read.admin_chat == AdminChat(-1001, receipts_topic_id=5)
    assert read.admin_ids == (10, 20)
    assert read.status is TenantStatus.ACTIVE
    assert read.created_at == NOW
    assert by_hash == tenant.id
    assert creds is not None and creds.telegram_token_sealed == b"sealed-101"


async def test_duplicate_telegram_bot_is_refused(any_container: Container) -> None:
    await add(any_container, new_tenant(102))
    with pytest.raises(DuplicateTenantToken):
        await add(any_container, new_tenant(102, api_token_hash="f" * 64))


async def test_uncommitted_work_is_rolled_back(any_container: Container) -> None:
    async with any_container.uow().platform() as uow:
        await uow.tenants.add(new_tenant(103))
    async with any_container.uow().platform() as uow:
        assert await uow.tenants.find_by_telegram_bot_id(103) is None


async def test_save_changes_status_and_fields(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(104))
    changed = tenant.deactivate(NOW)
    async with any_container.uow().platform() as uow:
        await uow.tenants.save(changed)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        read = await uow.tenants.get(tenant.id)
        serving = await uow.tenants.list_serving()
    assert read is not None and read.status is TenantStatus.DISABLED
    assert tenant.id not in [c.tenant_id for c in serving]


async def test_list_master_first_with_total(any_container: Container) -> None:
    await add(any_container, new_tenant(105))
    master = await add(any_container, new_tenant(106, master=True, admin_chat=None))
    await add(any_container, new_tenant(107))
    async with any_container.uow().platform() as uow:
        items, total = await uow.tenants.list(limit=2, offset=0)
        tail, _ = await uow.tenants.list(limit=2, offset=2)
        got_master = await uow.tenants.get_master()
    assert total == 3
    assert items[0].id == master.id == (got_master.id if got_master else None)
    assert len(tail) == 1


async def test_replace_api_token_hash_returns_the_old_one(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(108))
    async with any_container.uow().platform() as uow:
        old = await uow.tenants.replace_api_token_hash(tenant.id, "a" * 64)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        assert old == f"{108:064d}"
        assert await uow.tenants.find_by_api_token_hash(old) is None
        assert await uow.tenants.find_by_api_token_hash("a" * 64) == tenant.id
        assert await uow.tenants.replace_api_token_hash(TenantId(9999), "b" * 64) is None


async def test_set_telegram_token(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(109))
    async with any_container.uow().platform() as uow:
        await uow.tenants.set_telegram_token(tenant.id, b"new", 110, "renamed_bot")
        await uow.commit()
    async with any_container.uow().platform() as uow:
        read = await uow.tenants.get(tenant.id)
        creds = await uow.tenants.credentials(tenant.id)
    assert read is not None and (read.telegram_bot_id, read.username) == (110, "renamed_bot")
    assert creds is not None and creds.telegram_token_sealed == b"new"


async def test_flags_and_config_round_trip(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(111))
    async with any_container.uow().for_tenant(tenant.id) as uow:
        await uow.flags.put("card_to_card", True, {"min_amount": 5})
        await uow.flags.put("card_to_card", False, {"min_amount": 6})
        await uow.config.put("trial_days", 4)
        await uow.config.put("reminder_days", [5, 2])
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.flags.all() == {"card_to_card": (False, {"min_amount": 6})}
        assert await uow.config.all() == {"trial_days": 4, "reminder_days": [5, 2]}
        assert await uow.config.delete("trial_days") is True
        assert await uow.config.delete("trial_days") is False
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.config.all() == {"reminder_days": [5, 2]}
        assert await uow.tenant.get() == tenant


async def test_delete_cascades_to_owned_rows(any_container: Container) -> None:
    tenant = await add(any_container, new_tenant(112))
    async with any_container.uow().for_tenant(tenant.id) as uow:
        await uow.flags.put("promo_codes", True, {})
        await uow.config.put("trial_days", 4)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        assert await uow.tenants.delete(tenant.id) is True
        assert await uow.tenants.delete(tenant.id) is False
        await uow.commit()
    async with any_container.uow().for_tenant(tenant.id) as uow:
        assert await uow.tenant.get() is None
        assert await uow.flags.all() == {}
        assert await uow.config.all() == {}


async def test_isolation_no_repository_call_of_one_tenant_touches_the_other(
    any_container: Container,
) -> None:
    """Two tenants with the same keys: every read and write of A leaves B as it was."""
    a = await add(any_container, new_tenant(201))
    b = await add(any_container, new_tenant(202))
    for tenant, value in ((a, 1), (b, 2)):
        async with any_container.uow().for_tenant(tenant.id) as uow:
            await uow.flags.put("card_to_card", value == 1, {"min_amount": value})
            await uow.config.put("trial_days", value)
            await uow.config.put("referral_percent", value)
            await uow.commit()

    async def snapshot(tenant: Tenant) -> tuple[object, ...]:
        async with any_container.uow().for_tenant(tenant.id) as uow:
            return (await uow.tenant.get(), await uow.flags.all(), await uow.config.all())

    before_b = await snapshot(b)
    async with any_container.uow().for_tenant(a.id) as uow:
        assert await uow.flags.all() == {"card_to_card": (True, {"min_amount": 1})}
        assert await uow.config.all() == {"trial_days": 1, "referral_percent": 1}
        assert (await uow.tenant.get(for_update=True)) == a
        await uow.flags.put("card_to_card", False, {"min_amount": 99})
        await uow.config.put("trial_days", 99)
        assert await uow.config.delete("referral_percent") is True
        await uow.commit()
    assert await snapshot(b) == before_b
    after_a = await snapshot(a)
    assert after_a[1] == {"card_to_card": (False, {"min_amount": 99})}
    assert after_a[2] == {"trial_days": 99}
