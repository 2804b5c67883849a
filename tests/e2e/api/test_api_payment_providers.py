"""`/api/v1/tenants/{id}/payment-providers`: credentials are write-only and sealed; the
provider flags switch on only with credentials (docs/payments.md, "Online providers").

Cases considered: another tenant's token (404, nothing changes), an unknown provider,
unknown fields, a secret with NUL or past the length limit, reading back (never the
secret, not even in the database), replacing credentials, switching the flag on before
and after, and switching it off without credentials (always allowed); clearing
credentials (refused while the flag is on, another tenant's token 404 and nothing
cleared, audited without the secret).
"""

from __future__ import annotations

from sqlalchemy import text

from tests.e2e.api.helpers import Api, assert_problem, error_fields

SECRET = "live_SeCrEt-key-000111"


async def test_credentials_are_write_only_and_the_flag_needs_them(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}"
    listed = await api.call("GET", f"{base}/payment-providers", shop.auth)
    assert listed.json() == [
        {"provider": "yookassa", "configured": False, "test_mode": False},
        {"provider": "cryptopay", "configured": False, "test_mode": False},
    ]
    for provider in ("yookassa", "cryptopay"):
        refused = await api.call(
            "PUT", f"{base}/features/{provider}", api.master, {"enabled": True}
        )
        assert_problem(refused, 409, "payment_provider_not_configured")
        off = await api.call("PUT", f"{base}/features/{provider}", api.master, {"enabled": False})
        assert off.status_code == 200
    body = {"account_id": "123456", "secret": SECRET, "test_mode": True}
    put = await api.call("PUT", f"{base}/payment-providers/yookassa", shop.auth, body)
    assert put.status_code == 200, put.text
    assert put.json() == {"provider": "yookassa", "configured": True, "test_mode": True}
    assert SECRET not in put.text
    listed = await api.call("GET", f"{base}/payment-providers", api.master)
    assert listed.json()[0] == {"provider": "yookassa", "configured": True, "test_mode": True}
    assert SECRET not in listed.text and "123456" not in listed.text
    on = await api.call("PUT", f"{base}/features/yookassa", api.master, {"enabled": True})
    assert on.json()["enabled"] is True
    still = await api.call("PUT", f"{base}/features/cryptopay", api.master, {"enabled": True})
    assert_problem(still, 409, "payment_provider_not_configured")
    async with api.container.engine().connect() as conn:
        sealed = (
            await conn.execute(text("SELECT credentials_sealed FROM tenant_payment_providers"))
        ).scalar_one()
    assert SECRET.encode() not in sealed  # sealed at rest like bot tokens


async def test_another_tenant_cannot_set_or_see_credentials(api: Api) -> None:
    shop, other = await api.shop(), await api.shop()
    base = f"/api/v1/tenants/{shop.id}/payment-providers"
    body = {"secret": "token-of-other"}
    assert_problem(await api.call("PUT", f"{base}/cryptopay", other.auth, body), 404)
    assert_problem(await api.call("GET", base, other.auth), 404)
    listed = await api.call("GET", base, shop.auth)
    assert all(not p["configured"] for p in listed.json())


async def test_bad_credentials_are_refused_naming_the_field(api: Api) -> None:
    shop = await api.shop()
    base = f"/api/v1/tenants/{shop.id}/payment-providers"
    assert (await api.call("PUT", f"{base}/paypal", shop.auth, {"secret": "x"})).status_code in (
        400,
        404,
        422,
    )
    no_shop = await api.call("PUT", f"{base}/yookassa", shop.auth, {"secret": "s"})
    assert error_fields(no_shop) == ["account_id"]
    nul = await api.call("PUT", f"{base}/cryptopay", shop.auth, {"secret": "a\x00b"})
    assert error_fields(nul) == ["secret"]
    long = await api.call("PUT", f"{base}/cryptopay", shop.auth, {"secret": "s" * 600})
    assert long.status_code in (400, 422)
    extra = await api.call("PUT", f"{base}/cryptopay", shop.auth, {"secret": "s", "x": 1})
    assert extra.status_code in (400, 422)
    listed = await api.call("GET", base, shop.auth)
    assert all(not p["configured"] for p in listed.json())


async def test_credentials_clear_with_the_flag_off_only_and_never_by_another_tenant(
    api: Api,
) -> None:
    shop, other = await api.shop(), await api.shop()
    base = f"/api/v1/tenants/{shop.id}"
    body = {"secret": SECRET}
    assert (
        await api.call("PUT", f"{base}/payment-providers/cryptopay", shop.auth, body)
    ).is_success
    on = await api.call("PUT", f"{base}/features/cryptopay", api.master, {"enabled": True})
    assert on.json()["enabled"] is True
    refused = await api.call("DELETE", f"{base}/payment-providers/cryptopay", shop.auth)
    assert_problem(refused, 409, "payment_provider_in_use")
    await api.call("PUT", f"{base}/features/cryptopay", api.master, {"enabled": False})
    foreign = await api.call("DELETE", f"{base}/payment-providers/cryptopay", other.auth)
    assert_problem(foreign, 404)
    listed = await api.call("GET", f"{base}/payment-providers", shop.auth)
    assert listed.json()[1] == {"provider": "cryptopay", "configured": True, "test_mode": False}
    cleared = await api.call("DELETE", f"{base}/payment-providers/cryptopay", shop.auth)
    assert cleared.status_code == 204
    listed = await api.call("GET", f"{base}/payment-providers", shop.auth)
    assert listed.json()[1]["configured"] is False
    audit = await api.call("GET", f"/api/v1/audit?tenant_id={shop.id}", api.master)
    assert "payment_provider.clear" in audit.text and "payment_provider.set" in audit.text
    assert SECRET not in audit.text
