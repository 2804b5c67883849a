"""A tenant's users and subscriptions over HTTP (PRODUCT 3, 4, 7): search, pagination,
one user with their ledger, balance adjustments with their replay and their race."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from dependency_injector import providers

from src.application.shop.purchase_plan import PurchaseInput
from src.core.ids import PlanId, TenantId
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from tests.e2e.api.helpers import Api, Shop, assert_documented, assert_problem, error_fields

USERS = "/api/v1/tenants/{tenant_id}/users"
BALANCE = USERS + "/{user_id}/balance"
USER_FIELDS = {
    "id",
    "telegram_id",
    "username",
    "first_name",
    "language",
    "balance",
    "referral_code",
    "referred_by",
    "trial_used",
    "created_at",
}
REFERRAL_FIELDS = {"referrals_invited", "referrals_paid", "referral_earnings"}


def users_url(shop: Shop) -> str:
    return USERS.format(tenant_id=shop.id)


def balance_url(shop: Shop, user_id: int | None = None) -> str:
    return BALANCE.format(tenant_id=shop.id, user_id=user_id or shop.user_id)


def adjustment(amount: int, reason: str = "goodwill") -> dict[str, Any]:
    return {"amount": amount, "reason": reason}


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def ledger(api: Api, shop: Shop, user_id: int | None = None) -> list[dict[str, Any]]:
    response = await api.call("GET", f"{users_url(shop)}/{user_id or shop.user_id}", shop.auth)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["ledger"]
    return entries


async def test_search_by_name_part_or_exact_telegram_id(api: Api) -> None:
    shop, other = await api.shop(), await api.shop()
    alice = await api.customer(shop.id, "Alice_VPN", "Alice")
    bob = await api.customer(shop.id, "bobby", "Robert")
    reza = await api.customer(shop.id, None, "Ali Reza")
    await api.customer(other.id, "alice_elsewhere", "Alice")

    async def found(query: str) -> list[int]:
        response = await api.call("GET", users_url(shop), shop.auth, params={"query": query})
        assert response.status_code == 200, response.text
        assert_documented(USERS, "GET", response)
        body = response.json()
        assert body["total"] == len(body["items"])
        return [u["id"] for u in body["items"]]

    assert await found("ALI") == [alice, reza]  # username or first name, any case
    assert await found("@alice_vpn") == [alice]  # a leading @ is dropped
    assert await found("rob") == [bob]
    assert await found("%") == []  # LIKE wildcards are plain characters
    assert await found("  ") == [shop.user_id, alice, bob, reza]  # blank: everyone
    listed = (await api.call("GET", users_url(shop), api.master)).json()
    by_id = {u["id"]: u for u in listed["items"]}
    assert await found(str(by_id[bob]["telegram_id"])) == [bob]
    assert await found(str(by_id[bob]["telegram_id"])[:-1]) == []  # the id is matched exactly
    user = by_id[alice]
    assert set(user) == USER_FIELDS
    assert (user["username"], user["first_name"], user["balance"], user["trial_used"]) == (
        "Alice_VPN",
        "Alice",
        0,
        False,
    )
    assert user["language"] == "en" and user["referred_by"] is None


async def test_pagination_counts_every_match(api: Api) -> None:
    shop = await api.shop()
    ids = [shop.user_id] + [await api.customer(shop.id, f"user{i}") for i in range(4)]
    page = await api.call("GET", users_url(shop), shop.auth, params={"limit": 2, "offset": 1})
    assert page.json()["total"] == 5
    assert [u["id"] for u in page.json()["items"]] == ids[1:3]
    tail = await api.call("GET", users_url(shop), shop.auth, params={"limit": 2, "offset": 4})
    assert [u["id"] for u in tail.json()["items"]] == ids[4:]
    past = await api.call("GET", users_url(shop), shop.auth, params={"offset": 10})
    assert past.json() == {"items": [], "total": 5}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"query": "x" * 101}, "query"),
        ({"query": "a\x00b"}, "query"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "many"}, "limit"),
    ],
)
async def test_bad_list_parameters_name_the_field(
    api: Api, params: dict[str, Any], field: str
) -> None:
    shop = await api.shop()
    response = await api.call("GET", users_url(shop), shop.auth, params=params)
    assert_problem(response, 422, "validation_error")
    assert_documented(USERS, "GET", response)
    assert error_fields(response) == [field]


async def test_one_user_with_the_latest_ledger_rows_and_no_foreign_user(api: Api) -> None:
    shop, other = await api.shop(), await api.shop()
    for amount, reason in ((500_00, "welcome"), (-120_00, "manual correction")):
        done = await api.call("POST", balance_url(shop), shop.auth, adjustment(amount, reason))
        assert done.status_code == 200, done.text
    response = await api.call("GET", f"{users_url(shop)}/{shop.user_id}", api.master)
    assert_documented(USERS + "/{user_id}", "GET", response)
    user = response.json()
    assert set(user) == USER_FIELDS | {"ledger"} | REFERRAL_FIELDS
    assert user["balance"] == 380_00
    assert [
        (e["kind"], e["amount"], e["balance_after"], e["reference"]) for e in user["ledger"]
    ] == [
        ("adjustment", -120_00, 380_00, "manual correction"),
        ("adjustment", 500_00, 500_00, "welcome"),
    ]
    # another tenant's user under my tenant: simply not there
    for method, url, body in (
        ("GET", f"{users_url(shop)}/{other.user_id}", None),
        ("POST", balance_url(shop, other.user_id), adjustment(1)),
        ("GET", f"{users_url(shop)}/{10**12}", None),
    ):
        assert_problem(await api.call(method, url, shop.auth, body), 404, "user_not_found")
    assert await ledger(api, other) == []


async def test_credit_then_debit_and_overdraft_is_409_naming_the_balance(api: Api) -> None:
    shop = await api.shop()
    credit = await api.call("POST", balance_url(shop), shop.auth, adjustment(100_00, " refund "))
    assert_documented(BALANCE, "POST", credit)
    body = credit.json()
    assert body["user"]["id"] == shop.user_id and body["user"]["balance"] == 100_00
    assert set(body["user"]) == USER_FIELDS
    entry = body["entry"]
    assert set(entry) == {"id", "kind", "amount", "balance_after", "reference", "created_at"}
    assert (entry["kind"], entry["amount"], entry["balance_after"], entry["reference"]) == (
        "adjustment",
        100_00,
        100_00,
        "refund",
    )
    debit = await api.call("POST", balance_url(shop), api.master, adjustment(-40_00))
    assert debit.json()["user"]["balance"] == debit.json()["entry"]["balance_after"] == 60_00

    overdraft = await api.call("POST", balance_url(shop), shop.auth, adjustment(-60_01))
    problem = assert_problem(overdraft, 409, "insufficient_funds")
    assert_documented(BALANCE, "POST", overdraft)
    assert "6000" in problem["detail"]
    assert len(await ledger(api, shop)) == 2
    emptied = await api.call("POST", balance_url(shop), shop.auth, adjustment(-60_00))
    assert emptied.json()["user"]["balance"] == 0


async def test_the_same_idempotency_key_applies_once(api: Api) -> None:
    shop, other = await api.shop(), await api.shop()
    first = await api.call("POST", balance_url(shop), shop.auth, adjustment(70_00))
    assert first.status_code == 200  # without a key: its own adjustment
    once = await api.call(
        "POST", balance_url(shop), {**shop.auth, **key("retry-1")}, adjustment(25_00)
    )
    again = await api.call(
        "POST", balance_url(shop), {**api.master, **key("retry-1")}, adjustment(25_00)
    )
    assert once.status_code == again.status_code == 200
    assert again.json() == once.json()
    assert once.json()["user"]["balance"] == 95_00
    assert [e["amount"] for e in await ledger(api, shop)] == [25_00, 70_00]

    # the key names one adjustment: another amount, reason or user under it is refused
    second_user = await api.customer(shop.id)
    for url, body in (
        (balance_url(shop), adjustment(26_00)),
        (balance_url(shop), adjustment(25_00, "other reason")),
        (balance_url(shop, second_user), adjustment(25_00)),
    ):
        reused = await api.call("POST", url, {**shop.auth, **key("retry-1")}, body)
        assert_problem(reused, 409, "idempotency_key_reused")
    assert len(await ledger(api, shop)) == 2
    # keys are per tenant
    theirs = await api.call(
        "POST", balance_url(other), {**other.auth, **key("retry-1")}, adjustment(25_00)
    )
    assert theirs.json()["user"]["balance"] == 25_00


async def test_two_concurrent_debits_with_balance_for_one(api: Api) -> None:
    shop = await api.shop()
    await api.call("POST", balance_url(shop), shop.auth, adjustment(100_00))
    results = await asyncio.gather(
        *(api.call("POST", balance_url(shop), shop.auth, adjustment(-100_00)) for _ in range(2))
    )
    assert sorted(r.status_code for r in results) == [200, 409]
    refused = next(r for r in results if r.status_code == 409)
    assert_problem(refused, 409, "insufficient_funds")
    assert [e["balance_after"] for e in await ledger(api, shop)] == [0, 100_00]


async def test_two_concurrent_retries_with_one_key_apply_once(api: Api) -> None:
    shop = await api.shop()
    headers = {**shop.auth, **key("double-click")}
    results = await asyncio.gather(
        *(api.call("POST", balance_url(shop), headers, adjustment(10_00)) for _ in range(3))
    )
    assert [r.status_code for r in results] == [200, 200, 200]
    assert results[0].json() == results[1].json() == results[2].json()
    assert [e["amount"] for e in await ledger(api, shop)] == [10_00]


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        (adjustment(0), {}, "amount"),
        (adjustment(10**12 + 1), {}, "amount"),
        (adjustment(-(10**12) - 1), {}, "amount"),
        ({"amount": 1.5, "reason": "x"}, {}, "amount"),
        ({"reason": "x"}, {}, "amount"),
        (adjustment(100, ""), {}, "reason"),
        (adjustment(100, "   "), {}, "reason"),
        (adjustment(100, "x" * 201), {}, "reason"),
        (adjustment(100, "line\nbreak"), {}, "reason"),
        ({"amount": 100}, {}, "reason"),
        ({**adjustment(100), "kind": "top_up"}, {}, "kind"),
        (adjustment(100), key("k" * 194), "idempotency_key"),
        (adjustment(100), key("with space"), "idempotency_key"),
    ],
)
async def test_invalid_adjustment_names_the_field_and_writes_nothing(
    api: Api, body: dict[str, Any], headers: dict[str, str], field: str
) -> None:
    shop = await api.shop()
    response = await api.call("POST", balance_url(shop), {**shop.auth, **headers}, body)
    assert_problem(response, 422, "validation_error")
    assert_documented(BALANCE, "POST", response)
    assert error_fields(response) == [field]
    assert await ledger(api, shop) == []


@pytest.fixture
def panel(api: Api) -> Iterator[InMemoryVpnPanel]:
    """Provisioning on the in-memory panel for this test only."""
    twin = InMemoryVpnPanel(now=api.container.clock().now)
    with api.container.panel.override(providers.Object(twin)):
        yield twin


async def test_subscriptions_by_user_with_status(api: Api, panel: InMemoryVpnPanel) -> None:
    shop, other = await api.shop(), await api.shop()
    buyer = await api.customer(shop.id, "buyer")
    stranger = await api.customer(other.id, "stranger")
    url = f"/api/v1/tenants/{shop.id}/subscriptions"
    assert (await api.call("GET", url, shop.auth)).json() == {"items": [], "total": 0}

    tenant = await api.container.get_tenant()(TenantId(shop.id))
    for user_id in (shop.user_id, buyer):
        await api.call("POST", balance_url(shop, user_id), shop.auth, adjustment(150_00))
    users = {
        u["id"]: u for u in (await api.call("GET", users_url(shop), shop.auth)).json()["items"]
    }
    for user_id in (shop.user_id, buyer):
        await api.container.purchase_plan()(
            PurchaseInput(
                tenant, users[user_id]["telegram_id"], PlanId(shop.plan_id), f"k{user_id}"
            )
        )

    listed = await api.call("GET", url, shop.auth)
    assert_documented("/api/v1/tenants/{tenant_id}/subscriptions", "GET", listed)
    assert listed.json()["total"] == 2
    sub = listed.json()["items"][1]
    assert set(sub) == {
        "id",
        "user_id",
        "plan_id",
        "expires_at",
        "status",
        "provisioned",
        "traffic_limit_bytes",
        "device_limit",
        "is_trial",
        "subscription_url",
    }
    assert (sub["user_id"], sub["plan_id"], sub["status"], sub["is_trial"]) == (
        buyer,
        shop.plan_id,
        "active",
        False,
    )
    assert (sub["traffic_limit_bytes"], sub["device_limit"]) == (50 * 1024**3, 2)
    assert sub["provisioned"] and sub["subscription_url"]

    mine = await api.call("GET", url, shop.auth, params={"user_id": buyer})
    assert mine.json() == {"items": [sub], "total": 1}
    page = await api.call("GET", url, api.master, params={"limit": 1, "offset": 1})
    assert page.json() == {"items": [sub], "total": 2}
    foreign = await api.call("GET", url, shop.auth, params={"user_id": stranger})
    assert foreign.json() == {"items": [], "total": 0}
    bad = await api.call("GET", url, shop.auth, params={"user_id": 0})
    assert error_fields(bad) == ["user_id"]
    assert (await api.call("GET", users_url(shop), shop.auth)).json()["items"][0]["balance"] == 0
