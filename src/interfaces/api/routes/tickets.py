"""`/api/v1/tenants/{tenant_id}/tickets`: a tenant's support tickets (docs/support.md)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import Parameter, QueryParameter

from src.application.support.tickets import ListTickets
from src.core.ids import TenantId
from src.core.support.ticket import TicketStatus
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id
from src.interfaces.api.schemas.tickets import TicketPageOut

Limit = Annotated[int, Parameter(ge=1, le=200)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]
StatusFilter = Annotated[
    TicketStatus | None, QueryParameter(description="only tickets in this status")
]


class TicketsController(Controller):
    path = "/tenants/{tenant_id:int}/tickets"
    tags = ("support tickets",)

    @get("/", **doc(404))
    async def list_tickets(
        self,
        tenant_id: Id,
        list_tickets: NamedDependency[ListTickets],
        status: StatusFilter = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> TicketPageOut:
        """The tenant's tickets, oldest first; `status` (open, answered, closed) filters."""
        page = await list_tickets(TenantId(tenant_id), status, limit=limit, offset=offset)
        return TicketPageOut.of(page)
