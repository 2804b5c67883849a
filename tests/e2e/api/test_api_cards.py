"""Payment cards over HTTP (PRODUCT 5.1): Luhn-checked, unique per tenant, masked."""

from __future__ import annotations

import pytest

from tests.e2e.api.helpers import CARD_NUMBERS, Api, assert_problem, card_body, error_fields


async def test_card_crud_shows_the_number_to_its_tenant_and_the_master(api: Api) -> None:
    shop = await api.shop()  # has CARD_NUMBERS[0]
    base = f"/api/v1/tenants/{shop.id}/cards"
    added = await api.call("POST", base, shop.auth, card_body("5500 0000-0000 0004", weight=7))
    assert added.status_code == 201
    card = added.json()
    assert (card["card_number"], card["masked"]) == ("5500000000000004", "5500 **** **** 0004")
    assert (card["weight"], card["active"], card["success_count"], card["failure_count"]) == (
        7,
        True,
        0,
        0,
    )
    assert card["last_used_at"] is None
    for auth in (shop.auth, api.master):
        listed = (await api.call("GET", base, auth)).json()["items"]
        assert [c["card_number"] for c in listed] == [CARD_NUMBERS[0], "5500000000000004"]
    patched = await api.call(
        "PATCH", f"{base}/{card['id']}", shop.auth, {"holder_name": "Sara", "active": False}
    )
    assert (patched.json()["holder_name"], patched.json()["active"]) == ("Sara", False)
    assert (await api.call("GET", f"{base}/{card['id']}", api.master)).json() == patched.json()
    assert (await api.call("DELETE", f"{base}/{card['id']}", shop.auth)).status_code == 204
    assert_problem(
        await api.call("GET", f"{base}/{card['id']}", shop.auth), 404, "payment_card_not_found"
    )


async def test_duplicate_number_is_409_per_tenant_only(api: Api) -> None:
    one, two = await api.shop(), await api.shop()  # both hold CARD_NUMBERS[0]
    dup = await api.call(
        "POST", f"/api/v1/tenants/{one.id}/cards", one.auth, card_body("6037-9975-1234-5670")
    )
    body = assert_problem(dup, 409, "duplicate_payment_card")
    assert "5670" not in dup.text and body["detail"]
    assert two.card_id != one.card_id


async def test_number_cannot_be_patched(api: Api) -> None:
    shop = await api.shop()
    response = await api.call(
        "PATCH",
        f"/api/v1/tenants/{shop.id}/cards/{shop.card_id}",
        shop.auth,
        {"card_number": CARD_NUMBERS[1]},
    )
    assert error_fields(response) == ["card_number"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"card_number": "6037997512345671"}, "card_number"),  # Luhn
        ({"card_number": "603799751234567"}, "card_number"),  # 15 digits
        ({"card_number": "6037 9975 1234 567x"}, "card_number"),
        ({"holder_name": ""}, "holder_name"),
        ({"holder_name": "a" * 101}, "holder_name"),
        ({"weight": 0}, "weight"),
        ({"weight": 101}, "weight"),
    ],
)
async def test_card_validation_names_the_field(
    api: Api, change: dict[str, object], field: str
) -> None:
    shop = await api.shop()
    response = await api.call(
        "POST",
        f"/api/v1/tenants/{shop.id}/cards",
        shop.auth,
        {**card_body(CARD_NUMBERS[2]), **change},
    )
    assert_problem(response, 422)
    assert error_fields(response) == [field]
    listed = (await api.call("GET", f"/api/v1/tenants/{shop.id}/cards", shop.auth)).json()["items"]
    assert len(listed) == 1
