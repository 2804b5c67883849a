"""Support tickets over HTTP (issue #14 item 3): `GET /api/v1/tenants/{id}/tickets`.

Cases considered: paging and the total; the status filter (open, answered, closed) and
an unknown status (422); another tenant's token on my path (404, no existence oracle)
and my tickets never in its own list; limit out of range (422). 401/403/404 for every
route: routes.py.
"""

from __future__ import annotations

from src.core.ids import ShopUserId, TenantId
from src.core.support.ticket import TicketStatus
from tests.e2e.api.helpers import Api


async def seed_tickets(
    api: Api, tenant_id: int, user_id: int, statuses: list[TicketStatus]
) -> None:
    now = api.container.clock().now()
    async with api.container.uow().for_tenant(TenantId(tenant_id)) as uow:
        for status in statuses:
            ticket, _ = await uow.tickets.add(ShopUserId(user_id), 42, None, now)
            if status is not TicketStatus.OPEN:
                await uow.tickets.set_status(ticket.id, status, now)
        await uow.commit()


async def test_list_tickets_with_paging_and_status(api: Api) -> None:
    shop = await api.shop()
    other = await api.shop()
    await seed_tickets(
        api, shop.id, shop.user_id, [TicketStatus.OPEN, TicketStatus.ANSWERED, TicketStatus.CLOSED]
    )
    base = f"/api/v1/tenants/{shop.id}/tickets"
    page = (await api.call("GET", f"{base}?limit=2", shop.auth)).json()
    assert page["total"] == 3 and [t["status"] for t in page["items"]] == ["open", "answered"]
    rest = (await api.call("GET", f"{base}?limit=2&offset=2", api.master)).json()
    assert [t["status"] for t in rest["items"]] == ["closed"]
    answered = (await api.call("GET", f"{base}?status=answered", shop.auth)).json()
    assert answered["total"] == 1 and answered["items"][0]["user_id"] == shop.user_id
    assert answered["items"][0]["admin_chat_id"] is None
    assert (await api.call("GET", f"{base}?status=lost", shop.auth)).status_code == 422
    assert (await api.call("GET", f"{base}?limit=0", shop.auth)).status_code == 422
    assert (await api.call("GET", base, other.auth)).status_code == 404
    theirs = (await api.call("GET", f"/api/v1/tenants/{other.id}/tickets", other.auth)).json()
    assert theirs == {"items": [], "total": 0}
