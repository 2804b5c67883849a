"""One contract for every `VpnPanel` adapter: the in-memory twin and the HTTP client
talking to the Remnawave simulator must be indistinguishable to the application.

Only the narrowed port is held equal here (create, by username, update, reset
traffic, stream by tag); what the HTTP adapter offers beyond it is tested in
tests/integration/remnawave/test_remnawave_client.py, and both the client and the
simulator are checked against the panel's own contract in test_remnawave_goldens.py.

Cases considered: optional fields left out on create; hostile usernames (too
short, too long, a space, a NUL byte); unknown but well-formed squads; a user
deleted before a stream, a stream of exactly one page, a page above 1000; ids
past int64; the panel unreachable for one call and back for the next; a LIMITED
user reset or given more traffic; an EXPIRED user moved into the future.
"""

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
    squad: str
    add_traffic: Callable[[int, int], object]
    set_clock: Callable[[datetime], None]
    expire_users: Callable[[], int]
    delete: Callable[[int], None]
    make_unavailable: Callable[[], None]


@pytest.fixture(params=["memory", "http"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    clock = [NOW]
    if request.param == "memory":
        memory = InMemoryVpnPanel(sub_domain=SUB_DOMAIN, now=lambda: clock[0])
        yield Harness(
            memory,
            next(iter(memory.squads)),
            memory.add_traffic,
            lambda now: clock.__setitem__(0, now),
            memory.expire_due,
            memory.delete,
            memory.fail_next,
        )
        return
    simulator = RemnawaveSimulator(token="contract-token", sub_domain=SUB_DOMAIN, now=lambda: NOW)
    url = await simulator.start()
    client = HttpRemnawavePanel(url, "contract-token", retries=2, backoff_s=0.001, timeout_s=5)
    try:
        yield Harness(
            client,
            next(iter(simulator.state.squads)),
            simulator.add_traffic,
            simulator.set_clock,
            simulator.expire_users,
            simulator.state.delete,
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


async def test_create_returns_the_user_as_asked(harness: Harness) -> None:
    user = await harness.panel.create_user(new_user(squads=(harness.squad,)))

    assert user.id > 0
    assert user.username == "t1_1001"
    assert user.status is PanelUserStatus.ACTIVE
    assert user.expire_at == NOW + timedelta(days=30)
    assert user.expire_at.tzinfo == UTC
    assert (user.traffic_limit_bytes, user.hwid_device_limit) == (50 * GB, 3)
    assert (user.telegram_id, user.tag, user.squads) == (1001, "T1", (harness.squad,))
    assert user.subscription_url == f"https://{SUB_DOMAIN}/{user.short_uuid}"
    assert (user.used_traffic_bytes, user.lifetime_used_traffic_bytes) == (0, 0)


async def test_a_user_without_optional_fields_is_created(harness: Harness) -> None:
    """No device limit, Telegram id, tag or description: left out, never sent as null."""
    bare = NewPanelUser(username="bare_user", expire_at=NOW + timedelta(days=1))

    user = await harness.panel.create_user(bare)

    assert (user.hwid_device_limit, user.telegram_id, user.tag, user.squads) == (
        None,
        None,
        None,
        (),
    )
    assert user.traffic_limit_bytes == 0  # unlimited


async def test_ids_are_assigned_incrementally(harness: Harness) -> None:
    first = await harness.panel.create_user(new_user("first"))
    second = await harness.panel.create_user(new_user("second"))
    assert second.id > first.id
    assert second.short_uuid != first.short_uuid


async def test_get_by_username_returns_the_created_user(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())

    assert await harness.panel.get_user_by_username("t1_1001") == created
    assert await harness.panel.get_user_by_username("nobody") is None


async def test_get_by_id_returns_the_user_or_not_found(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user(squads=(harness.squad,)))
    assert await harness.panel.get_user(created.id) == created
    with pytest.raises(PanelUserNotFound):
        await harness.panel.get_user(created.id + 1000)
    with pytest.raises(PanelUserNotFound):  # past int64: cannot exist, nothing is sent
        await harness.panel.get_user(2**70)


async def test_duplicate_username_is_panel_user_exists(harness: Harness) -> None:
    await harness.panel.create_user(new_user())
    with pytest.raises(PanelUserExists):
        await harness.panel.create_user(new_user(telegram_id=2002))


@pytest.mark.parametrize(
    "bad",
    [
        {"username": "ab"},
        {"username": "has space"},
        {"username": "x" * 37},
        {"username": "nul\x00byte"},
        {"tag": "lower"},
        {"tag": "T" * 17},
        {"squads": ("not-a-squad",)},
        {"squads": ("00000000-0000-4000-8000-000000000000",)},  # well formed, unknown
        {"traffic_limit_bytes": -1},
    ],
)
async def test_invalid_create_is_rejected(harness: Harness, bad: dict[str, Any]) -> None:
    with pytest.raises(PanelRejected):
        await harness.panel.create_user(new_user(**bad))
    assert await harness.panel.get_user_by_username(bad.get("username", "t1_1001")) is None


async def test_update_changes_only_what_is_given(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    changes = PanelUserChanges(traffic_limit_bytes=100 * GB, tag="T2", description="moved")

    updated = await harness.panel.update_user(created.id, changes)

    assert (updated.traffic_limit_bytes, updated.tag) == (100 * GB, "T2")
    assert (updated.expire_at, updated.hwid_device_limit) == (created.expire_at, 3)
    assert await harness.panel.get_user_by_username(created.username) == updated


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
    assert await harness.panel.get_user_by_username(created.username) == created


async def test_ids_past_int64_are_not_found(harness: Harness) -> None:
    with pytest.raises(PanelUserNotFound):
        await harness.panel.update_user(2**63, PanelUserChanges(tag="T3"))
    with pytest.raises(PanelUserNotFound):
        await harness.panel.reset_user_traffic(2**64)


async def test_update_can_disable_and_enable(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user())
    disabled = PanelUserChanges(status=PanelUserStatus.DISABLED)
    assert (await harness.panel.update_user(created.id, disabled)).status is (
        PanelUserStatus.DISABLED
    )
    active = PanelUserChanges(status=PanelUserStatus.ACTIVE)
    assert (await harness.panel.update_user(created.id, active)).status is PanelUserStatus.ACTIVE


async def test_moving_expiry_of_an_expired_user_into_the_future_reactivates(
    harness: Harness,
) -> None:
    created = await harness.panel.create_user(new_user())
    harness.set_clock(NOW + timedelta(days=31))
    assert harness.expire_users() == 1
    expired = await harness.panel.get_user_by_username(created.username)
    assert expired is not None and expired.status is PanelUserStatus.EXPIRED

    changes = PanelUserChanges(expire_at=NOW + timedelta(days=60))
    assert (await harness.panel.update_user(created.id, changes)).status is PanelUserStatus.ACTIVE


async def test_stream_by_tag_yields_each_tagged_user_once_across_pages(harness: Harness) -> None:
    semaphore = asyncio.Semaphore(32)

    async def create(index: int, tag: str) -> PanelUser:
        async with semaphore:
            return await harness.panel.create_user(new_user(f"{tag}_{index}", tag=tag))

    mine = await asyncio.gather(*(create(i, "T7") for i in range(2_500)))
    await asyncio.gather(*(create(i, "T8") for i in range(300)))
    gone = mine[1200]
    harness.delete(gone.id)

    streamed = [u async for u in harness.panel.stream_users_by_tag("T7", page_size=1000)]

    assert [u.id for u in streamed] == sorted(u.id for u in mine if u.id != gone.id)
    assert {u.tag for u in streamed} == {"T7"}
    assert [u async for u in harness.panel.stream_users_by_tag("NOBODY")] == []


async def test_stream_of_exactly_one_page_ends(harness: Harness) -> None:
    for index in range(3):
        await harness.panel.create_user(new_user(f"t1_{index}00"))

    streamed = [u.username async for u in harness.panel.stream_users_by_tag("T1", page_size=3)]

    assert streamed == ["t1_000", "t1_100", "t1_200"]


async def test_stream_rejects_pages_above_1000(harness: Harness) -> None:
    with pytest.raises(PanelRejected):
        [u async for u in harness.panel.stream_users_by_tag("T1", page_size=1001)]


async def test_traffic_lifetime_counter_and_limit(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user(traffic_limit_bytes=10 * GB))

    harness.add_traffic(created.id, 4 * GB)
    harness.add_traffic(created.id, 7 * GB)
    limited = await harness.panel.get_user_by_username(created.username)

    assert limited is not None
    assert limited.lifetime_used_traffic_bytes == 11 * GB
    assert limited.used_traffic_bytes == 11 * GB
    assert limited.status is PanelUserStatus.LIMITED
    raised = await harness.panel.update_user(
        created.id, PanelUserChanges(traffic_limit_bytes=20 * GB)
    )
    assert raised.status is PanelUserStatus.ACTIVE


async def test_an_unreachable_panel_is_panel_unavailable(harness: Harness) -> None:
    harness.make_unavailable()
    with pytest.raises(PanelUnavailable):
        await harness.panel.get_user_by_username("anyone")
    assert await harness.panel.get_user_by_username("anyone") is None


async def test_reset_traffic_zeroes_used_but_keeps_the_lifetime_counter(harness: Harness) -> None:
    created = await harness.panel.create_user(new_user(traffic_limit_bytes=2 * GB))
    harness.add_traffic(created.id, 3 * GB)

    reset = await harness.panel.reset_user_traffic(created.id)

    assert reset.used_traffic_bytes == 0
    assert reset.lifetime_used_traffic_bytes == 3 * GB
    assert reset.status is PanelUserStatus.ACTIVE  # it was LIMITED
    with pytest.raises(PanelUserNotFound):
        await harness.panel.reset_user_traffic(created.id + 1000)
