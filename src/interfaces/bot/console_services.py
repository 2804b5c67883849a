"""The use cases the master console calls (the API's own), resolved once (as `console`)."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.audit.audit_trail import ListAudit
from src.application.billing.top_up import TopUpWallet
from src.application.billing.update_settings import UpdateWalletSettings
from src.application.billing.wallet_view import GetWallet, ListWalletLedger
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
from src.infrastructure.container import Container


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

    @classmethod
    def from_container(cls, container: Container) -> ConsoleServices:
        return cls(
            currency=container.settings().currency,
            box=container.box(),
            list_tenants=container.list_tenants(),
            get_tenant=container.get_tenant(),
            check_token=container.check_bot_token(),
            create=container.create_tenant(),
            activate=container.activate_tenant(),
            deactivate=container.deactivate_tenant(),
            suspend=container.suspend_tenant(),
            resume=container.resume_tenant(),
            features=container.get_features(),
            set_feature=container.set_feature(),
            wallet=container.get_wallet(),
            ledger=container.list_wallet_ledger(),
            top_up=container.top_up_wallet(),
            billing=container.update_wallet_settings(),
            rotate=container.rotate_api_token(),
            delete=container.delete_tenant(),
            statistics=container.platform_statistics(),
            audit=container.list_audit(),
            admins=container.master_admins(),
        )
