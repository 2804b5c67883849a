"""Bad input and the API's contract (issue #10, items 11 and 12): whatever a client
sends, the answer is a 4xx problem (never a 500, never a traceback), nothing is
stored, and the OpenAPI document says what the server does.

Cases considered (all tested below unless noted):
- JSON nested 1,000 and 100,000 deep, in a typed field and in a free `value`;
- ids past int64, zero, negative, not a number, in every path holding an id;
- `limit` / `offset` huge, negative, not a number, on every paged route;
- money sent as `"100"`, `1e2` or `100.0` on every route taking an amount;
- NUL and a lone surrogate in every text the API stores;
- a body past the size limit (413);
- OPTIONS on every path lists every method of the path;
- the document: integer bounds are integers (2^63-1 exactly, not 9.22e18), every
  request body says `additionalProperties: false` and the server refuses an unknown
  field on each;
- the same with a tenant token: the schemathesis run (test_api_schemathesis.py).
Not here: the Telegram webhook (tests/e2e/bots/test_webhook.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from src.core.ids import MAX_ID
from tests.e2e.api.helpers import DOCUMENT, Api, assert_problem, error_fields
from tests.e2e.api.routes import ROUTES, Route

BODY_ROUTES = tuple(r for r in ROUTES if r.body is not None)
ID_ROUTES = tuple(r for r in ROUTES if "_id}" in r.path)
PAGED = ("/api/v1/tenants", "/users", "/subscriptions", "/wallet/ledger", "/card-payments")
PAGED_ROUTES = tuple(r for r in ROUTES if r.method == "GET" and r.path.endswith(PAGED))
MONEY = (
    ("POST", "/plans", "price"),
    ("PATCH", "/plans/{plan_id}", "price"),
    ("POST", "/users/{user_id}/balance", "amount"),
    ("POST", "/wallet/top-ups", "amount"),
    ("PUT", "/wallet/settings", "credit_limit"),
    ("PUT", "/wallet/settings", "rate_per_gb"),
)
TEXTS = (
    ("POST", "/api/v1/tenants", "name"),
    ("PATCH", "{tenant_id}", "name"),
    ("PATCH", "{tenant_id}", "support_username"),
    ("POST", "/plans", "name"),
    ("PATCH", "/plans/{plan_id}", "name"),
    ("POST", "/cards", "holder_name"),
    ("PATCH", "/cards/{card_id}", "holder_name"),
    ("POST", "/users/{user_id}/balance", "reason"),
    ("POST", "/wallet/top-ups", "note"),
    ("POST", "/card-payments/{payment_id}/reject", "note"),
)


def route(method: str, suffix: str) -> Route:
    return next(r for r in ROUTES if r.method == method and r.path.endswith(suffix))


def with_raw(body: dict[str, Any], field: str, literal: str) -> bytes:
    """The route's valid body with `field` set to a raw JSON literal."""
    marker = "\u0001marker\u0001"
    encoded = json.dumps({**body, field: marker})
    return encoded.replace(json.dumps(marker), literal).encode()


async def send(api: Api, r: Route, url: str, content: bytes) -> Any:
    headers = {**api.master, "Content-Type": "application/json"}
    return await api.call(r.method, url, headers, content=content)


async def refused(api: Api, method: str, suffix: str, field: str, literal: str) -> list[str]:
    """The route's valid body with `field` set to `literal`: a 422 that changes
    nothing; the fields it names."""
    shop = await api.shop()
    r = route(method, suffix)
    assert r.body is not None
    before = await api.snapshot(shop.id)
    response = await send(api, r, r.url(shop), with_raw(r.body, field, literal))
    assert_problem(response, 422, "validation_error")
    assert await api.snapshot(shop.id) == before
    wallet = await api.call("GET", f"/api/v1/tenants/{shop.id}/wallet/ledger", api.master)
    assert wallet.json()["total"] == 0
    return error_fields(response)


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("r", BODY_ROUTES, ids=str)
async def test_deeply_nested_json_is_422(api: Api, r: Route, depth: int) -> None:
    shop = await api.shop()
    before = await api.snapshot(shop.id)
    deep = "[" * depth + "]" * depth
    assert r.body is not None
    for content in (deep.encode(), with_raw(r.body, next(iter(r.body)), deep)):
        response = await send(api, r, r.url(shop), content)
        assert_problem(response, 422, "validation_error")
    assert await api.snapshot(shop.id) == before


