"""The panel contract checked against Remnawave's own, not against ourselves.

The HTTP client (src/infrastructure/remnawave) and the simulator
(src/sandbox/remnawave) share no message class (import-linter forbids the
simulator to import the client; the sandbox contract forbids the reverse). Each is
held here to the golden messages written from the panel's published zod schemas
(tests/fixtures/remnawave/README.md):

- the client, against a stub that answers with the goldens and records what it
  is sent: it must read every golden answer and send requests of the golden shape;
- the simulator, sent the golden requests as raw JSON: it must accept them and
  answer with exactly the golden keys and types.

Cases considered: a user with every optional field and one with none (no `null`
where the contract has only "optional": `description` and `hwidDeviceLimit` on
create); nullable fields all null in an answer; the stream cursor (a number on
the way in, the last id as a string on the way out; a non-number is refused);
the last stream page (`nextCursor: null`); a 204 without a body on delete; both
error shapes (domain `errorCode`, zod validation without it); unknown extra
fields in an answer (the real panel sends more than Fleet reads); dates without
an offset; ids past int64 in a path (the simulator refuses them as the panel's
`numberParamSchema` would, never a 500).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from src.application.ports.vpn_panel import (
    NewPanelUser,
    PanelUserChanges,
    PanelUserStatus,
)
from src.core.errors import PanelRejected, PanelUserExists, PanelUserNotFound
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.support.goldens import (
    CREATE,
    DOMAIN_ERROR,
    EXTEND,
    METADATA,
    REVOKE,
    SQUADS,
    STREAM,
    STREAM_QUERY,
    UPDATE,
    USER,
    VALIDATION_ERROR,
    Shape,
    golden,
)

TOKEN = "golden-token"
SQUAD = "9f0c1a6e-2b7d-4c1e-8a53-0d6f4b2e7a11"  # in the goldens and the simulator's defaults
GIB = 1024**3


# --- the client against the goldens ------------------------------------------------


@dataclass
class Sent:
    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class GoldenPanel:
    """Answers each call with a golden (status, file) and records what it was sent."""

    answers: dict[tuple[str, str], list[tuple[int, str | None]]]
    sent: list[Sent] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        body = json.loads(raw) if raw else None
        self.sent.append(Sent(request.method, request.path, dict(request.query), body))
        queue = self.answers[(request.method, request.path)]
        status, name = queue.pop(0) if len(queue) > 1 else queue[0]
        if name is None:
            return web.Response(status=status)
        return web.json_response(golden(name), status=status)


@pytest.fixture
async def stub() -> AsyncIterator[tuple[GoldenPanel, HttpRemnawavePanel]]:
    panel = GoldenPanel({})
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", panel.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    client = HttpRemnawavePanel(f"http://127.0.0.1:{port}", TOKEN, retries=0)
    try:
        yield panel, client
    finally:
        await client.close()
        await runner.cleanup()


def full_user() -> NewPanelUser:
    return NewPanelUser(
        username="t7_123456789",
        expire_at=datetime(2030, 2, 1, 12, tzinfo=UTC),
        traffic_limit_bytes=50 * GIB,
        hwid_device_limit=3,
        telegram_id=123456789,
        tag="T7",
        squads=(SQUAD,),
        description="fleet tenant 7",
    )


def assert_shape(shape: Shape, value: Any, *, all_keys: bool) -> None:
    assert shape.mismatches(value, all_keys=all_keys) == []


async def test_client_create_sends_the_golden_shape_and_reads_the_golden_user(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
) -> None:
    panel, client = stub
    panel.answers[("POST", "/api/users")] = [(201, "user.response")]

    user = await client.create_user(full_user())

    [sent] = panel.sent
    assert_shape(CREATE, sent.body, all_keys=False)
    assert set(sent.body) >= {"username", "expireAt", "tag", "telegramId", "hwidDeviceLimit"}
    assert sent.body["expireAt"] in ("2030-02-01T12:00:00Z", "2030-02-01T12:00:00.000Z")
    assert (user.id, user.username, user.status) == (1042, "t7_123456789", PanelUserStatus.ACTIVE)
    assert user.expire_at == datetime(2030, 2, 1, 12, tzinfo=UTC)
    assert (user.telegram_id, user.tag, user.hwid_device_limit) == (123456789, "T7", 3)
    assert user.squads == (SQUAD,)
    assert user.subscription_url == "https://sub.example.com/Xk3vQ9pL2mN7rT4w"
    assert (user.used_traffic_bytes, user.lifetime_used_traffic_bytes) == (1610612736, 8589934592)


async def test_client_create_without_optional_fields_sends_no_null(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
) -> None:
    """The bug the shared classes hid: `description: null` and `hwidDeviceLimit: null`
    are refused by the panel's create schema (optional, not nullable)."""
    panel, client = stub
    panel.answers[("POST", "/api/users")] = [(201, "user_bare.response")]

    await client.create_user(NewPanelUser("t7_987654321", datetime(2030, 1, 2, tzinfo=UTC)))

    [sent] = panel.sent
    assert_shape(CREATE, sent.body, all_keys=False)
    assert None not in sent.body.values()


