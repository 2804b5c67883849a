"""Tenants over HTTP: create (getMe, token once), list, get, patch, status, delete, rotate."""

from __future__ import annotations

import pytest

from tests.e2e.api.helpers import Api, assert_problem, bearer, error_fields
from tests.support.doubles import memory_telegram
from tests.support.factories import new_bot_token

TENANTS = "/api/v1/tenants"


async def test_create_returns_the_tenant_and_its_api_token_once(api: Api) -> None:
    created = await api.create_tenant(
        "Alpha", default_language="ru", admin_ids=[7, 8], support_username="@help_desk"
    )
    tenant, token = created["tenant"], created["api_token"]
    assert tenant["name"] == "Alpha" and tenant["status"] == "active"
    assert (tenant["default_language"], tenant["admin_ids"]) == ("ru", [7, 8])
    assert tenant["support_username"] == "help_desk" and tenant["is_master"] is False
    assert "telegram_token" not in tenant and "api_token" not in tenant
    # the token works, and no other response ever shows it (or the Telegram token)
    own = bearer(token)
    responses = [
        await api.call("GET", f"{TENANTS}/{tenant['id']}", own),
        await api.call("GET", f"{TENANTS}/{tenant['id']}", api.master),
        await api.call("GET", TENANTS, api.master),
        await api.call("PATCH", f"{TENANTS}/{tenant['id']}", own, {"default_language": "fa"}),
        await api.call("POST", f"{TENANTS}/{tenant['id']}/deactivate", api.master),
        await api.call("POST", f"{TENANTS}/{tenant['id']}/activate", api.master),
    ]
    for response in responses:
        assert response.status_code == 200, response.text
        assert token not in response.text and ":AAH" not in response.text


async def test_telegram_rejects_the_token(api: Api) -> None:
    body = {"name": "X", "telegram_token": new_bot_token()}  # never registered
    response = await api.call("POST", TENANTS, api.master, body)
    assert_problem(response, 422, "invalid_telegram_token")
    assert error_fields(response) == ["telegram_token"]
    page = (await api.call("GET", TENANTS, api.master)).json()
    assert page["total"] == 0


async def test_telegram_unreachable_is_502_without_internals(api: Api) -> None:
    memory_telegram(api.container).unreachable = True
    response = await api.call("POST", TENANTS, api.master, {"name": "X", "telegram_token": "1:x"})
    assert_problem(response, 502, "external_service_error")


async def test_duplicate_bot_is_409(api: Api) -> None:
    token = new_bot_token()
    memory_telegram(api.container).register(token, "dup_bot")
    body = {"name": "One", "telegram_token": token}
    assert (await api.call("POST", TENANTS, api.master, body)).status_code == 201
    again = await api.call("POST", TENANTS, api.master, {**body, "name": "Two"})
    assert_problem(again, 409, "duplicate_telegram_token")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "telegram_token": "1:x"}, "name"),
        ({"name": "X", "telegram_token": "1:x", "default_language": "de"}, "default_language"),
        ({"name": "X", "telegram_token": "1:x", "admin_ids": [0]}, "admin_ids[0]"),
        ({"name": "X", "telegram_token": "not a token"}, "telegram_token"),
        ({"name": "X"}, "telegram_token"),
        ({"name": "X\x00", "telegram_token": "1:x"}, "name"),
    ],
)
async def test_create_validation_names_the_field(
    api: Api, body: dict[str, object], field: str
) -> None:
    response = await api.call("POST", TENANTS, api.master, body)
    assert_problem(response, 422)
    assert error_fields(response) == [field]


async def test_list_is_paginated_master_first(api: Api) -> None:
    master = await api.master_tenant()
    ids = [(await api.create_tenant())["tenant"]["id"] for _ in range(4)]
    first = (await api.call("GET", f"{TENANTS}?limit=2", api.master)).json()
    rest = (await api.call("GET", f"{TENANTS}?limit=2&offset=2", api.master)).json()
    assert first["total"] == rest["total"] == 5
    assert [t["id"] for t in first["items"] + rest["items"]] == [master.id, *ids[:3]]
    assert first["items"][0]["is_master"] is True


async def test_patch_by_master_and_by_the_tenant(api: Api) -> None:
    created = await api.create_tenant()
    url, own = f"{TENANTS}/{created['tenant']['id']}", bearer(created["api_token"])
    by_master = await api.call("PATCH", url, api.master, {"name": "Renamed", "admin_ids": [3]})
    assert (by_master.json()["name"], by_master.json()["admin_ids"]) == ("Renamed", [3])
    chat = {"admin_chat_id": -100123, "receipts_topic_id": 4, "support_username": None}
    by_tenant = await api.call("PATCH", url, own, chat)
    assert by_tenant.status_code == 200, by_tenant.text
    seen = (await api.call("GET", url, own)).json()  # the cached record was invalidated
    assert (seen["admin_chat_id"], seen["receipts_topic_id"]) == (-100123, 4)
    assert seen["support_username"] is None and seen["name"] == "Renamed"
    for field, value in (("name", "Mine"), ("admin_ids", [1])):
        refused = await api.call("PATCH", url, own, {field: value})
        assert_problem(refused, 403, "tenant_field_not_editable")
        assert error_fields(refused) == [field]
    topic_alone = await api.call(
        "PATCH", url, api.master, {"admin_chat_id": None, "receipts_topic_id": 2}
    )
    assert error_fields(topic_alone) == ["receipts_topic_id"]


async def test_deactivate_activate_and_the_protected_master(api: Api) -> None:
    tenant_id = (await api.create_tenant())["tenant"]["id"]
    off = await api.call("POST", f"{TENANTS}/{tenant_id}/deactivate", api.master)
    assert off.json()["status"] == "disabled"
    on = await api.call("POST", f"{TENANTS}/{tenant_id}/activate", api.master)
    assert on.json()["status"] == "active"
    master = await api.master_tenant()
    for method, path in (("POST", "/deactivate"), ("DELETE", "")):
        response = await api.call(method, f"{TENANTS}/{master.id}{path}", api.master)
        assert_problem(response, 409, "master_tenant_protected")
    still = (await api.call("GET", f"{TENANTS}/{master.id}", api.master)).json()
    assert still["status"] == "active"


async def test_delete_removes_the_tenant_and_its_token(api: Api) -> None:
    shop = await api.shop()
    url = f"{TENANTS}/{shop.id}"
    assert (await api.call("GET", url, shop.auth)).status_code == 200  # token cached now
    deleted = await api.call("DELETE", url, api.master)
    assert deleted.status_code == 204 and deleted.content == b""
    assert_problem(await api.call("GET", url, api.master), 404, "tenant_not_found")
    assert_problem(await api.call("GET", url, shop.auth), 401, "unauthenticated")
    assert_problem(await api.call("DELETE", url, api.master), 404, "tenant_not_found")


@pytest.mark.parametrize("by", ["master", "tenant"])
async def test_rotation_kills_the_old_token_at_once(api: Api, by: str) -> None:
    shop = await api.shop()
    url = f"{TENANTS}/{shop.id}"
    assert (await api.call("GET", url, shop.auth)).status_code == 200  # token cached now
    response = await api.call(
        "POST", f"{url}/api-token", api.master if by == "master" else shop.auth
    )
    assert response.status_code == 201
    new = response.json()["api_token"]
    assert new.startswith("flt_") and new != shop.token
    assert_problem(await api.call("GET", url, shop.auth), 401, "unauthenticated")
    assert (await api.call("GET", url, bearer(new))).json()["id"] == shop.id
