"""Every tenant action made through the API writes its audit row in the action's
transaction, naming the credential (`api:master`, `api:tenant`), and the rows are
read back through `GET /api/v1/audit` with the same 404 rules as the other routes.

Cases: a refused action (the master tenant deactivated, 409; a flag not built, 409)
writes no row; an action that changes nothing (activate an active tenant) writes none;
a tenant token rotating its own token is `api:tenant`; the row of a deleted tenant
outlives it for the master and is never shown to another tenant.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.api.helpers import Api, bearer


async def actions(api: Api, tenant_id: int | None = None) -> list[tuple[str, str, str]]:
    query = f"?tenant_id={tenant_id}&limit=200" if tenant_id else "?limit=200"
    body: dict[str, Any] = (await api.call("GET", "/api/v1/audit" + query, api.master)).json()
    return [(e["actor"], e["action"], e["target"]) for e in reversed(body["items"])]


async def test_each_api_action_writes_one_audit_row(api: Api) -> None:
    created = await api.create_tenant("Audited")
    tid, token = created["tenant"]["id"], created["api_token"]
    base = f"/api/v1/tenants/{tid}"
    for method, url, body in [
        ("POST", f"{base}/deactivate", None),
        ("POST", f"{base}/activate", None),
        ("POST", f"{base}/activate", None),  # already active: nothing changes, no row
        ("PUT", f"{base}/features/trial_subscription", {"enabled": False}),
        ("POST", f"{base}/wallet/top-ups", {"amount": 500_00, "note": "bank"}),
        ("POST", f"{base}/api-token", None),
    ]:
        response = await api.call(method, url, api.master, body)
        assert response.status_code < 300, response.text
    not_built = f"{base}/features/yookassa"
    refused = await api.call("PUT", not_built, api.master, {"enabled": True})
    assert refused.status_code == 409
    rotated = await api.call("POST", f"{base}/api-token", bearer(token))
    assert rotated.status_code == 401  # the master's rotation revoked it
    new_token = (await api.call("POST", f"{base}/api-token", api.master)).json()["api_token"]
    assert (await api.call("POST", f"{base}/api-token", bearer(new_token))).status_code == 201
    target = f"tenant:{tid}"
    assert await actions(api, tid) == [
        ("api:master", "tenant.create", target),
        ("api:master", "tenant.deactivate", target),
        ("api:master", "tenant.activate", target),
        ("api:master", "feature.set", "feature:trial_subscription"),
        ("api:master", "wallet.top_up", f"wallet:{tid}"),
        ("api:master", "tenant.rotate_token", target),
        ("api:master", "tenant.rotate_token", target),
        ("api:tenant", "tenant.rotate_token", target),
    ]
    assert (await api.call("DELETE", base, api.master)).status_code == 204
    assert (await actions(api))[-1] == ("api:master", "tenant.delete", target)


async def test_a_refused_change_writes_no_row(api: Api) -> None:
    other = await api.create_tenant("Other")
    oid = other["tenant"]["id"]
    bad = await api.call("POST", f"/api/v1/tenants/{oid}/wallet/top-ups", api.master, {"amount": 0})
    assert bad.status_code == 422
    assert await actions(api, oid) == [("api:master", "tenant.create", f"tenant:{oid}")]
    master = await api.master_tenant()
    refused = await api.call("POST", f"/api/v1/tenants/{master.id}/deactivate", api.master)
    assert refused.status_code == 409
    assert await actions(api, master.id) == []


async def test_a_tenant_token_never_reads_another_tenants_rows(api: Api) -> None:
    a, b = await api.create_tenant("A"), await api.create_tenant("B")
    a_token, b_id = a["api_token"], b["tenant"]["id"]
    other = await api.call("GET", f"/api/v1/audit?tenant_id={b_id}", bearer(a_token))
    assert other.status_code == 404
    own = (await api.call("GET", "/api/v1/audit", bearer(a_token))).json()
    assert {e["target"] for e in own["items"]} == {f"tenant:{a['tenant']['id']}"}
