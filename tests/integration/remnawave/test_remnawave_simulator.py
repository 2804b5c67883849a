"""Pins the Remnawave 3.x behaviours of the simulator against its raw HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import msgspec
import pytest

from src.sandbox.remnawave import wire
from src.sandbox.remnawave.simulator import RemnawaveSimulator

PROXY_HEADERS = {"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https"}


class RawApi:
    """Plain aiohttp calls with the proxy headers and the bearer token by default."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.session = session
        self.base_url = base_url
        self.headers = {**PROXY_HEADERS, "Authorization": f"Bearer {token}"}

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        sent = {**self.headers, **(headers or {})}
        data = body if isinstance(body, bytes) or body is None else msgspec.json.encode(body)
        if data is not None:
            sent["Content-Type"] = "application/json"
        url = self.base_url + path
        async with self.session.request(
            method, url, data=data, headers=sent, params=params
        ) as response:
            raw = await response.read()
            return response.status, (msgspec.json.decode(raw) if raw else None)

    async def create(self, username: str, **fields: Any) -> dict[str, Any]:
        expire = datetime.now(UTC) + timedelta(days=30)
        body = {"username": username, "expireAt": expire.isoformat(), **fields}
        status, payload = await self.call("POST", "/api/users", body)
        assert status == 201, payload
        user: dict[str, Any] = payload["response"]
        return user


@pytest.fixture
async def api(simulator: RemnawaveSimulator) -> AsyncIterator[RawApi]:
    assert simulator.base_url is not None
    async with aiohttp.ClientSession() as session:
        yield RawApi(session, simulator.base_url, simulator.token)


USER_KEYS = {
    "id",
    "shortUuid",
    "username",
    "status",
    "trafficLimitBytes",
    "trafficLimitStrategy",
    "expireAt",
    "telegramId",
    "email",
    "description",
    "tag",
    "hwidDeviceLimit",
    "subscriptionUrl",
    "activeInternalSquads",
    "createdAt",
    "updatedAt",
    "userTraffic",
}


def iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def assert_domain_error(payload: Any, code: str, path: str) -> None:
    assert set(payload) == {"timestamp", "path", "message", "errorCode"}
    assert (payload["errorCode"], payload["path"]) == (code, path)


def assert_validation_error(payload: Any) -> None:
    assert payload["statusCode"] == 400
    assert payload["message"] == "Validation failed"
    assert payload["errors"]
    assert "errorCode" not in payload


async def test_create_is_201_in_the_envelope(api: RawApi, simulator: RemnawaveSimulator) -> None:
    squad = next(iter(simulator.state.squads))
    status, payload = await api.call(
        "POST",
        "/api/users",
        {
            "username": "t1_42",
            "expireAt": iso(timedelta(days=30)),
            "trafficLimitBytes": 1000,
            "telegramId": 42,
            "tag": "T1",
            "activeInternalSquads": [squad],
        },
    )

    assert status == 201
    assert set(payload) == {"response"}
    user = payload["response"]
    assert set(user) >= USER_KEYS
    assert isinstance(user["id"], int)
    assert user["status"] == "ACTIVE"
    assert user["subscriptionUrl"] == f"https://sub.sim.test/{user['shortUuid']}"
    assert user["activeInternalSquads"] == [{"uuid": squad, "name": simulator.state.squads[squad]}]
    traffic = user["userTraffic"]
    assert (traffic["usedTrafficBytes"], traffic["lifetimeUsedTrafficBytes"]) == (0, 0)


async def test_reads_are_200_and_delete_is_204_without_body(api: RawApi) -> None:
    user = await api.create("reader")

    for path in (
        f"/api/users/{user['id']}",
        "/api/users/by-username/reader",
        f"/api/users/by-short-uuid/{user['shortUuid']}",
    ):
        status, payload = await api.call("GET", path)
        assert (status, payload["response"]["id"]) == (200, user["id"])

    assert await api.call("DELETE", f"/api/users/{user['id']}") == (204, None)
    status, payload = await api.call("GET", f"/api/users/{user['id']}")
    assert status == 404


