"""`/api/v1/tenants/{tenant_id}/users` and `/subscriptions`: a tenant's customers
(docs/shop.md#balance-and-ledger): search, one user with their latest ledger rows,
balance adjustments."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, JSONBody, Parameter, QueryParameter

from src.application.shop.adjust_balance import KEY_MAX, AdjustBalance, AdjustBalanceInput
from src.application.shop.get_user import GetUser
from src.application.shop.list_subscriptions import MAX_LIMIT as SUBSCRIPTIONS_MAX
from src.application.shop.list_subscriptions import ListSubscriptions
from src.application.shop.list_users import MAX_LIMIT as USERS_MAX
from src.application.shop.list_users import QUERY_MAX, ListUsers
from src.core.ids import MAX_ID, ShopUserId, TenantId
from src.interfaces.api.auth import Caller
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id
from src.interfaces.api.schemas.customers import (
    BalanceAdjustedOut,
    BalanceAdjustmentIn,
    SubscriptionPageOut,
    UserDetailOut,
    UserPageOut,
)

# `query` is a reserved handler argument in Litestar, hence the alias; its length is
# checked by ListUsers, so that the error names the field `query`
Search = Annotated[
    str | None,
    QueryParameter(
        name="query",
        description="a part of the username or first name (any case), or a Telegram id",
        schema_extra={"maxLength": QUERY_MAX},
    ),
]
UserLimit = Annotated[int, Parameter(ge=1, le=USERS_MAX)]
SubscriptionLimit = Annotated[int, Parameter(ge=1, le=SUBSCRIPTIONS_MAX)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]
UserFilter = Annotated[int | None, Parameter(ge=1, le=MAX_ID, description="only this user's")]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=KEY_MAX,
        pattern=r"^[!-~]+$",
        description=(
            "Visible ASCII; a retried request with the same key is applied once and "
            "answered like the first time"
        ),
    ),
]


class CustomersController(Controller):
    path = "/tenants/{tenant_id:int}"

    @get("/users", tags=["users"], **doc(404))
    async def list_users(
        self,
        tenant_id: Id,
        list_users: NamedDependency[ListUsers],
        search: Search = None,
        limit: UserLimit = 50,
        offset: Offset = 0,
    ) -> UserPageOut:
        """Users by id, optionally only those matching `query`: a case-insensitive part
        of the username or first name, or an exact Telegram id."""
        page = await list_users(TenantId(tenant_id), query=search, limit=limit, offset=offset)
        return UserPageOut.of(page)

    @get("/users/{user_id:int}", tags=["users"], **doc(404))
    async def get_user(
        self, tenant_id: Id, user_id: Id, get_user: NamedDependency[GetUser]
    ) -> UserDetailOut:
        """One user, with the latest 20 rows of their balance ledger (newest first)."""
        return UserDetailOut.of_detail(await get_user(TenantId(tenant_id), ShopUserId(user_id)))

    @post("/users/{user_id:int}/balance", tags=["users"], status_code=200, **doc(404, 409))
    async def adjust_balance(
        self,
        tenant_id: Id,
        user_id: Id,
        data: JSONBody[BalanceAdjustmentIn],
        caller: NamedDependency[Caller],
        adjust_balance: NamedDependency[AdjustBalance],
        idempotency_key: IdempotencyKey = None,
    ) -> BalanceAdjustedOut:
        """Credit (positive) or debit (negative) the balance, with a reason. A debit
        beyond the balance: 409 `insufficient_funds` naming the available balance;
        an `Idempotency-Key` used before for another adjustment: 409
        `idempotency_key_reused`."""
        done = await adjust_balance(
            AdjustBalanceInput(
                tenant_id=TenantId(tenant_id),
                user_id=ShopUserId(user_id),
                amount=data.amount,
                reason=data.reason,
                idempotency_key=idempotency_key,
                by_master=caller.is_master,
            )
        )
        return BalanceAdjustedOut.of(done)

    @get("/subscriptions", tags=["subscriptions"], **doc(404))
    async def list_subscriptions(
        self,
        tenant_id: Id,
        list_subscriptions: NamedDependency[ListSubscriptions],
        user_id: UserFilter = None,
        limit: SubscriptionLimit = 50,
        offset: Offset = 0,
    ) -> SubscriptionPageOut:
        """Subscriptions by id, optionally of one user; `status` is active or expired
        at the time of the call."""
        page = await list_subscriptions(
            TenantId(tenant_id),
            user_id=ShopUserId(user_id) if user_id is not None else None,
            limit=limit,
            offset=offset,
        )
        return SubscriptionPageOut.of(page)
