"""The wallet routes over HTTP: who may do what, top-up replays and races, settings."""

from __future__ import annotations

import asyncio

from src.core.ids import TenantId
from tests.e2e.api.helpers import Api, assert_documented, assert_problem, error_fields

W = "/api/v1/tenants/{}/wallet"


async def test_a_tenant_token_reads_its_wallet_and_ledger_but_cannot_change_them(
    api: Api,
) -> None:
    shop = await api.shop()
    base = W.format(shop.id)
    topped = await api.call("POST", f"{base}/top-ups", api.master, {"amount": 1_500_00})
    assert topped.status_code == 201, topped.text

    wallet = await api.call("GET", base, shop.auth)
    assert wallet.status_code == 200
    assert_documented("/api/v1/tenants/{tenant_id}/wallet", "GET", wallet)
    body = wallet.json()
    assert {k: body[k] for k in ("balance", "currency", "billing_model", "rate_per_gb")} == {
        "balance": 1_500_00,
        "currency": "RUB",
        "billing_model": "sale",
        "rate_per_gb": 0,
    }
    assert (body["credit_limit"], body["status"], body["tenant_id"]) == (0, "active", shop.id)
    ledger = await api.call("GET", f"{base}/ledger", shop.auth)
    assert ledger.status_code == 200
    [entry] = ledger.json()["items"]
    assert (entry["kind"], entry["amount"], entry["balance_after"]) == (
        "top_up",
        1_500_00,
        1_500_00,
    )

    before = await api.call("GET", base, api.master)
    denied = await api.call("POST", f"{base}/top-ups", shop.auth, {"amount": 1})
    assert_problem(denied, 403, "forbidden")
    denied = await api.call("PUT", f"{base}/settings", shop.auth, {"credit_limit": 10**9})
    assert_problem(denied, 403, "forbidden")
    assert (await api.call("GET", base, api.master)).json() == before.json()

    other = await api.shop("Other")
    hidden = await api.call("GET", W.format(other.id) + "/ledger", shop.auth)
    assert_problem(hidden, 404, "tenant_not_found")


async def test_a_top_up_retried_with_its_idempotency_key_credits_once(api: Api) -> None:
    shop = await api.shop()
    url = W.format(shop.id) + "/top-ups"
    headers = {**api.master, "Idempotency-Key": "transfer-2026-001"}
    first = await api.call("POST", url, headers, {"amount": 700_00, "note": "transfer 001"})
    again = await api.call("POST", url, headers, {"amount": 700_00, "note": "transfer 001"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert (first.json()["replayed"], again.json()["replayed"]) == (False, True)
    assert again.json()["entry"] == first.json()["entry"]
    assert again.json()["wallet"]["balance"] == 700_00
    clash = await api.call("POST", url, headers, {"amount": 1})
    assert_problem(clash, 409, "idempotency_key_reused")
    assert_documented("/api/v1/tenants/{tenant_id}/wallet/top-ups", "POST", clash)
    bad = await api.call("POST", url, {**api.master, "Idempotency-Key": "a b"}, {"amount": 1})
    assert_problem(bad, 422, "validation_error")


async def test_concurrent_top_ups_all_apply_and_a_raced_key_applies_once(api: Api) -> None:
    shop = await api.shop()
    url = W.format(shop.id) + "/top-ups"
    distinct = await asyncio.gather(
        *(api.call("POST", url, api.master, {"amount": 100}) for _ in range(5))
    )
    assert [r.status_code for r in distinct] == [201] * 5
    same = {**api.master, "Idempotency-Key": "once"}
    raced = await asyncio.gather(
        *(api.call("POST", url, same, {"amount": 1_000}) for _ in range(5))
    )
    assert [r.status_code for r in raced] == [201] * 5
    assert sum(not r.json()["replayed"] for r in raced) == 1
    wallet = await api.call("GET", W.format(shop.id), api.master)
    assert wallet.json()["balance"] == 1_500
    ledger = await api.call("GET", W.format(shop.id) + "/ledger?limit=2&offset=0", api.master)
    assert ledger.json()["total"] == 6 and len(ledger.json()["items"]) == 2


async def test_settings_change_what_is_sent_and_invalid_ones_name_the_field(api: Api) -> None:
    shop = await api.shop()
    url = W.format(shop.id) + "/settings"
    changed = await api.call(
        "PUT",
        url,
        api.master,
        {"billing_model": "hybrid", "rate_per_gb": 250_00, "hybrid_prepay_percent": 30},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["billing_model"], body["rate_per_gb"], body["hybrid_prepay_percent"]) == (
        "hybrid",
        250_00,
        30,
    )
    assert (body["model_is_default"], body["rate_is_default"]) == (False, False)
    assert body["unlimited_wholesale_price"] is None
    reset = await api.call("PUT", url, api.master, {"rate_per_gb": None})
    assert (reset.json()["rate_per_gb"], reset.json()["rate_is_default"]) == (0, True)
    assert reset.json()["billing_model"] == "hybrid"

    for bad, field in (
        ({"hybrid_prepay_percent": 101}, "hybrid_prepay_percent"),
        ({"billing_model": "free"}, "billing_model"),
        ({"credit_limit": -1}, "credit_limit"),
    ):
        response = await api.call("PUT", url, api.master, bad)
        assert_problem(response, 422, "validation_error")
        assert error_fields(response) == [field]


async def test_a_top_up_through_the_api_resumes_a_suspended_tenant(api: Api) -> None:
    shop = await api.shop()
    async with api.container.uow().platform() as uow:  # suspended by a traffic charge
        tenant = await uow.tenants.get(TenantId(shop.id))
        assert tenant is not None
        await uow.tenants.save(tenant.suspend(tenant.updated_at))
        await uow.commit()
    await api.call("PUT", W.format(shop.id) + "/settings", api.master, {"suspend_threshold": 100})
    assert (await api.call("GET", W.format(shop.id), shop.auth)).json()["status"] == "suspended"
    topped = await api.call("POST", W.format(shop.id) + "/top-ups", api.master, {"amount": 100})
    assert topped.json()["wallet"]["status"] == "active"
    tenant_view = await api.call("GET", f"/api/v1/tenants/{shop.id}", api.master)
    assert tenant_view.json()["status"] == "active"