async def test_ids_are_numeric_and_incremental(api: RawApi) -> None:
    first, second = await api.create("first"), await api.create("second")
    assert second["id"] == first["id"] + 1


async def test_duplicate_username_is_400_a019(api: RawApi) -> None:
    await api.create("taken")
    status, payload = await api.call(
        "POST", "/api/users", {"username": "taken", "expireAt": iso(timedelta(days=1))}
    )
    assert status == 400
    assert_domain_error(payload, "A019", "/api/users")


async def test_not_found_is_a063_on_reads_and_a025_on_writes(api: RawApi) -> None:
    for path in ("/api/users/999", "/api/users/by-username/ghost", "/api/users/by-short-uuid/x"):
        status, payload = await api.call("GET", path)
        assert status == 404
        assert_domain_error(payload, "A063", path)

    writes: list[tuple[str, str, Any]] = [
        ("PATCH", "/api/users", {"id": 999, "tag": "T1"}),
        ("POST", "/api/users/999/actions/enable", None),
        ("POST", "/api/users/999/actions/disable", None),
        ("POST", "/api/users/999/actions/revoke", None),
        ("POST", "/api/users/999/actions/reset-traffic", None),
        ("POST", "/api/users/999/actions/extend", {"days": 1}),
        ("DELETE", "/api/users/999", None),
    ]
    for method, path, body in writes:
        status, payload = await api.call(method, path, body)
        assert status == 404, path
        assert_domain_error(payload, "A025", path)


async def test_already_disabled_and_enabled_are_400_a029_a030(api: RawApi) -> None:
    user = await api.create("toggler")
    base = f"/api/users/{user['id']}/actions"

    status, payload = await api.call("POST", f"{base}/enable")
    assert status == 400
    assert_domain_error(payload, "A030", f"{base}/enable")
    status, payload = await api.call("POST", f"{base}/disable")
    assert (status, payload["response"]["status"]) == (200, "DISABLED")
    status, payload = await api.call("POST", f"{base}/disable")
    assert status == 400
    assert_domain_error(payload, "A029", f"{base}/disable")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/users/abc", None),
        ("DELETE", "/api/users/12x", None),
        ("POST", "/api/users/abc/actions/enable", None),
        ("POST", "/api/users", {"username": "ab", "expireAt": "2099-01-01T00:00:00Z"}),
        ("POST", "/api/users", {"username": "x" * 37, "expireAt": "2099-01-01T00:00:00Z"}),
        ("POST", "/api/users", {"username": "bad name", "expireAt": "2099-01-01T00:00:00Z"}),
        ("POST", "/api/users", {"username": "okname"}),
        (
            "POST",
            "/api/users",
            {"username": "okname", "expireAt": "2099-01-01T00:00:00Z", "tag": "t"},
        ),
        (
            "POST",
            "/api/users",
            {"username": "okname", "expireAt": "2099-01-01T00:00:00Z", "tag": "T" * 17},
        ),
        ("POST", "/api/users", b"{not json"),
    ],
)
async def test_validation_errors_are_400_without_error_code(
    api: RawApi, method: str, path: str, body: Any
) -> None:
    status, payload = await api.call(method, path, body)
    assert status == 400
    assert_validation_error(payload)


async def test_update_validation(api: RawApi) -> None:
    user = await api.create("updatable")
    for change in (
        {"status": "LIMITED"},
        {"status": "EXPIRED"},
        {"expireAt": iso(-timedelta(minutes=1))},
        {"tag": "lower"},
    ):
        status, payload = await api.call("PATCH", "/api/users", {"id": user["id"], **change})
        assert status == 400, change
        assert_validation_error(payload)