@pytest.mark.parametrize("literal", ['"10000"', "1e4", "10000.0"])
@pytest.mark.parametrize(("method", "suffix", "field"), MONEY)
async def test_money_is_a_json_integer_only(
    api: Api, method: str, suffix: str, field: str, literal: str
) -> None:
    assert await refused(api, method, suffix, field, literal) == [field]


def bad_ids(r: Route) -> Iterator[tuple[str, str]]:
    for name in ("tenant_id", "plan_id", "card_id", "user_id", "payment_id"):
        if "{" + name + "}" in r.path:
            for value in (str(MAX_ID + 1), "1" + "0" * 30, "-1", "0", "9e3"):
                yield name, value


@pytest.mark.parametrize("r", ID_ROUTES, ids=str)
async def test_ids_outside_bigint_in_the_path_are_4xx(api: Api, r: Route) -> None:
    shop = await api.shop()
    before = await api.snapshot(shop.id)
    for name, value in bad_ids(r):
        url = r.url(shop, **{name: value})
        response = await api.call(r.method, url, api.master, r.body)
        assert response.status_code in (404, 422), (url, response.text)
        assert_problem(response, response.status_code)
    assert await api.snapshot(shop.id) == before


@pytest.mark.parametrize("r", PAGED_ROUTES, ids=str)
async def test_paging_out_of_range_is_422_naming_the_parameter(api: Api, r: Route) -> None:
    shop = await api.shop()
    for param, value in (
        ("limit", "0"),
        ("limit", "-1"),
        ("limit", "1" + "0" * 30),
        ("offset", "-1"),
        ("offset", "1" + "0" * 30),
        ("offset", "abc"),
    ):
        response = await api.call("GET", f"{r.url(shop)}?{param}={value}", api.master)
        assert_problem(response, 422, "validation_error")
        assert error_fields(response) == [param]


@pytest.mark.parametrize("literal", [r'"a\u0000b"', r'"a\ud800b"'])
@pytest.mark.parametrize(("method", "suffix", "field"), TEXTS)
async def test_nul_and_lone_surrogates_are_never_stored(
    api: Api, method: str, suffix: str, field: str, literal: str
) -> None:
    fields = await refused(api, method, suffix, field, literal)
    assert fields in ([field], ["body"])  # a lone surrogate: not even JSON text


async def test_a_huge_body_is_413(api: Api) -> None:
    shop = await api.shop()
    r = route("POST", "/plans")
    content = with_raw(r.body or {}, "name", json.dumps("x" * 11_000_000))
    assert_problem(await send(api, r, r.url(shop), content), 413, "payload_too_large")


@pytest.mark.parametrize("path", sorted(DOCUMENT["paths"]))
async def test_options_allows_every_method_of_the_path(api: Api, path: str) -> None:
    shop = await api.shop()
    params = {"key": "k", "provider": "yookassa", "lang": "ru"}
    url = Route("OPTIONS", path, params=params).url(shop)
    response = await api.call("OPTIONS", url, api.master)
    assert response.status_code == 204
    documented = {m.upper() for m in DOCUMENT["paths"][path]}
    assert response.headers["allow"] == ", ".join(sorted({*documented, "OPTIONS"}))


def numbers(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                yield value
            yield from numbers(value)
    elif isinstance(node, list):
        for value in node:
            yield from numbers(value)


def test_integer_bounds_are_exact_integers_in_the_document() -> None:
    bounds = list(numbers(DOCUMENT))
    assert bounds and all(type(b) is int for b in bounds), [b for b in bounds if type(b) is not int]
    assert MAX_ID in bounds
    admin_ids = DOCUMENT["components"]["schemas"]["CreateTenantIn"]["properties"]["admin_ids"]
    assert admin_ids["items"] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}


@pytest.mark.parametrize("r", BODY_ROUTES, ids=str)
async def test_every_body_is_closed_in_the_document_and_on_the_server(api: Api, r: Route) -> None:
    body = DOCUMENT["paths"][r.path]
    ref = body[r.method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    name = json.dumps(ref).split("#/components/schemas/")[1].split('"')[0]
    assert DOCUMENT["components"]["schemas"][name]["additionalProperties"] is False
    shop = await api.shop()
    before = await api.snapshot(shop.id)
    response = await api.call(r.method, r.url(shop), api.master, {**(r.body or {}), "zzz": 1})
    assert_problem(response, 422, "validation_error")
    assert error_fields(response) == ["zzz"]
    assert await api.snapshot(shop.id) == before
