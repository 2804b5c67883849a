"""`/api/v1/tenants`: create, list, get, patch, activate, deactivate, delete, rotate token."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter

from src.application.tenancy.change_status import ActivateTenant, DeactivateTenant
from src.application.tenancy.create_tenant import CreateTenant, CreateTenantInput
from src.application.tenancy.delete_tenant import DeleteTenant
from src.application.tenancy.get_tenant import GetTenant, ListTenants
from src.application.tenancy.rotate_api_token import RotateApiToken
from src.application.tenancy.update_tenant import UpdateTenant, UpdateTenantInput
from src.core.audit import API_MASTER, API_TENANT
from src.core.ids import TenantId
from src.interfaces.api.auth import MASTER_ONLY, Caller
from src.interfaces.api.openapi import doc
from src.interfaces.api.schemas.common import Id, keep_unset
from src.interfaces.api.schemas.tenants import (
    ApiTokenOut,
    CreateTenantIn,
    PatchTenantIn,
    TenantCreatedOut,
    TenantOut,
    TenantPageOut,
)

Limit = Annotated[int, Parameter(ge=1, le=ListTenants.MAX_LIMIT)]
Offset = Annotated[int, Parameter(ge=0, le=10**9)]


class TenantsController(Controller):
    path = "/tenants"
    tags = ("tenants",)

    @post("/", opt=MASTER_ONLY, **doc(403, 409, 502))
    async def create_tenant(
        self, data: JSONBody[CreateTenantIn], create_tenant: NamedDependency[CreateTenant]
    ) -> TenantCreatedOut:
        """Create a tenant from a Telegram bot token (checked with getMe; master only).

        The response holds the tenant's API token: the only time it is shown."""
        created = await create_tenant(
            CreateTenantInput(
                name=data.name,
                telegram_token=data.telegram_token,
                default_language=data.default_language,
                admin_ids=tuple(data.admin_ids),
                admin_chat_id=data.admin_chat_id,
                support_username=data.support_username,
                created_by=API_MASTER,
            )
        )
        return TenantCreatedOut.of(created)

    @get("/", opt=MASTER_ONLY, **doc(403))
    async def list_tenants(
        self, list_tenants: NamedDependency[ListTenants], limit: Limit = 50, offset: Offset = 0
    ) -> TenantPageOut:
        """All tenants, the master first, then by id (master only)."""
        page = await list_tenants(limit=limit, offset=offset)
        return TenantPageOut([TenantOut.of(t) for t in page.items], page.total)

    @get("/{tenant_id:int}", **doc(404))
    async def get_tenant(self, tenant_id: Id, get_tenant: NamedDependency[GetTenant]) -> TenantOut:
        """One tenant (a tenant token: its own only)."""
        return TenantOut.of(await get_tenant(TenantId(tenant_id)))

    @patch("/{tenant_id:int}", **doc(403, 404))
    async def update_tenant(
        self,
        tenant_id: Id,
        data: JSONBody[PatchTenantIn],
        caller: NamedDependency[Caller],
        update_tenant: NamedDependency[UpdateTenant],
    ) -> TenantOut:
        """Change editable fields; a tenant token may change only its own settings
        (`default_language`, `support_username`, the admin chat and its topics)."""
        tenant = await update_tenant(
            UpdateTenantInput(
                tenant_id=TenantId(tenant_id),
                by_master=caller.is_master,
                name=keep_unset(data.name),
                default_language=keep_unset(data.default_language),
                support_username=keep_unset(data.support_username),
                admin_ids=keep_unset(
                    tuple(data.admin_ids) if isinstance(data.admin_ids, list) else data.admin_ids
                ),
                admin_chat_id=keep_unset(data.admin_chat_id),
                receipts_topic_id=keep_unset(data.receipts_topic_id),
                notifications_topic_id=keep_unset(data.notifications_topic_id),
            )
        )
        return TenantOut.of(tenant)

    @post("/{tenant_id:int}/activate", opt=MASTER_ONLY, status_code=200, **doc(403, 404))
    async def activate_tenant(
        self, tenant_id: Id, activate_tenant: NamedDependency[ActivateTenant]
    ) -> TenantOut:
        """Make a tenant active; its bot starts (master only)."""
        return TenantOut.of(await activate_tenant(TenantId(tenant_id), actor=API_MASTER))

    @post(
        "/{tenant_id:int}/deactivate",
        opt=MASTER_ONLY,
        status_code=200,
        **doc(403, 404, 409),
    )
    async def deactivate_tenant(
        self, tenant_id: Id, deactivate_tenant: NamedDependency[DeactivateTenant]
    ) -> TenantOut:
        """Disable a tenant; its bot stops. The master tenant: 409 (master only)."""
        return TenantOut.of(await deactivate_tenant(TenantId(tenant_id), actor=API_MASTER))

    @delete("/{tenant_id:int}", opt=MASTER_ONLY, **doc(403, 404, 409))
    async def delete_tenant(
        self, tenant_id: Id, delete_tenant: NamedDependency[DeleteTenant]
    ) -> None:
        """Delete a tenant and everything it owns. The master tenant: 409 (master only)."""
        await delete_tenant(TenantId(tenant_id), actor=API_MASTER)

    @post("/{tenant_id:int}/api-token", **doc(404))
    async def rotate_api_token(
        self,
        tenant_id: Id,
        caller: NamedDependency[Caller],
        rotate_api_token: NamedDependency[RotateApiToken],
    ) -> ApiTokenOut:
        """Issue a new API token; the old one stops working at once (a tenant may
        rotate its own)."""
        actor = API_MASTER if caller.is_master else API_TENANT
        return ApiTokenOut(await rotate_api_token(TenantId(tenant_id), actor=actor))
