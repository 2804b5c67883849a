"""Receipt review through the API (PRODUCT 5.1, API.md `card-payments`): the same
exactly-once decision as the admin chat's buttons, recorded as `api:master` or
`api:tenant`; another tenant's payment is 404."""

from __future__ import annotations

import asyncio

from tests.e2e.api.helpers import Api, Shop, assert_documented, assert_problem, error_fields

PATH = "/api/v1/tenants/{tenant_id}/card-payments"


def url(shop: Shop, suffix: str = "") -> str:
    return PATH.format(tenant_id=shop.id) + suffix


async def balance(api: Api, shop: Shop) -> int:
    user = await api.call("GET", f"/api/v1/tenants/{shop.id}/users/{shop.user_id}", api.master)
    amount: int = user.json()["balance"]
    return amount


async def test_list_approve_once_and_the_decision_is_final(api: Api) -> None:
    shop = await api.shop()
    listed = await api.call("GET", url(shop) + "?status=pending", shop.auth)
    assert_documented(PATH, "GET", listed)
    [item] = listed.json()["items"]
    assert (item["id"], item["status"], item["amount"], item["user_id"]) == (
        shop.payment_id,
        "pending",
        500_00,
        shop.user_id,
    )
    assert item["tracking_number"].startswith("C2C") and item["receipt_kind"] == "text"

    approved = await api.call("POST", url(shop, f"/{shop.payment_id}/approve"), shop.auth)
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["balance"] == 500_00 == await balance(api, shop)
    assert (body["payment"]["status"], body["payment"]["decided_by"]) == ("approved", "api:tenant")

    for action in ("approve", "reject"):  # replay and a late change of mind
        again = await api.call("POST", url(shop, f"/{shop.payment_id}/{action}"), api.master, {})
        assert_problem(again, 409, "card_payment_already_decided")
    assert await balance(api, shop) == 500_00
    assert (await api.call("GET", url(shop) + "?status=pending", api.master)).json()["total"] == 0
    done = (await api.call("GET", url(shop) + "?status=approved", api.master)).json()
    assert [p["id"] for p in done["items"]] == [shop.payment_id]


async def test_reject_with_and_without_a_note_credits_nothing(api: Api) -> None:
    shop = await api.shop()
    noted = await api.call(
        "POST", url(shop, f"/{shop.payment_id}/reject"), api.master, {"note": "wrong amount"}
    )
    assert noted.status_code == 200, noted.text
    payment = noted.json()["payment"]
    assert (payment["status"], payment["note"], payment["decided_by"]) == (
        "rejected",
        "wrong amount",
        "api:master",
    )
    assert noted.json()["balance"] is None
    second = await api.pending_card_payment(shop.id, shop.user_id, shop.card_id)
    bare = await api.call("POST", url(shop, f"/{second}/reject"), shop.auth)  # no body at all
    assert bare.status_code == 200 and bare.json()["payment"]["note"] is None
    assert await balance(api, shop) == 0
    cards = await api.call("GET", f"/api/v1/tenants/{shop.id}/cards/{shop.card_id}", api.master)
    assert cards.json()["failure_count"] == 2


async def test_two_simultaneous_approvals_credit_once(api: Api) -> None:
    shop = await api.shop()
    target = url(shop, f"/{shop.payment_id}/approve")
    answers = await asyncio.gather(
        api.call("POST", target, shop.auth), api.call("POST", target, api.master)
    )
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert await balance(api, shop) == 500_00


async def test_another_tenants_payment_is_not_found(api: Api) -> None:
    mine, theirs = await api.shop("Mine"), await api.shop("Theirs")
    # a tenant token naming its own tenant but the other tenant's payment id
    response = await api.call("POST", url(mine, f"/{theirs.payment_id}/approve"), mine.auth)
    assert_problem(response, 404, "card_payment_not_found")
    response = await api.call("POST", url(mine, f"/{theirs.payment_id}/reject"), api.master, {})
    assert_problem(response, 404, "card_payment_not_found")
    pending = (await api.call("GET", url(theirs) + "?status=pending", api.master)).json()
    assert [p["id"] for p in pending["items"]] == [theirs.payment_id]
    assert await balance(api, theirs) == 0


async def test_bad_filters_and_notes_name_the_field(api: Api) -> None:
    shop = await api.shop()
    for query, field in (("?status=paid", "status"), ("?limit=0", "limit")):
        response = await api.call("GET", url(shop) + query, api.master)
        assert_problem(response, 422, "validation_error")
        assert error_fields(response) == [field]
    long_note = {"note": "x" * 501}
    response = await api.call(
        "POST", url(shop, f"/{shop.payment_id}/reject"), api.master, long_note
    )
    assert_problem(response, 422, "validation_error")
    assert error_fields(response) == ["note"]
