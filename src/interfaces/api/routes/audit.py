"""`/api/v1/audit`: the audit trail. The master reads every row (or one tenant's with
`tenant_id`); a tenant token reads its own tenant's rows only."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from src.application.audit.audit_trail import ListAudit
from src.core.errors import TenantNotFound
from src.core.ids import MAX_ID, TenantId
from src.interfaces.api.auth import Caller
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.audit import AuditPageOut

Limit = Annotated[int, Parameter(ge=1, le=ListAudit.MAX_LIMIT)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]
TenantFilter = Annotated[int | None, Parameter(ge=1, le=MAX_ID)]


class AuditController(Controller):
    path = "/audit"
    tags = ("audit",)

    @get("/", **doc(404))
    async def list_audit(
        self,
        caller: NamedDependency[Caller],
        list_audit: NamedDependency[ListAudit],
        tenant_id: TenantFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AuditPageOut:
        """Newest first. A tenant token: its own tenant's rows (another `tenant_id`
        answers 404, as for a tenant that does not exist)."""
        if not caller.is_master:
            if tenant_id is not None and tenant_id != caller.tenant_id:
                raise TenantNotFound(f"tenant {tenant_id} not found")
            tenant_id = caller.tenant_id
        scope = TenantId(tenant_id) if tenant_id is not None else None
        return AuditPageOut.of(await list_audit(scope, limit=limit, offset=offset))