async def test_bad_or_missing_token_is_401(api: RawApi) -> None:
    status, _ = await api.call("GET", "/api/users/1", headers={"Authorization": "Bearer nope"})
    assert status == 401
    status, _ = await api.call("GET", "/api/system/metadata", headers={"Authorization": ""})
    assert status == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-Proto": "https"},
        {"X-Forwarded-For": "127.0.0.1"},
        {"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http"},
    ],
)
async def test_missing_proxy_headers_drop_the_connection(
    simulator: RemnawaveSimulator, headers: dict[str, str]
) -> None:
    assert simulator.base_url is not None
    headers = {**headers, "Authorization": f"Bearer {simulator.token}"}
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await session.get(simulator.base_url + "/api/system/metadata", headers=headers)

        simulator.set_require_proxy_headers(False)
        async with session.get(simulator.base_url + "/api/system/metadata", headers=headers) as r:
            assert r.status == 200


async def test_stream_pages_by_cursor_in_id_order(api: RawApi) -> None:
    tagged = [(await api.create(f"s{i:03d}", tag="T5"))["id"] for i in range(25)]
    for i in range(5):
        await api.create(f"other{i:03d}", tag="T6")

    seen: list[int] = []
    pages: list[int] = []
    params = {"tag": "T5", "size": "10"}
    while True:
        status, payload = await api.call("GET", "/api/users/stream", params=params)
        assert status == 200
        page = payload["response"]
        assert set(page) == {"users", "nextCursor", "hasMore"}
        seen += [u["id"] for u in page["users"]]
        pages.append(len(page["users"]))
        if not page["hasMore"]:
            assert page["nextCursor"] is None
            break
        params = {**params, "cursor": page["nextCursor"]}

    assert pages == [10, 10, 5]
    assert seen == tagged


async def test_stream_filters_and_limits(api: RawApi) -> None:
    await api.create("tg1", telegramId=77)
    await api.create("tg2", telegramId=78)
    off = await api.create("tg3", telegramId=77)
    await api.call("POST", f"/api/users/{off['id']}/actions/disable")

    _, payload = await api.call("GET", "/api/users/stream", params={"telegramId": "77"})
    assert [u["username"] for u in payload["response"]["users"]] == ["tg1", "tg3"]
    _, payload = await api.call("GET", "/api/users/stream", params={"status": "DISABLED"})
    assert [u["username"] for u in payload["response"]["users"]] == ["tg3"]

    for params in ({"size": "1001"}, {"size": "0"}, {"cursor": "!!"}, {"status": "NOPE"}):
        status, payload = await api.call("GET", "/api/users/stream", params=params)
        assert status == 400, params
        assert_validation_error(payload)


async def test_raising_the_limit_of_a_limited_user_makes_it_active(
    api: RawApi, simulator: RemnawaveSimulator
) -> None:
    user = await api.create("heavy", trafficLimitBytes=100)
    simulator.add_traffic(user["id"], 150)
    assert simulator.users()[0].status == "LIMITED"

    status, payload = await api.call(
        "PATCH", "/api/users", {"id": user["id"], "trafficLimitBytes": 200}
    )

    assert (status, payload["response"]["status"]) == (200, "ACTIVE")
    assert payload["response"]["userTraffic"]["lifetimeUsedTrafficBytes"] == 150


async def test_expired_user_rules(api: RawApi, simulator: RemnawaveSimulator) -> None:
    first, _ = await api.create("exp1"), await api.create("exp2")
    later = datetime.now(UTC) + timedelta(days=40)
    simulator.set_clock(later)
    assert simulator.expire_users() == 2

    status, payload = await api.call(
        "POST", f"/api/users/{first['id']}/actions/extend", {"days": 10}
    )
    assert status == 200
    extended = datetime.fromisoformat(payload["response"]["expireAt"])
    assert extended - later < timedelta(days=10, seconds=1)
    assert payload["response"]["status"] == "ACTIVE"

    future = (later + timedelta(days=5)).isoformat()
    status, payload = await api.call(
        "PATCH", "/api/users", {"username": "exp2", "expireAt": future}
    )
    assert (status, payload["response"]["status"]) == (200, "ACTIVE")


async def test_update_id_wins_over_username(api: RawApi) -> None:
    one, _ = await api.create("one"), await api.create("two")
    _, payload = await api.call(
        "PATCH", "/api/users", {"id": one["id"], "username": "two", "description": "x"}
    )
    assert (payload["response"]["username"], payload["response"]["description"]) == ("one", "x")


