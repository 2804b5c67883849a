"""HttpRemnawavePanel against the simulator: retries, timeouts, error mapping, secrecy."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiohttp import web

from src.application.ports.vpn_panel import NewPanelUser, PanelUserStatus
from src.core.errors import (
    DomainError,
    PanelRejected,
    PanelUnavailable,
    PanelUserExists,
    PanelUserNotFound,
)
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.sandbox.remnawave.simulator import RemnawaveSimulator


@pytest.fixture
async def client(simulator: RemnawaveSimulator) -> AsyncIterator[HttpRemnawavePanel]:
    assert simulator.base_url is not None
    panel = HttpRemnawavePanel(
        simulator.base_url, simulator.token, retries=3, backoff_s=0.001, timeout_s=2
    )
    async with panel:
        yield panel


def new_user(username: str = "t9_100") -> NewPanelUser:
    return NewPanelUser(username=username, expire_at=datetime.now(UTC) + timedelta(days=30))


def api_calls(simulator: RemnawaveSimulator) -> int:
    return len(simulator.requests)


async def test_retries_5xx_then_succeeds(
    client: HttpRemnawavePanel, simulator: RemnawaveSimulator
) -> None:
    created = await client.create_user(new_user())
    before = api_calls(simulator)
    simulator.fail_next(2, status=502)

    assert await client.get_user(created.id) == created
    assert api_calls(simulator) - before == 3


async def test_gives_up_with_panel_unavailable_after_retries(
    client: HttpRemnawavePanel, simulator: RemnawaveSimulator
) -> None:
    simulator.fail_all(500)
    with pytest.raises(PanelUnavailable):
        await client.get_user(1)
    assert api_calls(simulator) == 4  # the first attempt and 3 retries


async def test_timeouts_are_retried_then_panel_unavailable(simulator: RemnawaveSimulator) -> None:
    assert simulator.base_url is not None
    async with HttpRemnawavePanel(
        simulator.base_url, simulator.token, timeout_s=0.1, retries=1, backoff_s=0.001
    ) as panel:
        simulator.timeout_next(1, 1.0)
        assert await panel.get_user_by_username("nobody") is None  # the retry answered

        simulator.timeout_next(2, 1.0)
        with pytest.raises(PanelUnavailable):
            await panel.get_user_by_username("nobody")


async def test_unreachable_panel_is_panel_unavailable() -> None:
    simulator = RemnawaveSimulator()
    url = await simulator.start()
    await simulator.stop()
    async with HttpRemnawavePanel(url, "t", retries=1, backoff_s=0.001) as panel:
        with pytest.raises(PanelUnavailable):
            await panel.list_squads()


@pytest.mark.parametrize(
    ("arrange", "expected"),
    [
        (lambda sim: None, PanelUserNotFound),
        (lambda sim: sim.fail_next(1, 403), PanelRejected),
        (lambda sim: sim.fail_next(1, 401), PanelRejected),
        (lambda sim: sim.fail_next(1, 429), PanelRejected),
    ],
)
async def test_4xx_is_never_retried(
    client: HttpRemnawavePanel,
    simulator: RemnawaveSimulator,
    arrange: Callable[[RemnawaveSimulator], None],
    expected: type[DomainError],
) -> None:
    arrange(simulator)
    with pytest.raises(expected):
        await client.get_user(12345)
    assert api_calls(simulator) == 1


async def test_error_mapping(client: HttpRemnawavePanel, simulator: RemnawaveSimulator) -> None:
    await client.create_user(new_user())
    with pytest.raises(PanelUserExists):
        await client.create_user(new_user())
    with pytest.raises(PanelRejected):
        await client.create_user(new_user("no"))
    with pytest.raises(PanelUserNotFound):
        await client.delete_user(777)
    assert api_calls(simulator) == 4


async def test_bad_token_is_rejected(simulator: RemnawaveSimulator) -> None:
    assert simulator.base_url is not None
    async with HttpRemnawavePanel(simulator.base_url, "wrong", backoff_s=0.001) as panel:
        with pytest.raises(PanelRejected):
            await panel.check_compatible()
    assert api_calls(simulator) == 1


async def test_wrong_base_url_is_not_mistaken_for_a_missing_user(
    simulator: RemnawaveSimulator,
) -> None:
    async with HttpRemnawavePanel(f"{simulator.base_url}/nope", simulator.token) as panel:
        with pytest.raises(PanelRejected):
            await panel.get_user(1)


async def test_already_enabled_and_disabled_are_success(
    client: HttpRemnawavePanel, simulator: RemnawaveSimulator
) -> None:
    user = await client.create_user(new_user())
    assert (await client.enable_user(user.id)).status is PanelUserStatus.ACTIVE
    await client.disable_user(user.id)
    assert (await client.disable_user(user.id)).status is PanelUserStatus.DISABLED


async def test_lost_create_answer_is_reconciled_by_username(simulator: RemnawaveSimulator) -> None:
    assert simulator.base_url is not None
    # The first attempt times out on our side but the panel still creates the user;
    # the retry (after the panel has finished) then meets A019.
    async with HttpRemnawavePanel(
        simulator.base_url, simulator.token, timeout_s=0.05, retries=1, backoff_s=0.6
    ) as panel:
        simulator.timeout_next(1, 0.15)
        user = await panel.create_user(new_user("lost_answer"))
    assert user.username == "lost_answer"
    assert len(simulator.users()) == 1


async def test_dropped_connections_are_retried_then_panel_unavailable(
    client: HttpRemnawavePanel, simulator: RemnawaveSimulator
) -> None:
    # (aiohttp itself also retries an idempotent request once on a reused connection)
    simulator.drop_next(3)
    assert await client.list_squads()
    simulator.drop_next(100)
    with pytest.raises(PanelUnavailable):
        await client.list_squads()


@pytest.mark.parametrize("fault", ["fail", "drop"])
async def test_extend_is_not_retried_once_sent(
    client: HttpRemnawavePanel, simulator: RemnawaveSimulator, fault: str
) -> None:
    user = await client.create_user(new_user())
    before = api_calls(simulator)
    if fault == "fail":
        simulator.fail_next(1, 500)
    else:
        simulator.drop_next(1)
    with pytest.raises(PanelUnavailable):
        await client.extend_user(user.id, 30)
    assert api_calls(simulator) - before == 1
    assert (await client.get_user(user.id)).expire_at == user.expire_at


async def test_incompatible_panel_version_is_rejected() -> None:
    async with RemnawaveSimulator(version="2.6.3") as simulator:
        assert simulator.base_url is not None
        async with HttpRemnawavePanel(simulator.base_url, simulator.token) as panel:
            with pytest.raises(PanelRejected) as caught:
                await panel.check_compatible()
    assert caught.value.code == "panel_version_unsupported"


async def test_sends_proxy_api_key_and_cookie_headers() -> None:
    seen: list[dict[str, str]] = []

    async def metadata(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        return web.json_response({"response": {"version": "3.0.0", "build": {}, "git": {}}})

    app = web.Application()
    app.router.add_get("/api/system/metadata", metadata)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        async with HttpRemnawavePanel(
            f"http://127.0.0.1:{port}/", "tkn", api_key_header="k-1", cookie="abc=def"
        ) as panel:
            assert await panel.check_compatible() == "3.0.0"
    finally:
        await runner.cleanup()

    headers = seen[0]
    assert headers["Authorization"] == "Bearer tkn"
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "https"
    assert headers["X-Api-Key"] == "k-1"
    assert headers["Cookie"] == "abc=def"


async def test_shared_session_is_not_closed_by_the_client(simulator: RemnawaveSimulator) -> None:
    assert simulator.base_url is not None
    async with aiohttp.ClientSession() as session:
        async with HttpRemnawavePanel(simulator.base_url, simulator.token, session=session) as p:
            await p.list_squads()
        assert not session.closed


async def test_token_never_appears_in_logs_or_errors(
    simulator: RemnawaveSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    assert simulator.base_url is not None
    caplog.set_level(logging.DEBUG)
    errors: list[Exception] = []
    async with HttpRemnawavePanel(
        simulator.base_url, simulator.token, retries=2, backoff_s=0.001, timeout_s=0.1
    ) as panel:
        user = await panel.create_user(new_user())
        simulator.fail_next(5, 500)
        simulator.timeout_next(1, 0.5)
        for call in (panel.get_user(user.id), panel.get_user(999), panel.create_user(new_user())):
            try:
                await call
            except DomainError as exc:
                errors.append(exc)
        text = repr(panel)

    assert len(errors) == 3
    assert caplog.records  # the failures were logged
    everything = caplog.text + text + "".join(f"{e!r} {e}" for e in errors)
    assert simulator.token not in everything
    for record in caplog.records:
        assert simulator.token not in repr(record.__dict__)


# --- what the adapter offers beyond the VpnPanel port (moved from the port's contract) ---


async def test_metadata_of_a_3x_panel_is_compatible(client: HttpRemnawavePanel) -> None:
    assert (await client.check_compatible()).startswith("3.")


async def test_get_by_id_matches_get_by_username(client: HttpRemnawavePanel) -> None:
    created = await client.create_user(new_user())
    assert await client.get_user(created.id) == created
    assert await client.get_user_by_username(created.username) == created
    with pytest.raises(PanelUserNotFound):
        await client.get_user(created.id + 1000)


async def test_extend_moves_expiry_forward_and_an_expired_user_from_now(
    client: HttpRemnawavePanel, simulator: RemnawaveSimulator
) -> None:
    created = await client.create_user(new_user())
    extended = await client.extend_user(created.id, 10)
    assert extended.expire_at == created.expire_at + timedelta(days=10)

    later = created.expire_at + timedelta(days=45)
    simulator.set_clock(later)
    assert simulator.expire_users() == 1
    revived = await client.extend_user(created.id, 30)
    assert revived.status is PanelUserStatus.ACTIVE
    assert revived.expire_at == later + timedelta(days=30)


async def test_disable_and_enable_are_idempotent(client: HttpRemnawavePanel) -> None:
    created = await client.create_user(new_user())

    assert (await client.disable_user(created.id)).status is PanelUserStatus.DISABLED
    assert (await client.disable_user(created.id)).status is PanelUserStatus.DISABLED
    assert (await client.enable_user(created.id)).status is PanelUserStatus.ACTIVE
    assert (await client.enable_user(created.id)).status is PanelUserStatus.ACTIVE
    with pytest.raises(PanelUserNotFound):
        await client.enable_user(created.id + 1000)


async def test_revoke_issues_a_new_subscription_url(client: HttpRemnawavePanel) -> None:
    created = await client.create_user(new_user())

    revoked = await client.revoke_subscription(created.id)

    assert revoked.short_uuid != created.short_uuid
    assert revoked.subscription_url.endswith(f"/{revoked.short_uuid}")
    assert (revoked.id, revoked.username) == (created.id, created.username)


async def test_deleted_user_is_gone_and_its_username_free(client: HttpRemnawavePanel) -> None:
    created = await client.create_user(new_user())

    await client.delete_user(created.id)

    with pytest.raises(PanelUserNotFound):
        await client.get_user(created.id)
    assert await client.get_user_by_username(created.username) is None
    with pytest.raises(PanelUserNotFound):
        await client.delete_user(created.id)
    assert (await client.create_user(new_user())).id != created.id


async def test_squads_are_listed(client: HttpRemnawavePanel) -> None:
    squads = await client.list_squads()
    assert squads
    assert all(len(uuid) == 36 and name for uuid, name in squads)
