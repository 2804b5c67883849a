"""THE route table of the management API. Every route of the app must be listed here
(test_api_access checks it against the app), so every route gets the 401 / 403 / 404
treatment and a success and a validation case, and a new route cannot skip them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.e2e.api.helpers import CARD_NUMBERS, Shop, card_body, plan_body

T = "/api/v1/tenants/{tenant_id}"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    body: dict[str, Any] | None = None
    master_only: bool = False
    ok: int = 200
    params: dict[str, str] = field(default_factory=dict)

    @property
    def per_tenant(self) -> bool:
        return "{tenant_id}" in self.path

    def url(self, shop: Shop, **override: int | str) -> str:
        ids: dict[str, int | str] = {
            "tenant_id": shop.id,
            "plan_id": shop.plan_id,
            "card_id": shop.card_id,
        }
        ids["user_id"] = shop.user_id
        ids["payment_id"] = shop.payment_id
        ids["promo_id"] = shop.promo_id
        return self.path.format(**{**ids, **override, **self.params})

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ROUTES: tuple[Route, ...] = (
    Route("POST", "/api/v1/tenants", {"name": "X", "telegram_token": "1:x"}, True, 201),
    Route("GET", "/api/v1/tenants", master_only=True),
    Route("GET", T),
    Route("PATCH", T, {"support_username": "help_desk"}),
    Route("DELETE", T, master_only=True, ok=204),
    Route("POST", T + "/activate", master_only=True),
    Route("POST", T + "/deactivate", master_only=True),
    Route("POST", T + "/api-token", ok=201),
    Route("GET", T + "/features"),
    Route("PUT", T + "/features/{key}", {"enabled": True}, True, params={"key": "auto_renewal"}),
    Route("GET", T + "/config"),
    Route("PUT", T + "/config/{key}", {"value": 9}, params={"key": "trial_days"}),
    Route("DELETE", T + "/config/{key}", params={"key": "trial_days"}),
    Route("GET", T + "/texts/{lang}/{key}", params={"lang": "ru", "key": "menu.title"}),
    Route(
        "PUT",
        T + "/texts/{lang}/{key}",
        {"text": "<b>{ $name }</b>: { $balance }"},
        params={"lang": "ru", "key": "menu.title"},
    ),
    Route("DELETE", T + "/texts/{lang}/{key}", params={"lang": "ru", "key": "menu.title"}),
    Route("GET", T + "/plans"),
    Route("POST", T + "/plans", plan_body("Year", period_days=365), ok=201),
    Route("GET", T + "/plans/{plan_id}"),
    Route("PATCH", T + "/plans/{plan_id}", {"price": 99_00}),
    Route("DELETE", T + "/plans/{plan_id}", ok=204),
    Route("GET", T + "/cards"),
    Route("POST", T + "/cards", card_body(CARD_NUMBERS[1]), ok=201),
    Route("GET", T + "/cards/{card_id}"),
    Route("PATCH", T + "/cards/{card_id}", {"weight": 5}),
    Route("DELETE", T + "/cards/{card_id}", ok=204),
    Route("GET", T + "/users"),
    Route("GET", T + "/users/{user_id}"),
    Route("POST", T + "/users/{user_id}/balance", {"amount": 100_00, "reason": "goodwill"}),
    Route("GET", T + "/subscriptions"),
    Route("GET", T + "/wallet"),
    Route("GET", T + "/wallet/ledger"),
    Route("POST", T + "/wallet/top-ups", {"amount": 500_00, "note": "bank transfer"}, True, 201),
    Route("PUT", T + "/wallet/settings", {"credit_limit": 100_00}, True),
    Route("GET", T + "/card-payments"),
    Route("POST", T + "/card-payments/{payment_id}/approve"),
    Route("POST", T + "/card-payments/{payment_id}/reject", {"note": "amount differs"}),
    Route("GET", T + "/promo-codes"),
    Route("POST", T + "/promo-codes", {"code": "spring", "kind": "balance", "value": 500}, ok=201),
    Route("GET", T + "/promo-codes/{promo_id}"),
    Route("PATCH", T + "/promo-codes/{promo_id}", {"active": False}),
    Route("DELETE", T + "/promo-codes/{promo_id}", ok=204),
    Route("GET", T + "/tickets"),
    Route("GET", "/api/v1/audit"),
    Route("GET", T + "/payment-providers"),
    Route(
        "PUT",
        T + "/payment-providers/{provider}",
        {"account_id": "1", "secret": "s"},
        params={"provider": "yookassa"},
    ),
    Route("DELETE", T + "/payment-providers/{provider}", ok=204, params={"provider": "cryptopay"}),
)

PER_TENANT_NOT_MASTER_ONLY = tuple(r for r in ROUTES if r.per_tenant and not r.master_only)
MASTER_ONLY = tuple(r for r in ROUTES if r.master_only)
