"""A thin client for the management API in tests: the master key, tenants made through
the API itself (their Telegram tokens registered with the in-memory Telegram)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from tempfile import mkdtemp
from typing import Any

import schemathesis
from httpx import AsyncClient, Response

from src.application.ports.card_payments import NewCardPayment
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.ids import PaymentCardId, ShopUserId, TenantId
from src.core.payments.card import mask_card_number
from src.core.payments.card_payment import Receipt, new_offer_key, new_tracking_number
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.settings import load_settings
from src.interfaces.api.app import create_app
from tests.support.containers import in_memory_container
from tests.support.doubles import memory_telegram
from tests.support.factories import new_bot_token

CARD_NUMBERS = ("6037997512345670", "4111111111111111", "5500000000000004")
_names = itertools.count(1)
_customers = itertools.count(500_000_001)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class Shop:
    """A tenant made through the API, with one plan and one card, and one customer
    (users come from Telegram's /start, so it is registered through the use case)."""

    id: int
    token: str
    plan_id: int
    card_id: int
    user_id: int
    payment_id: int = 0  # a card payment of the customer, pending review
    promo_id: int = 0  # a promo code of the tenant

    @property
    def auth(self) -> dict[str, str]:
        return bearer(self.token)


class Api:
    def __init__(self, client: AsyncClient, container: Container) -> None:
        self.client, self.container = client, container
        self.master = bearer(container.settings().master_api_key)

    async def call(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        json: Any = None,
        **kw: Any,
    ) -> Response:
        if json is not None:
            kw["json"] = json
        return await self.client.request(method, url, headers=headers or {}, **kw)

    async def create_tenant(self, name: str | None = None, **fields: Any) -> dict[str, Any]:
        token = new_bot_token()
        name = name or f"Shop {next(_names)}"
        memory_telegram(self.container).register(token, f"shop{next(_names)}_bot")
        body = {"name": name, "telegram_token": token, **fields}
        response = await self.call("POST", "/api/v1/tenants", self.master, body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    async def shop(self, name: str | None = None) -> Shop:
        created = await self.create_tenant(name)
        tenant_id, token = created["tenant"]["id"], created["api_token"]
        base = f"/api/v1/tenants/{tenant_id}"
        plan = await self.call("POST", f"{base}/plans", bearer(token), plan_body("Month"))
        card = await self.call("POST", f"{base}/cards", bearer(token), card_body())
        assert plan.status_code == card.status_code == 201, (plan.text, card.text)
        user_id = await self.customer(tenant_id)
        payment_id = await self.pending_card_payment(tenant_id, user_id, card.json()["id"])
        promo = await self.call(
            "POST",
            f"{base}/promo-codes",
            bearer(token),
            {"code": "WELCOME", "kind": "days", "value": 3},
        )
        assert promo.status_code == 201, promo.text
        return Shop(
            tenant_id,
            token,
            plan.json()["id"],
            card.json()["id"],
            user_id,
            payment_id,
            promo.json()["id"],
        )

    async def customer(
        self, tenant_id: int, username: str | None = None, first_name: str | None = None
    ) -> int:
        """A user of the tenant, as if they had sent /start to its bot."""
        tenant = await self.container.get_tenant()(TenantId(tenant_id))
        registered = await self.container.register_user()(
            RegisterInput(tenant, next(_customers), username=username, first_name=first_name)
        )
        return registered.user.id

    async def pending_card_payment(
        self, tenant_id: int, user_id: int, card_id: int, amount: int = 500_00
    ) -> int:
        """A card-to-card payment waiting for review, stored as the bot stores it."""
        now = self.container.clock().now()
        async with self.container.uow().for_tenant(TenantId(tenant_id)) as uow:
            payment = await uow.card_payments.add(
                NewCardPayment(
                    user_id=ShopUserId(user_id),
                    card_id=PaymentCardId(card_id),
                    card_masked=mask_card_number(CARD_NUMBERS[0]),
                    amount=amount,
                    tracking_number=new_tracking_number(),
                    receipt=Receipt("bank ref 123"),
                    plan_id=None,
                    now=now,
                    expires_at=now + timedelta(hours=24),
                    offer_key=new_offer_key(),
                )
            )
            await uow.commit()
        assert payment is not None
        return payment.id

    async def master_tenant(self) -> Tenant:
        token = new_bot_token()
        memory_telegram(self.container).register(token, "master_bot")
        return await self.container.ensure_master()(EnsureMasterInput(token, (1,)))

    async def snapshot(self, tenant_id: int) -> dict[str, Any]:
        """Everything the master can read of a tenant (to prove nothing changed)."""
        base = f"/api/v1/tenants/{tenant_id}"
        out: dict[str, Any] = {}
        parts = ("/features", "/config", "/plans", "/cards", "/users", "/subscriptions")
        for part in ("", *parts, "/card-payments"):
            response = await self.call("GET", base + part, self.master)
            out[part] = (response.status_code, response.json())
        return out


def plan_body(name: str, **kw: Any) -> dict[str, Any]:
    return {
        "name": name,
        "period_days": 30,
        "price": 150_00,
        "traffic_gb": 50,
        "device_limit": 2,
        **kw,
    }


def card_body(number: str = CARD_NUMBERS[0], **kw: Any) -> dict[str, Any]:
    return {"card_number": number, "holder_name": "Ali Rezaei", **kw}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the app, built without serving it."""
    settings = load_settings(
        {
            "FLEET_DATA_DIR": mkdtemp(),
            "FLEET_SECRET_KEY": "x" * 40,
            "FLEET_MASTER_API_KEY": "y" * 40,
        }
    )
    document: dict[str, Any] = create_app(in_memory_container(settings)).openapi_schema.to_schema()
    return document


DOCUMENT = openapi_document()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)


def assert_documented(path: str, method: str, response: Response) -> None:
    """The response (status, content type, body) is what the OpenAPI document promises."""
    documented = DOCUMENT["paths"][path][method.lower()]["responses"]
    assert str(response.status_code) in documented, (path, method, response.status_code)
    media_types = list(documented[str(response.status_code)].get("content") or {})
    if media_types:
        assert response.headers["content-type"].split(";")[0] in media_types
    SCHEMA[path][method].validate_response(response)


def assert_problem(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) <= {"type", "title", "status", "detail", "code", "errors"}
    assert body["status"] == status and body["type"].endswith(body["code"])
    if code is not None:
        assert body["code"] == code, body
    return body


def error_fields(response: Response) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]
