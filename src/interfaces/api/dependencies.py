"""Use cases from the container, handed to handlers through Litestar's own `Provide`.

A handler names the use case it needs by its container provider name (for
example `get_features: GetFeatures`); each request gets a fresh use case object
(they are stateless `Factory` providers), and tests override the providers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.di import Provide

from src.infrastructure.container import Container
from src.interfaces.api.auth import provide_caller

USE_CASES: tuple[str, ...] = (
    "create_tenant",
    "list_tenants",
    "get_tenant",
    "update_tenant",
    "activate_tenant",
    "deactivate_tenant",
    "delete_tenant",
    "rotate_api_token",
    "get_features",
    "set_feature",
    "get_config",
    "set_config_value",
    "reset_config_value",
    "list_plans",
    "get_plan",
    "create_plan",
    "update_plan",
    "delete_plan",
    "list_payment_cards",
    "get_payment_card",
    "add_payment_card",
    "update_payment_card",
    "delete_payment_card",
    "list_users",
    "get_user",
    "adjust_balance",
    "list_subscriptions",
    "list_card_payments",
    "decide_card_payment",
    "get_wallet",
    "list_wallet_ledger",
    "top_up_wallet",
    "update_wallet_settings",
    "list_audit",
    "list_provider_settings",
    "set_provider_credentials",
)


def _from(provider: Callable[[], Any]) -> Provide:
    def build() -> Any:
        return provider()

    return Provide(build, sync_to_thread=False)


def api_dependencies(container: Container) -> dict[str, Provide]:
    deps = {name: _from(getattr(container, name)) for name in USE_CASES}
    deps["caller"] = Provide(provide_caller, sync_to_thread=False)
    return deps
