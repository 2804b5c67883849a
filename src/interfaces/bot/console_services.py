"""The use cases the master console calls (the API's own), resolved once (as `console`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from src.application.audit.audit_trail import ListAudit
from src.application.billing.top_up import TopUpWallet
from src.application.billing.update_settings import UpdateWalletSettings
from src.application.billing.wallet_view import GetWallet, ListWalletLedger
from src.application.broadcasts.start_broadcast import CancelBroadcast, StartBroadcast
from src.application.broadcasts.tenant_admins import TenantAdminRecipients
from src.application.ports.security import SecretBox
from src.application.tenancy.change_status import (
    ActivateTenant,
    DeactivateTenant,
    ResumeTenant,
    SuspendTenant,
)
from src.application.tenancy.create_tenant import CheckBotToken, CreateTenant
from src.application.tenancy.delete_tenant import DeleteTenant
from src.application.tenancy.features import GetFeatures, SetFeature
from src.application.tenancy.get_tenant import GetTenant, ListTenants
from src.application.tenancy.master_admins import MasterAdmins
from src.application.tenancy.rotate_api_token import RotateApiToken
from src.application.tenancy.statistics import GetPlatformStatistics
from src.application.tenancy.tenant_admins import ChangeTenantAdmins


@dataclass(frozen=True, slots=True)
class ConsoleServices:
    currency: str
    box: SecretBox  # seals a bot token while the new-tenant conversation holds it
    list_tenants: ListTenants
    get_tenant: GetTenant
    check_token: CheckBotToken
    create: CreateTenant
    activate: ActivateTenant
    deactivate: DeactivateTenant
    suspend: SuspendTenant
    resume: ResumeTenant
    features: GetFeatures
    set_feature: SetFeature
    wallet: GetWallet
    ledger: ListWalletLedger
    top_up: TopUpWallet
    billing: UpdateWalletSettings
    rotate: RotateApiToken
    delete: DeleteTenant
    statistics: GetPlatformStatistics
    audit: ListAudit
    admins: MasterAdmins
    tenant_admins: ChangeTenantAdmins  # a tenant's admin ids, from its card
    # broadcast to tenant admins: the tenant console's engine (PostgreSQL's store,
    # resolved at the press, like the tenant console's factories)
    admin_recipients: TenantAdminRecipients
    start_broadcast: Callable[[], StartBroadcast]
    cancel_broadcast: Callable[[], CancelBroadcast]
