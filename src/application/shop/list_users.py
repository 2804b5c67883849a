from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.shop.user import ShopUser
from src.core.text import check_line

QUERY_MAX = 100
MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class UserPage:
    items: Sequence[ShopUser]
    total: int  # every match, not only this page


class ListUsers:
    """A tenant's users, searched and paginated (the management API's view).

    Rules: the query matches the username or the first name (case-insensitive
    substring) or, when it is a number, the Telegram id exactly; a leading `@` is
    dropped and a blank query lists everyone; the query is one line of at most
    100 characters (field `query`); ordered by id; the limit is clamped to
    1..200 and the offset to >= 0; an unknown tenant is not found.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, tenant_id: TenantId, *, query: str | None = None, limit: int = 50, offset: int = 0
    ) -> UserPage:
        text = _normalized(query)
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            items, total = await uow.users.search(
                text, limit=max(1, min(limit, MAX_LIMIT)), offset=max(0, offset)
            )
        return UserPage(items, total)


def _normalized(query: str | None) -> str | None:
    if query is None or not query.strip():
        return None
    text = check_line(query, "query", max_length=QUERY_MAX).removeprefix("@").strip()
    return text or None
