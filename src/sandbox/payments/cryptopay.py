"""A Crypto Pay (CryptoBot) API simulator (docs/payments.md, "Online providers").

API under `/api`: `createInvoice` and `getInvoices` with the app token in
`Crypto-Pay-API-Token`; answers `{"ok": true, "result": ...}`. An app sees only its own
invoices. Control: `pay`, `cancel` (an invoice simply expires), `expire`, `notify` (the
`invoice_paid` update signed with the app token, or forged with another key), `down` /
`hang_s`, and `created_by`: which app token created which invoice.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from typing import Any

from aiohttp import web

from src.sandbox.payments.base import Delivery, ProviderSimulator


def sign(token: str, body: bytes) -> str:
    return hmac.new(hashlib.sha256(token.encode()).digest(), body, hashlib.sha256).hexdigest()


class CryptoPaySimulator(ProviderSimulator):
    api_prefix = "/api"
    provider = "cryptopay"

    def __init__(self) -> None:
        super().__init__()
        self.invoices: dict[str, dict[str, Any]] = {}
        self._seq = itertools.count(1001)
        self._updates = itertools.count(1)
        for method in ("createInvoice", "getInvoices"):
            self.app.router.add_route("*", f"/api/{method}", self._api)

    def status_of(self, payment_id: str) -> str | None:
        invoice = self.invoices.get(payment_id)
        return None if invoice is None else str(invoice["status"])

    def pay(self, payment_id: str) -> None:
        self.invoices[payment_id].update(status="paid", paid_asset="USDT", paid_amount="1.23")

    def cancel(self, payment_id: str) -> None:
        self.expire(payment_id)

    def expire(self, payment_id: str) -> None:
        self.invoices[payment_id]["status"] = "expired"

    def update(self, payment_id: str) -> bytes:
        return json.dumps(
            {
                "update_id": next(self._updates),
                "update_type": "invoice_paid",
                "request_date": "2026-12-01T00:00:00.000Z",
                "payload": self.invoices[payment_id],
            }
        ).encode()

    async def notify(
        self, payment_id: str, *, forged: bool = False, tenant_id: int | None = None
    ) -> Delivery:
        """Deliver the invoice's update to Fleet, signed with its app's token (`forged`:
        with another key); `tenant_id`: the URL's tenant, default the invoice's own."""
        invoice = self.invoices[payment_id]
        body = self.update(payment_id)
        token = "forged-" + self.created_by[payment_id] if forged else self.created_by[payment_id]
        tenant = tenant_id or int(json.loads(invoice["payload"])["bot_id"])
        return await self.post(tenant, body, {"crypto-pay-api-signature": sign(token, body)})

    async def _api(self, request: web.Request) -> web.Response:
        token = request.headers.get("Crypto-Pay-API-Token", "")
        if not token:
            return web.json_response(
                {"ok": False, "error": {"code": 401, "name": "UNAUTHORIZED"}}, status=401
            )
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            params.update(await request.json())
        if request.path.endswith("createInvoice"):
            return web.json_response({"ok": True, "result": self._create(token, params)})
        wanted = str(params.get("invoice_ids", "")).split(",")
        items = [
            self.invoices[i] for i in wanted if i in self.invoices and self.created_by[i] == token
        ]
        return web.json_response({"ok": True, "result": {"items": items}})

    def _create(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        invoice_id = next(self._seq)
        key = str(invoice_id)
        invoice = {
            "invoice_id": invoice_id,
            "hash": f"IV{invoice_id}",
            "currency_type": params.get("currency_type", "crypto"),
            "fiat": params.get("fiat"),
            "amount": str(params["amount"]),
            "accepted_assets": str(params.get("accepted_assets", "")).split(","),
            "status": "active",
            "description": params.get("description", ""),
            "payload": params.get("payload", ""),
            "bot_invoice_url": self.checkout_url(key),
            "mini_app_invoice_url": self.checkout_url(key),
            "web_app_invoice_url": self.checkout_url(key),
            "created_at": "2026-12-01T00:00:00.000Z",
        }
        self.invoices[key] = invoice
        self.created_by[key] = token
        return invoice
