"""One contract for every `VpnPanel` adapter: the in-memory twin and the HTTP client
talking to the Remnawave simulator must be indistinguishable to the application."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from src.application.ports.vpn_panel import (
    NewPanelUser,
    PanelUser,
    PanelUserChanges,
    PanelUserStatus,
    VpnPanel,
)
from src.core.errors import PanelRejected, PanelUnavailable, PanelUserExists, PanelUserNotFound
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from src.sandbox.remnawave.simulator import RemnawaveSimulator

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
SUB_DOMAIN = "sub.contract.test"
GB = 1024**3


@dataclass
class Harness:
    """The adapter under test plus the panel-side levers the contract needs."""

    panel: VpnPanel
    add_traffic: Callable[[int, int], object]
    set_clock: Callable[[datetime], None]
    expire_users: Callable[[], int]
    make_unavailable: Callable[[], None]


@pytest.fixture(params=["memory", "http"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "memory":
        memory = InMemoryVpnPanel(sub_domain=SUB_DOMAIN, now=lambda: NOW)
        yield Harness(
            memory, memory.add_traffic, memory.set_clock, memory.expire_users, memory.fail_next
        )
        return
    simulator = RemnawaveSimulator(token="contract-token", sub_domain=SUB_DOMAIN, now=lambda: NOW)
    url = await simulator.start()
    client = HttpRemnawavePanel(url, "contract-token", retries=2, backoff_s=0.001, timeout_s=5)
    try:
        yield Harness(
            client,
            simulator.add_traffic,
            simulator.set_clock,
            simulator.expire_users,
            lambda: simulator.fail_next(3, status=503),
        )
    finally:
        await client.close()
        await simulator.stop()


def new_user(username: str = "t1_1001", **overrides: Any) -> NewPanelUser:
    user = NewPanelUser(
        username=username,
        expire_at=NOW + timedelta(days=30),
        traffic_limit_bytes=50 * GB,
        hwid_device_limit=3,
        telegram_id=1001,
        tag="T1",
        description="fleet bot 1",
    )
    return replace(user, **overrides)


async def test_metadata_is_3x(harness: Harness) -> None:
    assert (await harness.panel.check_compatible()).startswith("3.")


async def test_create_returns_the_user_as_asked(harness: Harness) -> None:
    squad = (await harness.panel.list_squads())[0][0]
    user = await harness.panel.create_user(new_user(squads=(squad,)))

    assert user.id > 0
    assert user.username == "t1_1001"
    assert user.status is PanelUserStatus.ACTIVE
    assert user.expire_at == NOW + timedelta(days=30)
    assert user.expire_at.tzinfo == UTC
    assert (user.traffic_limit_bytes, user.hwid_device_limit) == (50 * GB, 3)
    assert (user.telegram_id, user.tag, user.squads) == (1001, "T1", (squad,))
    assert user.subscription_url == f"https://{SUB_DOMAIN}/{user.short_uuid}"
    assert (user.used_traffic_bytes, user.lifetime_used_traffic_bytes) == (0, 0)


async def test_ids_are_assigned_incrementally(harness: Harness) -> None:
    first = await harness.panel.create_user(new_user("first"))
    second = await harness.panel.create_user(new_user("second"))
    assert second.id > first.id
    assert second.short_uuid != first.short_uuid


async def test_get_and_get_by_username_return_the_same_user(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())

    assert await harness.panel.get_user(created.id) == created
    assert await harness.panel.get_user_by_username("t1_1001") == created
    assert await harness.panel.get_user_by_username("nobody") is None
    with pytest.raises(PanelUserNotFound):
        await harness.panel.get_user(created.id + 1000)


async def test_duplicate_username_is_panel_user_exists(harness: Harness) -> None:
    await harness.panel.create_user(new_user())
    with pytest.raises(PanelUserExists):
        await harness.panel.create_user(new_user(telegram_id=2002))


@pytest.mark.parametrize(
    "bad",
    [
        {"username": "ab"},
        {"username": "has space"},
        {"tag": "lower"},
        {"tag": "T" * 17},
        {"squads": ("not-a-squad",)},
        {"traffic_limit_bytes": -1},
    ],
)
async def test_invalid_create_is_rejected(harness: Harness, bad: dict[str, Any]) -> None:
    with pytest.raises(PanelRejected):
        await harness.panel.create_user(new_user(**bad))


async def test_update_changes_only_what_is_given(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    changes = PanelUserChanges(traffic_limit_bytes=100 * GB, tag="T2", description="moved")

    updated = await harness.panel.update_user(created.id, changes)

    assert (updated.traffic_limit_bytes, updated.tag) == (100 * GB, "T2")
    assert (updated.expire_at, updated.hwid_device_limit) == (created.expire_at, 3)
    assert await harness.panel.get_user(created.id) == updated


async def test_update_rejects_past_expiry_and_bad_status(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    with pytest.raises(PanelRejected):
        await harness.panel.update_user(created.id, PanelUserChanges(expire_at=NOW - timedelta(1)))
    with pytest.raises(PanelRejected):
        await harness.panel.update_user(
            created.id, PanelUserChanges(status=PanelUserStatus.LIMITED)
        )
    with pytest.raises(PanelUserNotFound):
        await harness.panel.update_user(created.id + 1000, PanelUserChanges(tag="T3"))


async def test_extend_moves_expiry_forward(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    extended = await harness.panel.extend_user(created.id, 10)
    assert extended.expire_at == created.expire_at + timedelta(days=10)


async def test_an_expired_user_is_extended_from_now_and_reactivated(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    later = NOW + timedelta(days=45)
    harness.set_clock(later)
    assert harness.expire_users() == 1
    assert (await harness.panel.get_user(created.id)).status is PanelUserStatus.EXPIRED

    extended = await harness.panel.extend_user(created.id, 30)

    assert extended.status is PanelUserStatus.ACTIVE
    assert extended.expire_at == later + timedelta(days=30)


async def test_moving_expiry_of_an_expired_user_into_the_future_reactivates(
    harness: Harness,
) -> None:
    created = await harness.panel.create_user(new_user())
    harness.set_clock(NOW + timedelta(days=31))
    harness.expire_users()
    changes = PanelUserChanges(expire_at=NOW + timedelta(days=60))
    assert (await harness.panel.update_user(created.id, changes)).status is PanelUserStatus.ACTIVE


async def test_disable_and_enable_are_idempotent(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())

    assert (await harness.panel.disable_user(created.id)).status is PanelUserStatus.DISABLED
    assert (await harness.panel.disable_user(created.id)).status is PanelUserStatus.DISABLED
    assert (await harness.panel.enable_user(created.id)).status is PanelUserStatus.ACTIVE
    assert (await harness.panel.enable_user(created.id)).status is PanelUserStatus.ACTIVE
    with pytest.raises(PanelUserNotFound):
        await harness.panel.enable_user(created.id + 1000)


async def test_revoke_issues_a_new_subscription_url(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())

    revoked = await harness.panel.revoke_subscription(created.id)

    assert revoked.short_uuid != created.short_uuid
    assert revoked.subscription_url == f"https://{SUB_DOMAIN}/{revoked.short_uuid}"
    assert (revoked.id, revoked.username) == (created.id, created.username)


async def test_deleted_user_is_gone(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())

    await harness.panel.delete_user(created.id)

    with pytest.raises(PanelUserNotFound):
        await harness.panel.get_user(created.id)
    assert await harness.panel.get_user_by_username(created.username) is None
    with pytest.raises(PanelUserNotFound):
        await harness.panel.delete_user(created.id)
    # the username is free again
    assert (await harness.panel.create_user(new_user())).id != created.id


async def test_stream_by_tag_yields_each_tagged_user_once_across_pages(harness: Harness) -> None:
    semaphore = asyncio.Semaphore(32)

    async def create(index: int, tag: str) -> PanelUser:
        async with semaphore:
            return await harness.panel.create_user(new_user(f"{tag}_{index}", tag=tag))

    mine = await asyncio.gather(*(create(i, "T7") for i in range(2_500)))
    await asyncio.gather(*(create(i, "T8") for i in range(300)))
    gone = mine[1200]
    await harness.panel.delete_user(gone.id)

    streamed = [u async for u in harness.panel.stream_users_by_tag("T7", page_size=1000)]

    assert [u.id for u in streamed] == sorted(u.id for u in mine if u.id != gone.id)
    assert {u.tag for u in streamed} == {"T7"}
    assert [u async for u in harness.panel.stream_users_by_tag("NOBODY")] == []


async def test_stream_rejects_pages_above_1000(harness: Harness) -> None:
    with pytest.raises(PanelRejected):
        [u async for u in harness.panel.stream_users_by_tag("T1", page_size=1001)]


async def test_traffic_lifetime_counter_and_limit(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user(traffic_limit_bytes=10 * GB))

    harness.add_traffic(created.id, 4 * GB)
    harness.add_traffic(created.id, 7 * GB)
    limited = await harness.panel.get_user(created.id)

    assert limited.lifetime_used_traffic_bytes == 11 * GB
    assert limited.used_traffic_bytes == 11 * GB
    assert limited.status is PanelUserStatus.LIMITED
    raised = await harness.panel.update_user(
        created.id, PanelUserChanges(traffic_limit_bytes=20 * GB)
    )
    assert raised.status is PanelUserStatus.ACTIVE


async def test_squads_are_listed(harness: Harness) -> None:
    squads = await harness.panel.list_squads()
    assert squads
    assert all(len(uuid) == 36 and name for uuid, name in squads)


async def test_an_unreachable_panel_is_panel_unavailable(harness: Harness) -> None:
    harness.make_unavailable()
    with pytest.raises(PanelUnavailable):
        await harness.panel.get_user_by_username("anyone")
    assert await harness.panel.get_user_by_username("anyone") is None


async def test_reset_traffic_zeroes_used_but_keeps_the_lifetime_counter(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    harness.add_traffic(created.id, 3 * GB)

    reset = await harness.panel.reset_user_traffic(created.id)

    assert reset.used_traffic_bytes == 0
    assert reset.lifetime_used_traffic_bytes == 3 * GB
    with pytest.raises(PanelUserNotFound):
        await harness.panel.reset_user_traffic(created.id + 1000)
