"""A YooKassa API v3 simulator (docs/payments.md, "Online providers").

API: `POST /v3/payments` (Basic auth shopId:secretKey, `Idempotence-Key` required; the
same key answers the same payment), `GET /v3/payments/{id}` (only for the shop that
created it: 404 otherwise). Control: `pay`, `cancel`, `expire` (YooKassa cancels an
unpaid payment), `notify` (the notification object, from a published sender address
or a forged one, with any event), `down` / `hang_s`, and `created_by`: which shop
created which payment.

The simulator posts from 127.0.0.1; the sender address is given in X-Forwarded-For, so
Fleet must trust 127.0.0.1 as its proxy (FLEET_TRUSTED_PROXIES), as behind nginx.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
import uuid
from typing import Any

from aiohttp import web

from src.sandbox.payments.base import Delivery, ProviderSimulator

YOOKASSA_SENDER_IP = "185.71.76.10"  # inside a published range
FORGED_SENDER_IP = "203.0.113.66"  # TEST-NET-3: never YooKassa


def _shop(request: web.Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        shop, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    return (shop, secret) if shop and secret else None


class YooKassaSimulator(ProviderSimulator):
    api_prefix = "/v3"
    provider = "yookassa"

    def __init__(self) -> None:
        super().__init__()
        self.payments: dict[str, dict[str, Any]] = {}
        self._keys: dict[tuple[str, str], str] = {}  # (shop, idempotence key) -> payment id
        self._seq = itertools.count(1)
        self.app.router.add_post("/v3/payments", self._create)
        self.app.router.add_get("/v3/payments/{id}", self._get)

    def status_of(self, payment_id: str) -> str | None:
        payment = self.payments.get(payment_id)
        return None if payment is None else str(payment["status"])

    def _set(self, payment_id: str, status: str, **extra: Any) -> None:
        self.payments[payment_id].update(status=status, paid=status == "succeeded", **extra)

    def pay(self, payment_id: str) -> None:
        self._set(payment_id, "succeeded")

    def cancel(self, payment_id: str) -> None:
        self._set(payment_id, "canceled", cancellation_details={"reason": "canceled_by_merchant"})

    def expire(self, payment_id: str) -> None:
        reason = {"party": "yoo_money", "reason": "expired_on_confirmation"}
        self._set(payment_id, "canceled", cancellation_details=reason)

    def notification(self, payment_id: str, event: str | None = None) -> bytes:
        payment = copy.deepcopy(self.payments[payment_id])
        status = payment["status"]
        event = event or f"payment.{status}"
        payment["status"] = event.removeprefix("payment.")  # a forged body may lie
        body = {"type": "notification", "event": event, "object": payment}
        return json.dumps(body).encode()

    async def notify(
        self,
        payment_id: str,
        *,
        sender_ip: str = YOOKASSA_SENDER_IP,
        event: str | None = None,
        tenant_id: int | None = None,
    ) -> Delivery:
        """Deliver the notification of `payment_id` to Fleet (`tenant_id`: the URL's
        tenant, default the payment's own); `event` may disagree with the payment."""
        tenant = tenant_id or int(self.payments[payment_id]["metadata"]["bot_id"])
        body = self.notification(payment_id, event)
        return await self.post(tenant, body, {"X-Forwarded-For": sender_ip})

    async def _create(self, request: web.Request) -> web.Response:
        shop = _shop(request)
        if shop is None:
            return web.json_response({"type": "error", "code": "invalid_credentials"}, status=401)
        key = request.headers.get("Idempotence-Key")
        if not key:
            return web.json_response({"type": "error", "code": "invalid_request"}, status=400)
        if (shop[0], key) in self._keys:
            return web.json_response(self.payments[self._keys[(shop[0], key)]])
        body = await request.json()
        payment_id = f"{next(self._seq):04x}-{uuid.uuid4()}"[:36]
        payment = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": body["amount"],
            "description": body.get("description", ""),
            "metadata": body.get("metadata", {}),
            "confirmation": {
                "type": "redirect",
                "return_url": body["confirmation"]["return_url"],
                "confirmation_url": self.checkout_url(payment_id),
            },
            "recipient": {"account_id": shop[0], "gateway_id": "1"},
            "test": True,
            "created_at": "2026-12-01T00:00:00.000Z",
        }
        self.payments[payment_id] = payment
        self._keys[(shop[0], key)] = payment_id
        self.created_by[payment_id] = shop[0]
        return web.json_response(payment)

    async def _get(self, request: web.Request) -> web.Response:
        shop = _shop(request)
        payment = self.payments.get(request.match_info["id"])
        if shop is None:
            return web.json_response({"type": "error", "code": "invalid_credentials"}, status=401)
        if payment is None or self.created_by[payment["id"]] != shop[0]:
            return web.json_response({"type": "error", "code": "not_found"}, status=404)
        return web.json_response(payment)
