"""Crypto Pay (CryptoBot) as a PaymentProvider: docs/payments.md, "Online providers".

Facts relied on: every call sends the app token in `Crypto-Pay-API-Token`; answers are
`{"ok": true, "result": ...}`; `createInvoice` with `currency_type=fiat`, `fiat`,
`amount` (a decimal string) and `accepted_assets` answers the invoice with
`invoice_id` and `bot_invoice_url`; `getInvoices?invoice_ids=` answers `{"items": [...]}`;
invoice statuses `active`, `paid`, `expired`; a webhook update
`{"update_type": "invoice_paid", "payload": {invoice}}` is signed: the header
`crypto-pay-api-signature` is the hex HMAC-SHA-256 of the raw body keyed with the
SHA-256 of the app token. A signed update is believed as it is (no re-read).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from src.application.ports.online_payments import (
    CreatedInvoice,
    InvoiceRequest,
    Notification,
    ProviderCredentials,
    VerifiedNotice,
)
from src.core.payments.online import (
    CRYPTOPAY,
    ForgedNotification,
    OnlineStatus,
    ProviderPayment,
    ProviderUnavailable,
    major_text,
    minor_of,
)
from src.infrastructure.payments.http import ProviderHttp
from src.infrastructure.payments.settings import CRYPTOPAY_API_URL, CRYPTOPAY_TESTNET_API_URL

SIGNATURE_HEADER = "crypto-pay-api-signature"
STATUSES = {
    "active": OnlineStatus.PENDING,
    "paid": OnlineStatus.SUCCEEDED,
    "expired": OnlineStatus.EXPIRED,
}
INVOICE_LIFETIME_S = 3600


def signature(token: str, body: bytes) -> str:
    """The `crypto-pay-api-signature` of `body` for the app `token`."""
    key = hashlib.sha256(token.encode()).digest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _metadata(payload: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(payload) if isinstance(payload, str) else {}
    except (ValueError, RecursionError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def invoice_of(data: Any) -> ProviderPayment:
    """A Crypto Pay invoice -> what Fleet checks; ProviderUnavailable when malformed."""
    try:
        fiat = str(data.get("fiat") or "") if data.get("currency_type") == "fiat" else ""
        metadata = _metadata(data.get("payload"))
        return ProviderPayment(
            payment_id=str(int(data["invoice_id"])),
            status=STATUSES[data["status"]],
            amount=minor_of(str(data["amount"]), fiat) if fiat else None,
            currency=fiat,
            tenant_id=_int(metadata.get("bot_id")),
            telegram_id=_int(metadata.get("telegram_id")),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ProviderUnavailable("Crypto Pay answered an unexpected invoice") from None


class CryptoPayProvider:
    name = CRYPTOPAY

    def __init__(self, http: ProviderHttp, base_url: str, assets: str) -> None:
        self._http, self._base, self._assets = http, base_url, assets

    def _url(self, credentials: ProviderCredentials, method: str) -> str:
        base = self._base
        if credentials.test_mode and base == CRYPTOPAY_API_URL:
            base = CRYPTOPAY_TESTNET_API_URL
        return f"{base}/{method}"

    async def _call(
        self, credentials: ProviderCredentials, method: str, **kwargs: Any
    ) -> Any | None:
        headers = {"Crypto-Pay-API-Token": credentials.secret}
        data = await self._http.call(
            kwargs.pop("verb", "POST"), self._url(credentials, method), headers=headers, **kwargs
        )
        if not isinstance(data, dict) or data.get("ok") is not True:
            raise ProviderUnavailable("Crypto Pay refused the call")
        return data.get("result")

    async def create_invoice(
        self, credentials: ProviderCredentials, request: InvoiceRequest
    ) -> CreatedInvoice:
        body = {
            "currency_type": "fiat",
            "fiat": request.currency,
            "amount": major_text(request.amount, request.currency),
            "accepted_assets": self._assets,
            "description": request.description,
            "payload": json.dumps(
                {"bot_id": request.tenant_id, "telegram_id": request.telegram_id}
            ),
            "paid_btn_name": "callback",
            "paid_btn_url": request.return_url,
            "expires_in": INVOICE_LIFETIME_S,
        }
        result: Any = await self._call(credentials, "createInvoice", body=body)
        try:
            return CreatedInvoice(str(int(result["invoice_id"])), str(result["bot_invoice_url"]))
        except (KeyError, TypeError, ValueError):
            raise ProviderUnavailable("Crypto Pay answered no invoice URL") from None

    async def fetch_payment(
        self, credentials: ProviderCredentials, payment_id: str
    ) -> ProviderPayment | None:
        params = {"invoice_ids": payment_id}
        result = await self._call(credentials, "getInvoices", verb="GET", params=params)
        items = result.get("items") if isinstance(result, dict) else None
        if not items:
            return None
        return invoice_of(items[0])

    def verify_notification(
        self, credentials: ProviderCredentials, notification: Notification
    ) -> VerifiedNotice:
        given = notification.headers.get(SIGNATURE_HEADER, "")
        expected = signature(credentials.secret, notification.body).encode()
        if not hmac.compare_digest(given.encode("utf-8", "replace"), expected):
            raise ForgedNotification("bad crypto-pay-api-signature")
        try:
            update = json.loads(notification.body)
            invoice = invoice_of(update["payload"])
        except (ValueError, RecursionError, KeyError, TypeError, ProviderUnavailable):
            raise ForgedNotification("not a Crypto Pay update") from None
        return VerifiedNotice(invoice.payment_id, invoice)