async def test_client_reads_a_user_whose_nullable_fields_are_null(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
) -> None:
    panel, client = stub
    panel.answers[("GET", "/api/users/by-username/t7_987654321")] = [(200, "user_bare.response")]

    user = await client.get_user_by_username("t7_987654321")

    assert user is not None
    assert (user.id, user.status) == (1043, PanelUserStatus.EXPIRED)
    assert (user.telegram_id, user.tag, user.hwid_device_limit, user.squads) == (
        None,
        None,
        None,
        (),
    )


async def test_client_update_extend_revoke_reset_send_golden_shapes(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
) -> None:
    panel, client = stub
    for method, path in [
        ("PATCH", "/api/users"),
        ("POST", "/api/users/1042/actions/extend"),
        ("POST", "/api/users/1042/actions/revoke"),
        ("POST", "/api/users/1042/actions/reset-traffic"),
    ]:
        panel.answers[(method, path)] = [(200, "user.response")]
    changes = PanelUserChanges(
        status=PanelUserStatus.ACTIVE,
        expire_at=datetime(2030, 3, 3, 12, tzinfo=UTC),
        traffic_limit_bytes=100 * GIB,
        hwid_device_limit=5,
        telegram_id=123456789,
        tag="T7",
        squads=(SQUAD,),
        description="fleet tenant 7",
    )

    assert (await client.update_user(1042, changes)).id == 1042
    await client.extend_user(1042, 30)
    await client.revoke_subscription(1042)
    await client.reset_user_traffic(1042)

    update, extend, revoke, reset = panel.sent
    assert_shape(UPDATE, update.body, all_keys=False)
    assert update.body["id"] == 1042
    assert_shape(EXTEND, extend.body, all_keys=True)
    assert_shape(REVOKE, revoke.body, all_keys=False)
    assert reset.body is None


async def test_client_streams_by_the_numeric_cursor_of_the_golden_pages(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
) -> None:
    panel, client = stub
    panel.answers[("GET", "/api/users/stream")] = [
        (200, "users_stream.response"),
        (200, "users_stream_last.response"),
    ]

    users = [u async for u in client.stream_users_by_tag("T7", page_size=1000)]

    assert [u.id for u in users] == [1042, 1043]
    first, second = panel.sent
    for sent in (first, second):
        assert_shape(STREAM_QUERY, sent.query, all_keys=False)
        assert sent.query["tag"] == "T7"
        assert 1 <= int(sent.query["size"]) <= 1000
    assert "cursor" not in first.query
    assert second.query["cursor"] == "1043"


async def test_client_reads_squads_metadata_and_a_204_delete(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
) -> None:
    panel, client = stub
    panel.answers[("GET", "/api/internal-squads")] = [(200, "internal_squads.response")]
    panel.answers[("GET", "/api/system/metadata")] = [(200, "metadata.response")]
    panel.answers[("DELETE", "/api/users/1042")] = [(204, None)]

    assert await client.list_squads() == [(SQUAD, "Default-Squad"), (SQUAD_EUROPE, "Europe")]
    assert await client.check_compatible() == "3.3.2"
    await client.delete_user(1042)


