"""Access rules over the whole route table: 401 without a credential, 403 for a tenant
token on master-only routes, 404 for a tenant token on another tenant's objects, plus a
success and a validation case per route. The table must cover every route of the app."""

from __future__ import annotations

import re

import pytest
from litestar.routes import HTTPRoute

from src.interfaces.api.app import create_app
from tests.e2e.api.helpers import Api, assert_documented, assert_problem, bearer, error_fields
from tests.e2e.api.routes import MASTER_ONLY, PER_TENANT_NOT_MASTER_ONLY, ROUTES, Route

ids = str


def app_routes(api: Api) -> set[tuple[str, str]]:
    app = create_app(api.container, manage_container=False)
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/"):
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
            found |= {(m, path) for m in route.methods if m not in ("HEAD", "OPTIONS")}
    return found


async def test_the_table_covers_every_api_route_and_the_openapi_document(api: Api) -> None:
    table = {(r.method, r.path) for r in ROUTES}
    assert len(table) == len(ROUTES)
    assert app_routes(api) == table
    document = (await api.call("GET", "/schema/openapi.json")).json()
    documented = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        if path.startswith("/api/")
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    }
    assert documented == table


@pytest.mark.parametrize("route", ROUTES, ids=ids)
async def test_no_credential_is_401(api: Api, route: Route) -> None:
    shop = await api.shop()
    for headers in ({}, bearer("flt_not-a-token"), {"Authorization": "Basic abc"}):
        response = await api.call(route.method, route.url(shop), headers, route.body)
        assert_problem(response, 401, "unauthenticated")
        assert_documented(route.path, route.method, response)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert (await api.call("GET", f"/api/v1/tenants/{shop.id}", api.master)).status_code == 200


@pytest.mark.parametrize("route", MASTER_ONLY, ids=ids)
async def test_tenant_token_on_a_master_only_route_is_403(api: Api, route: Route) -> None:
    shop = await api.shop()
    before = await api.snapshot(shop.id)
    response = await api.call(route.method, route.url(shop), shop.auth, route.body)
    assert_problem(response, 403, "forbidden")
    assert_documented(route.path, route.method, response)
    assert await api.snapshot(shop.id) == before


@pytest.mark.parametrize("route", PER_TENANT_NOT_MASTER_ONLY, ids=ids)
async def test_tenant_token_on_another_tenants_objects_is_404(api: Api, route: Route) -> None:
    mine, theirs = await api.shop("Mine"), await api.shop("Theirs")
    before = await api.snapshot(theirs.id)
    response = await api.call(route.method, route.url(theirs), mine.auth, route.body)
    assert_problem(response, 404, "tenant_not_found")
    assert_documented(route.path, route.method, response)
    # the same answer as for a tenant that does not exist: no existence oracle
    missing = await api.call(
        route.method, route.url(theirs, tenant_id=10**9), mine.auth, route.body
    )
    assert missing.json()["code"] == "tenant_not_found"
    assert await api.snapshot(theirs.id) == before


@pytest.mark.parametrize("route", PER_TENANT_NOT_MASTER_ONLY, ids=ids)
async def test_tenant_token_on_its_own_objects_succeeds(api: Api, route: Route) -> None:
    shop = await api.shop()
    response = await api.call(route.method, route.url(shop), shop.auth, route.body)
    assert response.status_code == route.ok, response.text
    assert_documented(route.path, route.method, response)


@pytest.mark.parametrize("route", ROUTES, ids=ids)
async def test_master_key_succeeds(api: Api, route: Route) -> None:
    shop = await api.shop()
    body = route.body
    if route.path == "/api/v1/tenants":  # a real bot token this time
        created = await api.create_tenant("Fresh")
        assert created["api_token"].startswith("flt_")
        return
    response = await api.call(route.method, route.url(shop), api.master, body)
    assert response.status_code == route.ok, response.text
    assert_documented(route.path, route.method, response)
    if route.ok != 204:
        assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("route", ROUTES, ids=ids)
async def test_invalid_input_is_422_naming_the_field(api: Api, route: Route) -> None:
    shop = await api.shop()
    if route.body is not None:
        url, body, field = route.url(shop), {**route.body, "bogus": 1}, "bogus"
    elif route.per_tenant:
        url, body, field = route.url(shop, tenant_id=0), None, "tenant_id"
    else:
        url, body, field = route.url(shop) + "?limit=0", None, "limit"
    response = await api.call(route.method, url, api.master, body)
    assert_problem(response, 422, "validation_error")
    assert_documented(route.path, route.method, response)
    assert error_fields(response) == [field]
