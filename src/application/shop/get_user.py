from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from src.application.ports.customers import ShopUserRepository
from src.application.ports.referrals import ReferralSummary
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import UserNotFound
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import LedgerEntry
from src.core.shop.user import ShopUser

LEDGER_TAIL = 20


async def require_user(
    users: ShopUserRepository, user_id: ShopUserId, *, for_update: bool = False
) -> ShopUser:
    user = await users.get(user_id, for_update=for_update)
    if user is None:
        raise UserNotFound(f"user {user_id} not found")
    return user


@dataclass(frozen=True, slots=True)
class UserDetail:
    user: ShopUser
    ledger: Sequence[LedgerEntry]  # the latest entries, newest first
    referrals: ReferralSummary  # whom they invited, how many paid, what it earned them


class GetUser:
    """One user of a tenant with the latest 20 entries of their balance ledger.

    Rules: an unknown tenant is not found; another tenant's user is not found,
    exactly like a missing one (the repositories are bound to the tenant);
    the ledger entries are newest first.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId, user_id: ShopUserId) -> UserDetail:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            user = await require_user(uow.users, user_id)
            ledger = await uow.ledger.entries(user.id, limit=LEDGER_TAIL, offset=0)
            referrals = await uow.referrals.summary(user.id)
        return UserDetail(user, ledger, referrals)
