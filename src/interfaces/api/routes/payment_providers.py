"""`/api/v1/tenants/{tenant_id}/payment-providers`: a tenant's online providers
(docs/payments.md, "Online providers"). The master, or the tenant's own token.

Credentials are write-only: `GET` says configured / not configured and the test mode;
`PUT` sets (replaces) them, `DELETE` clears them (409 `payment_provider_in_use` while the
provider's flag is on). Both changes are audited, never with the secret."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter

from src.application.payments.provider_settings import (
    ClearProviderCredentials,
    CredentialsInput,
    ListProviderSettings,
    SetProviderCredentials,
)
from src.core.audit import API_MASTER, API_TENANT
from src.core.ids import TenantId
from src.interfaces.api.auth import Caller
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id
from src.interfaces.api.schemas.payment_providers import ProviderCredentialsIn, ProviderSettingOut

ProviderName = Annotated[Literal["yookassa", "cryptopay"], Parameter(description="the provider")]


class PaymentProvidersController(Controller):
    path = "/tenants/{tenant_id:int}/payment-providers"

    @get("", tags=["payment providers"], **doc(404))
    async def list_providers(
        self, tenant_id: Id, list_provider_settings: NamedDependency[ListProviderSettings]
    ) -> list[ProviderSettingOut]:
        """Every provider: configured or not, and its test mode (credentials are never shown)."""
        return [ProviderSettingOut.of(s) for s in await list_provider_settings(TenantId(tenant_id))]

    @put("/{provider:str}", tags=["payment providers"], **doc(404))
    async def set_credentials(
        self,
        tenant_id: Id,
        provider: ProviderName,
        data: JSONBody[ProviderCredentialsIn],
        set_provider_credentials: NamedDependency[SetProviderCredentials],
        caller: NamedDependency[Caller],
    ) -> ProviderSettingOut:
        """Set (replace) the provider's credentials: sealed at rest, write-only."""
        setting = await set_provider_credentials(
            CredentialsInput(
                TenantId(tenant_id),
                provider,
                data.account_id,
                data.secret,
                data.test_mode,
                actor=API_MASTER if caller.is_master else API_TENANT,
            )
        )
        return ProviderSettingOut.of(setting)

    @delete("/{provider:str}", tags=["payment providers"], **doc(404, 409))
    async def clear_credentials(
        self,
        tenant_id: Id,
        provider: ProviderName,
        clear_provider_credentials: NamedDependency[ClearProviderCredentials],
        caller: NamedDependency[Caller],
    ) -> None:
        """Clear the provider's credentials (its flag must be off)."""
        actor = API_MASTER if caller.is_master else API_TENANT
        await clear_provider_credentials(TenantId(tenant_id), provider, actor=actor)
