"""Promo codes over HTTP (issue #14 item 2): list/create/get/patch/delete.

Cases considered: a code differing only in case (409), another tenant's token on
my code (403 on my tenant's path; its own path: 404 for my id), a naive datetime
(422), a discount over 100 % (422 naming `value`), valid_from after valid_until
(422), max_uses below the uses so far (422), an id past int64 (404/422 by the route
table), the user resource's referral fields.
"""

from __future__ import annotations

from tests.e2e.api.helpers import Api, assert_problem, error_fields


async def test_promo_code_crud(api: Api) -> None:
    shop = await api.shop()  # has WELCOME (days, 3)
    base = f"/api/v1/tenants/{shop.id}/promo-codes"
    body = {"code": "Spring_25", "kind": "discount", "value": 25, "max_uses": 10}
    created = await api.call("POST", base, shop.auth, body)
    assert created.status_code == 201, created.text
    promo = created.json()
    assert (promo["code"], promo["kind"], promo["value"], promo["uses"]) == (
        "SPRING_25",
        "discount",
        25,
        0,
    )
    taken = await api.call("POST", base, shop.auth, {**body, "code": "spring_25"})
    assert_problem(taken, 409, "promo_code_taken")
    page = (await api.call("GET", base, api.master)).json()
    assert [p["code"] for p in page["items"]] == ["WELCOME", "SPRING_25"] and page["total"] == 2
    patched = await api.call("PATCH", f"{base}/{promo['id']}", shop.auth, {"active": False})
    assert patched.json()["active"] is False and patched.json()["code"] == "SPRING_25"
    assert (await api.call("GET", f"{base}/{promo['id']}", shop.auth)).json() == patched.json()
    assert (await api.call("DELETE", f"{base}/{promo['id']}", shop.auth)).status_code == 204
    gone = await api.call("GET", f"{base}/{promo['id']}", shop.auth)
    assert_problem(gone, 404, "promo_code_not_found")


async def test_invalid_promo_codes_are_refused(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/promo-codes"
    over = await api.call(
        "POST", base, shop.auth, {"code": "BIG", "kind": "discount", "value": 101}
    )
    assert_problem(over, 422)
    assert "value" in error_fields(over)
    naive = {"code": "NAIVE", "kind": "balance", "value": 1, "valid_until": "2030-01-01T00:00:00"}
    assert_problem(await api.call("POST", base, shop.auth, naive), 422)
    backwards = {
        "code": "BACK",
        "kind": "balance",
        "value": 1,
        "valid_from": "2030-01-02T00:00:00Z",
        "valid_until": "2030-01-01T00:00:00Z",
    }
    assert_problem(await api.call("POST", base, shop.auth, backwards), 422)
    spaced = {"code": "a b c", "kind": "balance", "value": 1}
    assert_problem(await api.call("POST", base, shop.auth, spaced), 422)


async def test_another_tenants_code_is_not_found(api: Api) -> None:
    mine, theirs = await api.shop(), await api.shop()
    url = f"/api/v1/tenants/{theirs.id}/promo-codes/{mine.promo_id}"
    for method, body in (("GET", None), ("PATCH", {"value": 9}), ("DELETE", None)):
        assert_problem(await api.call(method, url, theirs.auth, body), 404)
    own = await api.call("GET", f"/api/v1/tenants/{mine.id}/promo-codes/{mine.promo_id}", mine.auth)
    assert own.json()["value"] == 3  # untouched


async def test_the_user_resource_shows_referral_fields(api: Api) -> None:
    shop = await api.shop()
    user = (
        await api.call("GET", f"/api/v1/tenants/{shop.id}/users/{shop.user_id}", shop.auth)
    ).json()
    assert len(user["referral_code"]) == 8 and user["referred_by"] is None
    assert (user["referrals_invited"], user["referrals_paid"], user["referral_earnings"]) == (
        0,
        0,
        0,
    )
