"""`/api/v1/tenants/{tenant_id}/promo-codes`: a tenant's promo codes (docs/growth.md)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter

from src.application.growth.promo_codes import (
    CreatePromoCode,
    DeletePromoCode,
    GetPromoCode,
    ListPromoCodes,
    UpdatePromoCode,
    UpdatePromoCodeInput,
)
from src.core.growth.promo import PromoTerms
from src.core.ids import TenantId
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id, keep_unset
from src.interfaces.api.schemas.promo_codes import (
    PromoCodeIn,
    PromoCodeOut,
    PromoCodePageOut,
    PromoCodePatchIn,
)

Limit = Annotated[int, Parameter(ge=1, le=200)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]


class PromoCodesController(Controller):
    path = "/tenants/{tenant_id:int}/promo-codes"
    tags = ("promo codes",)

    @get("/", **doc(404))
    async def list_promo_codes(
        self,
        tenant_id: Id,
        list_promo_codes: NamedDependency[ListPromoCodes],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PromoCodePageOut:
        """The tenant's codes, ordered by id."""
        page = await list_promo_codes(TenantId(tenant_id), limit=limit, offset=offset)
        return PromoCodePageOut.of(page)

    @post("/", **doc(404, 409))
    async def create_promo_code(
        self,
        tenant_id: Id,
        data: JSONBody[PromoCodeIn],
        create_promo_code: NamedDependency[CreatePromoCode],
    ) -> PromoCodeOut:
        """Add a code; codes are case-insensitive and unique per tenant (409 otherwise)."""
        terms = PromoTerms(
            code=data.code,
            kind=data.kind,
            value=data.value,
            max_uses=data.max_uses,
            valid_from=data.valid_from,
            valid_until=data.valid_until,
            active=data.active,
        )
        return PromoCodeOut.of(await create_promo_code(TenantId(tenant_id), terms))

    @get("/{promo_id:int}", **doc(404))
    async def get_promo_code(
        self, tenant_id: Id, promo_id: Id, get_promo_code: NamedDependency[GetPromoCode]
    ) -> PromoCodeOut:
        """One code with its uses so far."""
        return PromoCodeOut.of(await get_promo_code(TenantId(tenant_id), promo_id))

    @patch("/{promo_id:int}", **doc(404, 409))
    async def update_promo_code(
        self,
        tenant_id: Id,
        promo_id: Id,
        data: JSONBody[PromoCodePatchIn],
        update_promo_code: NamedDependency[UpdatePromoCode],
    ) -> PromoCodeOut:
        """Change any of the code's fields; `max_uses` not below the uses so far."""
        promo = await update_promo_code(
            UpdatePromoCodeInput(
                tenant_id=TenantId(tenant_id),
                promo_id=promo_id,
                code=keep_unset(data.code),
                kind=keep_unset(data.kind),
                value=keep_unset(data.value),
                max_uses=keep_unset(data.max_uses),
                valid_from=keep_unset(data.valid_from),
                valid_until=keep_unset(data.valid_until),
                active=keep_unset(data.active),
            )
        )
        return PromoCodeOut.of(promo)

    @delete("/{promo_id:int}", **doc(404))
    async def delete_promo_code(
        self, tenant_id: Id, promo_id: Id, delete_promo_code: NamedDependency[DeletePromoCode]
    ) -> None:
        """Remove a code; perks redeemed and not yet used go with it."""
        await delete_promo_code(TenantId(tenant_id), promo_id)