async def test_revoke_changes_short_uuid(api: RawApi) -> None:
    user = await api.create("revoker")
    _, payload = await api.call("POST", f"/api/users/{user['id']}/actions/revoke")
    assert payload["response"]["shortUuid"] != user["shortUuid"]
    status, _ = await api.call("GET", f"/api/users/by-short-uuid/{user['shortUuid']}")
    assert status == 404
    revoke = f"/api/users/{user['id']}/actions/revoke"
    status, _ = await api.call("POST", revoke, {"shortUuid": "tooShort15chars"})
    assert status == 400  # the contract wants 16 to 64 characters
    _, payload = await api.call("POST", revoke, {"shortUuid": "chosenShortUuid16"})
    assert payload["response"]["subscriptionUrl"] == "https://sub.sim.test/chosenShortUuid16"


async def test_metadata_and_squads(api: RawApi) -> None:
    status, payload = await api.call("GET", "/api/system/metadata")
    assert status == 200
    assert set(payload["response"]) == {"version", "build", "git"}
    assert payload["response"]["version"].startswith("3.")

    status, payload = await api.call("GET", "/api/internal-squads")
    squads = payload["response"]
    assert squads["total"] == len(squads["internalSquads"]) >= 1
    assert {"uuid", "name"} <= set(squads["internalSquads"][0])


async def test_control_over_http(api: RawApi, simulator: RemnawaveSimulator) -> None:
    user = await api.create("ctl", trafficLimitBytes=10)
    session, base = api.session, api.base_url

    async with session.post(f"{base}/_control/users/{user['id']}/traffic", json={"bytes": 12}) as r:
        assert (await r.json())["status"] == "LIMITED"
    async with session.post(f"{base}/_control/users/{user['id']}/reset-traffic") as r:
        body = await r.json()
        assert (body["status"], body["userTraffic"]["lifetimeUsedTrafficBytes"]) == ("ACTIVE", 12)

    async with session.post(f"{base}/_control/fail", json={"count": 1, "status": 502}):
        pass
    assert (await api.call("GET", "/api/system/metadata"))[0] == 502
    assert (await api.call("GET", "/api/system/metadata"))[0] == 200
    async with session.post(f"{base}/_control/fail-all", json={"status": 500}):
        pass
    assert (await api.call("GET", "/api/system/metadata"))[0] == 500
    async with session.post(f"{base}/_control/recover"):
        pass
    assert (await api.call("GET", "/api/system/metadata"))[0] == 200
    # 2: aiohttp retries a GET once by itself when a kept-alive connection drops
    async with session.post(f"{base}/_control/drop", json={"count": 2}):
        pass
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.call("GET", "/api/system/metadata")

    later = (datetime.now(UTC) + timedelta(days=31)).isoformat()
    async with session.post(f"{base}/_control/clock", json={"now": later}):
        pass
    async with session.post(f"{base}/_control/expire") as r:
        assert await r.json() == {"expired": 1}
    async with session.get(f"{base}/_control/users") as r:
        assert [u["status"] for u in (await r.json())["users"]] == ["EXPIRED"]
    async with session.get(f"{base}/_control/requests") as r:
        assert (await r.json())["count"] == len(simulator.requests)


async def test_holds_100k_users_and_streams_a_tag_quickly(
    api: RawApi, simulator: RemnawaveSimulator
) -> None:
    expire = datetime.now(UTC) + timedelta(days=30)
    for i in range(100_000):
        tag = "RARE" if i % 1000 == 0 else "BULK"
        simulator.state.create(wire.CreateUserBody(username=f"u{i:06d}", expire_at=expire, tag=tag))

    status, payload = await api.call(
        "GET", "/api/users/stream", params={"tag": "RARE", "size": "1000"}
    )

    assert status == 200
    assert len(payload["response"]["users"]) == 100
    assert payload["response"]["hasMore"] is False
