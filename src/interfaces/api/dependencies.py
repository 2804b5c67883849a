"""What the API's handlers may reach, as typed bundles; handed to them by Litestar's `Provide`.

The composition root (`api.app.create_app`, the one API module that sees the container)
fills `ApiServices`; nothing else of the API imports the container or reads it from the
application state (docs/decisions/0006-composition-root.md). A handler names a use case by
an `ApiUseCases` field (for example `get_features: NamedDependency[GetFeatures]`); each
request gets a fresh use case object from the field's factory, and tests override the
container's providers behind it. A parameter naming no field stops the app at build time
(Litestar checks every `NamedDependency` against the registered providers).

A new route's use case: add a field here, fill it in `api_services`, name it in the handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from typing import Any

from litestar.di import Provide

from src.application.audit.audit_trail import ListAudit
from src.application.billing.top_up import TopUpWallet
from src.application.billing.update_settings import UpdateWalletSettings
from src.application.billing.wallet_view import GetWallet, ListWalletLedger
from src.application.growth.promo_codes import (
    CreatePromoCode,
    DeletePromoCode,
    GetPromoCode,
    ListPromoCodes,
    UpdatePromoCode,
)
from src.application.payments.add_card import AddPaymentCard
from src.application.payments.card_payment_queries import ListCardPayments
from src.application.payments.decide_card_payment import DecideCardPayment
from src.application.payments.delete_card import DeletePaymentCard
from src.application.payments.get_card import GetPaymentCard
from src.application.payments.list_cards import ListPaymentCards
from src.application.payments.provider_settings import (
    ClearProviderCredentials,
    ListProviderSettings,
    SetProviderCredentials,
)
from src.application.payments.update_card import UpdatePaymentCard
from src.application.shop.adjust_balance import AdjustBalance
from src.application.shop.create_plan import CreatePlan
from src.application.shop.delete_plan import DeletePlan
from src.application.shop.get_plan import GetPlan
from src.application.shop.get_user import GetUser
from src.application.shop.list_plans import ListPlans
from src.application.shop.list_subscriptions import ListSubscriptions
from src.application.shop.list_users import ListUsers
from src.application.shop.update_plan import UpdatePlan
from src.application.support.tickets import ListTickets
from src.application.tenancy.authenticate import AuthenticateApiToken
from src.application.tenancy.change_status import ActivateTenant, DeactivateTenant
from src.application.tenancy.config import GetConfig, ResetConfigValue, SetConfigValue
from src.application.tenancy.create_tenant import CreateTenant
from src.application.tenancy.delete_tenant import DeleteTenant
from src.application.tenancy.features import GetFeatures, SetFeature
from src.application.tenancy.get_tenant import GetTenant, ListTenants
from src.application.tenancy.rotate_api_token import RotateApiToken
from src.application.tenancy.texts import GetTextOverrides, ResetTextOverride, SetTextOverride
from src.application.tenancy.update_tenant import UpdateTenant
from src.interfaces.api.auth import provide_caller


@dataclass(frozen=True, slots=True)
class ApiUseCases:
    """Every use case a route handler may name: the field name is the parameter name."""

    create_tenant: Callable[[], CreateTenant]
    list_tenants: Callable[[], ListTenants]
    get_tenant: Callable[[], GetTenant]
    update_tenant: Callable[[], UpdateTenant]
    activate_tenant: Callable[[], ActivateTenant]
    deactivate_tenant: Callable[[], DeactivateTenant]
    delete_tenant: Callable[[], DeleteTenant]
    rotate_api_token: Callable[[], RotateApiToken]
    get_features: Callable[[], GetFeatures]
    set_feature: Callable[[], SetFeature]
    get_config: Callable[[], GetConfig]
    set_config_value: Callable[[], SetConfigValue]
    reset_config_value: Callable[[], ResetConfigValue]
    get_text_overrides: Callable[[], GetTextOverrides]
    set_text_override: Callable[[], SetTextOverride]
    reset_text_override: Callable[[], ResetTextOverride]
    list_plans: Callable[[], ListPlans]
    get_plan: Callable[[], GetPlan]
    create_plan: Callable[[], CreatePlan]
    update_plan: Callable[[], UpdatePlan]
    delete_plan: Callable[[], DeletePlan]
    list_payment_cards: Callable[[], ListPaymentCards]
    get_payment_card: Callable[[], GetPaymentCard]
    add_payment_card: Callable[[], AddPaymentCard]
    update_payment_card: Callable[[], UpdatePaymentCard]
    delete_payment_card: Callable[[], DeletePaymentCard]
    list_users: Callable[[], ListUsers]
    get_user: Callable[[], GetUser]
    adjust_balance: Callable[[], AdjustBalance]
    list_subscriptions: Callable[[], ListSubscriptions]
    list_card_payments: Callable[[], ListCardPayments]
    decide_card_payment: Callable[[], DecideCardPayment]
    get_wallet: Callable[[], GetWallet]
    list_wallet_ledger: Callable[[], ListWalletLedger]
    top_up_wallet: Callable[[], TopUpWallet]
    update_wallet_settings: Callable[[], UpdateWalletSettings]
    list_audit: Callable[[], ListAudit]
    list_promo_codes: Callable[[], ListPromoCodes]
    get_promo_code: Callable[[], GetPromoCode]
    create_promo_code: Callable[[], CreatePromoCode]
    update_promo_code: Callable[[], UpdatePromoCode]
    delete_promo_code: Callable[[], DeletePromoCode]
    list_tickets: Callable[[], ListTickets]
    list_provider_settings: Callable[[], ListProviderSettings]
    set_provider_credentials: Callable[[], SetProviderCredentials]
    clear_provider_credentials: Callable[[], ClearProviderCredentials]


@dataclass(frozen=True, slots=True)
class Readiness:
    """What `/ready` asks: does the database answer, the panel check's status, and does
    Redis answer (None: no Redis is configured)."""

    database: Callable[[], Awaitable[bool]]
    panel: Callable[[], str]
    redis: Callable[[], Awaitable[bool | None]]


@dataclass(frozen=True, slots=True)
class ApiServices:
    """Everything the API reaches: the guard's inputs, the use cases, plain values."""

    master_api_key: str
    authenticate: Callable[[], AuthenticateApiToken]
    use_cases: ApiUseCases
    currency: str
    readiness: Readiness


def _fresh(factory: Callable[[], Any]) -> Provide:
    """A per-request object from `factory` (wrapped: Litestar would read the signature of
    a dependency-injector provider, which has none it can use)."""

    def build() -> Any:
        return factory()

    return Provide(build, sync_to_thread=False)


def _value(value: object) -> Provide:
    return Provide(lambda: value, use_cache=True, sync_to_thread=False)


def app_dependencies(services: ApiServices) -> dict[str, Provide]:
    """Application-wide: the probes of `/ready`."""
    return {"readiness": _value(services.readiness)}


def api_dependencies(services: ApiServices) -> dict[str, Provide]:
    """`/api/v1`: one provider per `ApiUseCases` field, the caller and the currency."""
    use_cases = services.use_cases
    deps = {f.name: _fresh(getattr(use_cases, f.name)) for f in fields(use_cases)}
    deps["caller"] = Provide(provide_caller, sync_to_thread=False)
    deps["currency"] = _value(services.currency)
    return deps
