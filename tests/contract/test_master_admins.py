"""The stored master admins and the digest's day key behave the same on both adapters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from src.infrastructure.container import Container

NOW = datetime(2026, 5, 4, 9, tzinfo=UTC)


async def test_master_admins_are_added_once_and_removed_once(any_container: Container) -> None:
    async with any_container.uow().platform() as uow:
        assert await uow.master_admins.add(7, "tg:1", NOW)
        assert await uow.master_admins.add(2**63 - 1, "tg:1", NOW)
        assert not await uow.master_admins.add(7, "tg:2", NOW)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        assert list(await uow.master_admins.all()) == [7, 2**63 - 1]
        assert await uow.master_admins.remove(7)
        assert not await uow.master_admins.remove(7)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        assert list(await uow.master_admins.all()) == [2**63 - 1]


async def test_a_digest_day_is_claimed_once(any_container: Container) -> None:
    async with any_container.uow().platform() as uow:
        assert await uow.digests.claim(date(2026, 5, 4), NOW)
        assert not await uow.digests.claim(date(2026, 5, 4), NOW)
        assert await uow.digests.claim(date(2026, 5, 5), NOW)
        await uow.commit()
    async with any_container.uow().platform() as uow:
        assert not await uow.digests.claim(date(2026, 5, 5), NOW)
