"""Every error is problem+json with a stable code; a 5xx never carries internals."""

from __future__ import annotations

import logging
from typing import NoReturn

import pytest
from dependency_injector import providers

from tests.e2e.api.helpers import Api, assert_problem, error_fields

SECRET = "postgresql://fleet:hunter2@db.internal/fleet"


async def test_unknown_route_and_wrong_method(api: Api) -> None:
    assert_problem(await api.call("GET", "/api/v1/nothing-here", api.master), 404, "not_found")
    wrong = await api.call("PUT", "/api/v1/tenants", api.master)
    assert_problem(wrong, 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("content", "field"),
    [(b"{not json", "body"), (b'{"name": "\xff"}', "body"), (b"[1, 2]", "body")],
)
async def test_a_body_that_is_not_the_object_is_422(api: Api, content: bytes, field: str) -> None:
    headers = {**api.master, "Content-Type": "application/json"}
    response = await api.call("POST", "/api/v1/tenants", headers, content=content)
    assert_problem(response, 422, "validation_error")
    assert error_fields(response) == [field]


async def test_wrong_type_and_nested_field_are_named(api: Api) -> None:
    shop = await api.shop()
    response = await api.call(
        "PATCH", f"/api/v1/tenants/{shop.id}", api.master, {"admin_ids": [1, "x"]}
    )
    assert error_fields(response) == ["admin_ids[1]"]
    response = await api.call("GET", "/api/v1/tenants?offset=-1", api.master)
    assert error_fields(response) == ["offset"]


async def test_unexpected_error_is_a_generic_500_logged_with_the_tenant(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    shop = await api.shop()

    async def broken(tenant_id: int) -> NoReturn:
        raise RuntimeError(f"cannot reach {SECRET}")

    api.container.get_features.override(providers.Object(broken))
    try:
        with caplog.at_level(logging.ERROR, logger="src.interfaces.api.problems"):
            response = await api.call("GET", f"/api/v1/tenants/{shop.id}/features", shop.auth)
    finally:
        api.container.get_features.reset_override()
    body = assert_problem(response, 500, "internal_error")
    assert SECRET not in response.text and "RuntimeError" not in response.text
    assert "Traceback" not in body["detail"]
    [record] = [r for r in caplog.records if r.getMessage() == "unhandled error in API request"]
    assert record.tenant_id == shop.id  # type: ignore[attr-defined]
    assert record.exc_info is not None


async def test_health_ready_and_the_documentation(api: Api) -> None:
    assert (await api.call("GET", "/health")).json() == {"status": "ok"}
    ready = {"status": "ready", "panel": "not configured"}
    assert (await api.call("GET", "/ready")).json() == ready
    document = await api.call("GET", "/schema/openapi.json")
    assert document.status_code == 200
    doc = document.json()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    page = await api.call("GET", "/schema")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
