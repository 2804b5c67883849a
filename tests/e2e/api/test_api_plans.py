"""Plans over HTTP (PRODUCT 3.3)."""

from __future__ import annotations

import pytest

from tests.e2e.api.helpers import Api, assert_problem, error_fields, plan_body


async def test_plan_crud_and_order(api: Api) -> None:
    shop = await api.shop()  # has "Month" (sort_order 0)
    base = f"/api/v1/tenants/{shop.id}/plans"
    year = await api.call(
        "POST", base, shop.auth, plan_body("Year", period_days=365, sort_order=-1)
    )
    assert year.status_code == 201
    plan = year.json()
    assert {k: plan[k] for k in ("name", "period_days", "price", "traffic_gb", "device_limit")} == {
        "name": "Year",
        "period_days": 365,
        "price": 150_00,
        "traffic_gb": 50,
        "device_limit": 2,
    }
    assert plan["active"] is True
    listed = (await api.call("GET", base, api.master)).json()["items"]
    assert [p["name"] for p in listed] == ["Year", "Month"]
    patched = await api.call(
        "PATCH", f"{base}/{plan['id']}", shop.auth, {"price": 0, "active": False, "traffic_gb": 0}
    )
    assert (patched.json()["price"], patched.json()["active"], patched.json()["traffic_gb"]) == (
        0,
        False,
        0,
    )
    assert (await api.call("GET", f"{base}/{plan['id']}", shop.auth)).json() == patched.json()
    assert (await api.call("DELETE", f"{base}/{plan['id']}", shop.auth)).status_code == 204
    assert_problem(await api.call("GET", f"{base}/{plan['id']}", shop.auth), 404, "plan_not_found")
    assert_problem(
        await api.call("DELETE", f"{base}/{plan['id']}", shop.auth), 404, "plan_not_found"
    )


async def test_duplicate_name_is_409_per_tenant_only(api: Api) -> None:
    one, two = await api.shop(), await api.shop()
    dup = await api.call("POST", f"/api/v1/tenants/{one.id}/plans", one.auth, plan_body("Month"))
    assert_problem(dup, 409, "duplicate_plan_name")
    other = await api.call("POST", f"/api/v1/tenants/{two.id}/plans", two.auth, plan_body("Year"))
    rename = await api.call(
        "PATCH", f"/api/v1/tenants/{two.id}/plans/{other.json()['id']}", two.auth, {"name": "Month"}
    )
    assert_problem(rename, 409, "duplicate_plan_name")


async def test_another_tenants_plan_id_under_my_tenant_is_404(api: Api) -> None:
    mine, theirs = await api.shop(), await api.shop()
    url = f"/api/v1/tenants/{mine.id}/plans/{theirs.plan_id}"
    for method, body in (("GET", None), ("PATCH", {"price": 1}), ("DELETE", None)):
        assert_problem(await api.call(method, url, mine.auth, body), 404, "plan_not_found")
    theirs_plan = await api.call(
        "GET", f"/api/v1/tenants/{theirs.id}/plans/{theirs.plan_id}", api.master
    )
    assert theirs_plan.json()["price"] == 150_00


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 65}, "name"),
        ({"name": "  "}, "name"),
        ({"period_days": 0}, "period_days"),
        ({"period_days": 3651}, "period_days"),
        ({"price": -1}, "price"),
        ({"price": 1.5}, "price"),
        ({"traffic_gb": -1}, "traffic_gb"),
        ({"device_limit": -1}, "device_limit"),
        ({"sort_order": 10**7}, "sort_order"),
        ({"active": "yes"}, "active"),
    ],
)
async def test_plan_validation_names_the_field(
    api: Api, change: dict[str, object], field: str
) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/plans"
    created = await api.call("POST", base, shop.auth, {**plan_body("New"), **change})
    assert_problem(created, 422)
    assert error_fields(created) == [field]
    patched = await api.call("PATCH", f"{base}/{shop.plan_id}", shop.auth, change)
    assert error_fields(patched) == [field]
    assert len((await api.call("GET", base, shop.auth)).json()["items"]) == 1
