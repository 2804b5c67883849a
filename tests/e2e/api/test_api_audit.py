"""GET /api/v1/audit: the master reads every row; a tenant token only its own tenant's.

Cases: a tenant token asking for another tenant's rows (404 like a missing tenant, no
oracle); platform-wide rows (no tenant) never reach a tenant token; paging; ids past
int64 in the filter (422, not 500)."""

from __future__ import annotations

from src.core.audit import API_MASTER, AuditRecord
from src.core.ids import TenantId
from tests.e2e.api.helpers import Api


async def record(api: Api, tenant_id: int | None, action: str) -> None:
    tenant = TenantId(tenant_id) if tenant_id is not None else None
    await api.container.record_audit()(AuditRecord(tenant, API_MASTER, action, "test:1"))


async def test_master_reads_all_rows_newest_first_and_can_filter(api: Api) -> None:
    a, b = await api.shop("A"), await api.shop("B")
    await record(api, a.id, "a.one")
    await record(api, b.id, "b.one")
    await record(api, None, "platform.broadcast")
    everything = (await api.call("GET", "/api/v1/audit", api.master)).json()
    assert [e["action"] for e in everything["items"]][:3] == [
        "platform.broadcast",
        "b.one",
        "a.one",
    ]
    only_a = (await api.call("GET", f"/api/v1/audit?tenant_id={a.id}", api.master)).json()
    assert [e["action"] for e in only_a["items"]] == ["a.one", "tenant.create"]  # the API's
    assert only_a["total"] == 2
    page = (await api.call("GET", "/api/v1/audit?limit=1&offset=1", api.master)).json()
    assert [e["action"] for e in page["items"]] == ["b.one"]


async def test_a_tenant_token_reads_only_its_own_rows(api: Api) -> None:
    a, b = await api.shop("A"), await api.shop("B")
    await record(api, a.id, "a.one")
    await record(api, b.id, "b.one")
    await record(api, None, "platform.broadcast")
    own = (await api.call("GET", "/api/v1/audit", a.auth)).json()
    assert [e["action"] for e in own["items"]] == ["a.one", "tenant.create"]
    assert all(e["tenant_id"] == a.id for e in own["items"])
    other = await api.call("GET", f"/api/v1/audit?tenant_id={b.id}", a.auth)
    missing = await api.call("GET", "/api/v1/audit?tenant_id=999999999", a.auth)
    assert other.status_code == missing.status_code == 404
    assert other.json()["code"] == missing.json()["code"] == "tenant_not_found"


async def test_an_id_past_int64_is_refused(api: Api) -> None:
    response = await api.call("GET", f"/api/v1/audit?tenant_id={2**70}", api.master)
    assert response.status_code == 422