SQUAD_EUROPE = "3c5e8b2a-7d41-4f6a-9b0e-5a2c7d9e1f22"


@pytest.mark.parametrize(
    ("status", "name", "error"),
    [
        (400, "error_username_exists", PanelUserExists),
        (404, "error_user_not_found", PanelUserNotFound),
        (400, "error_validation", PanelRejected),
    ],
)
async def test_client_maps_the_golden_errors(
    stub: tuple[GoldenPanel, HttpRemnawavePanel],
    status: int,
    name: str,
    error: type[Exception],
) -> None:
    panel, client = stub
    panel.answers[("POST", "/api/users")] = [(status, name)]
    with pytest.raises(error):
        await client.create_user(full_user())


# --- the simulator against the goldens ---------------------------------------------


@dataclass
class Raw:
    session: aiohttp.ClientSession
    base: str

    async def call(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        headers = {
            "Authorization": f"Bearer {TOKEN}",
            "X-Forwarded-For": "127.0.0.1",
            "X-Forwarded-Proto": "https",
        }
        async with self.session.request(
            method, self.base + path, json=body, params=query, headers=headers
        ) as response:
            raw = await response.read()
            return response.status, (json.loads(raw) if raw else None)


@pytest.fixture
async def raw() -> AsyncIterator[Raw]:
    now = datetime(2030, 1, 10, tzinfo=UTC)
    async with (
        RemnawaveSimulator(token=TOKEN, now=lambda: now) as simulator,
        aiohttp.ClientSession() as session,
    ):
        assert simulator.base_url is not None
        yield Raw(session, simulator.base_url)


async def test_simulator_accepts_the_golden_create_and_answers_a_golden_user(raw: Raw) -> None:
    status, payload = await raw.call("POST", "/api/users", golden("create_user.request"))

    assert status == 201
    assert_shape(USER, payload, all_keys=True)
    user = payload["response"]
    assert (user["username"], user["tag"], user["email"]) == (
        "t7_123456789",
        "T7",
        "buyer@example.com",
    )


async def test_simulator_answers_every_user_call_with_the_golden_user(raw: Raw) -> None:
    _, created = await raw.call("POST", "/api/users", golden("create_user.request"))
    user_id = created["response"]["id"]
    update = {**golden("update_user.request"), "id": user_id}
    calls: list[tuple[str, str, Any]] = [
        ("PATCH", "/api/users", update),
        ("GET", f"/api/users/{user_id}", None),
        ("GET", "/api/users/by-username/t7_123456789", None),
        ("GET", f"/api/users/by-short-uuid/{created['response']['shortUuid']}", None),
        ("POST", f"/api/users/{user_id}/actions/disable", None),
        ("POST", f"/api/users/{user_id}/actions/enable", None),
        ("POST", f"/api/users/{user_id}/actions/reset-traffic", None),
        ("POST", f"/api/users/{user_id}/actions/extend", golden("extend_user.request")),
        ("POST", f"/api/users/{user_id}/actions/revoke", golden("revoke_user.request")),
    ]
    for method, path, body in calls:
        status, payload = await raw.call(method, path, body)
        assert status == 200, (method, path, payload)
        assert_shape(USER, payload, all_keys=True)
    assert payload["response"]["subRevokedAt"] is not None
    assert payload["response"]["lastTrafficResetAt"] is not None

    status, payload = await raw.call("DELETE", f"/api/users/{user_id}")
    assert (status, payload) == (204, None)


async def test_simulator_accepts_a_bare_create_and_answers_nulls_where_the_contract_has(
    raw: Raw,
) -> None:
    body = {"username": "t7_987654321", "expireAt": "2030-01-12T00:00:00.000Z"}
    status, payload = await raw.call("POST", "/api/users", body)

    assert status == 201
    assert_shape(USER, payload, all_keys=True)
    assert payload["response"]["telegramId"] is None


@pytest.mark.parametrize("field_name", ["description", "hwidDeviceLimit"])
async def test_simulator_refuses_null_where_create_has_only_optional(
    raw: Raw, field_name: str
) -> None:
    body = {**golden("create_user.request"), field_name: None}
    status, payload = await raw.call("POST", "/api/users", body)
    assert status == 400
    assert_shape(VALIDATION_ERROR, payload, all_keys=False)


async def test_simulator_streams_golden_pages_by_a_numeric_cursor(raw: Raw) -> None:
    for telegram_id in (1, 2):
        body = {**golden("create_user.request"), "username": f"t7_{telegram_id}"}
        await raw.call("POST", "/api/users", body)
    query = golden("users_stream.request")

    status, first = await raw.call("GET", "/api/users/stream", size="1", tag=query["tag"])
    assert status == 200
    assert_shape(STREAM, first, all_keys=True)
    assert first["response"]["hasMore"] is True
    cursor = first["response"]["nextCursor"]
    assert cursor == str(first["response"]["users"][0]["id"])

    _, last = await raw.call("GET", "/api/users/stream", size="1", tag="T7", cursor=cursor)
    _, empty = await raw.call("GET", "/api/users/stream", tag="T7", cursor=query["cursor"])
    for page in (last, empty):
        assert_shape(STREAM, page, all_keys=True)
    assert [u["username"] for u in last["response"]["users"]] == ["t7_2"]
    assert empty["response"] == {"users": [], "nextCursor": None, "hasMore": False}

    status, refused = await raw.call("GET", "/api/users/stream", cursor="not-a-number")
    assert status == 400
    assert_shape(VALIDATION_ERROR, refused, all_keys=False)


async def test_simulator_answers_golden_squads_and_metadata(raw: Raw) -> None:
    _, squads = await raw.call("GET", "/api/internal-squads")
    _, metadata = await raw.call("GET", "/api/system/metadata")

    assert_shape(SQUADS, squads, all_keys=True)
    assert_shape(METADATA, metadata, all_keys=True)


async def test_simulator_errors_have_the_golden_shapes(raw: Raw) -> None:
    await raw.call("POST", "/api/users", golden("create_user.request"))
    exists = await raw.call("POST", "/api/users", golden("create_user.request"))
    missing = await raw.call("PATCH", "/api/users", {**golden("update_user.request"), "id": 9999})
    invalid = await raw.call("POST", "/api/users", {**golden("create_user.request"), "tag": "t"})
    too_big = await raw.call("GET", f"/api/users/{2**63}")

    assert (exists[0], exists[1]["errorCode"]) == (400, "A019")
    assert (missing[0], missing[1]["errorCode"]) == (404, "A025")
    for _, body in (exists, missing):
        assert_shape(DOMAIN_ERROR, body, all_keys=True)
    for status, body in (invalid, too_big):
        assert status == 400
        assert_shape(VALIDATION_ERROR, body, all_keys=False)
        assert "errorCode" not in body


def test_a_wrong_field_name_fails_the_shape_check() -> None:
    """The check itself bites: a renamed, retyped or nulled field is reported."""
    body = {**golden("create_user.request"), "telegram_id": 1}
    assert USER.mismatches(golden("user.response"), all_keys=True) == []
    assert CREATE.mismatches(body, all_keys=False) == ["$.telegram_id: not in the contract"]
    assert CREATE.mismatches({"username": 7}, all_keys=False) == [
        "$.username: integer, the contract has ['string']"
    ]
    assert CREATE.mismatches({"expireAt": "2030-01-01 12:00"}, all_keys=False) == [
        "$.expireAt: '2030-01-01 12:00' is not an ISO date-time with an offset"
    ]
    assert CREATE.mismatches({"description": None}, all_keys=False) == [
        "$.description: null, the contract has ['string']"
    ]
    bare = golden("user_bare.response")
    del bare["response"]["userTraffic"]
    assert USER.mismatches(bare, all_keys=True) == ["$.response.userTraffic: missing"]


def test_dates_in_the_goldens_are_in_the_future_of_the_simulator_clock() -> None:
    """The update golden's `expireAt` must be accepted as "in the future"."""
    expire = datetime.fromisoformat(golden("update_user.request")["expireAt"])
    assert expire > datetime(2030, 1, 10, tzinfo=UTC) + timedelta(days=1)
