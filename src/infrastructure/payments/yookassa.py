"""YooKassa (API v3) as a PaymentProvider: docs/payments.md, "Online providers".

Facts relied on: `POST /payments` with HTTP Basic auth `shopId:secretKey` and an
`Idempotence-Key` header creates a payment; `confirmation: {type: redirect,
return_url}` answers `confirmation.confirmation_url`; `GET /payments/{id}` reads it;
statuses `pending`, `waiting_for_capture`, `succeeded`, `canceled`; a notification is
`{"type": "notification", "event": "payment.succeeded", "object": {payment}}`, unsigned:
it is trusted only from YooKassa's published addresses, and even then only the id is
taken from it; the payment itself is re-read from the API.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any
from urllib.parse import quote

import aiohttp

from src.application.ports.online_payments import (
    CreatedInvoice,
    InvoiceRequest,
    Notification,
    ProviderCredentials,
    VerifiedNotice,
)
from src.core.payments.online import (
    YOOKASSA,
    ForgedNotification,
    OnlineStatus,
    ProviderPayment,
    ProviderUnavailable,
    major_text,
    minor_of,
    valid_payment_id,
)
from src.core.payments.senders import Network
from src.infrastructure.payments.http import ProviderHttp

STATUSES = {
    "pending": OnlineStatus.PENDING,
    "waiting_for_capture": OnlineStatus.PENDING,  # capture is automatic: not paid yet
    "succeeded": OnlineStatus.SUCCEEDED,
    "canceled": OnlineStatus.CANCELED,
}


def _int(value: Any) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def payment_of(data: Any) -> ProviderPayment:
    """A YooKassa payment object -> what Fleet checks; ProviderUnavailable when malformed."""
    try:
        amount, metadata = data["amount"], data.get("metadata") or {}
        currency = str(amount["currency"])
        if not valid_payment_id(data["id"]):
            raise KeyError("id")
        return ProviderPayment(
            payment_id=str(data["id"]),
            status=STATUSES[data["status"]],
            amount=minor_of(str(amount["value"]), currency),
            currency=currency,
            tenant_id=_int(metadata.get("bot_id")),
            telegram_id=_int(metadata.get("telegram_id")),
        )
    except (KeyError, TypeError, AttributeError):
        raise ProviderUnavailable("YooKassa answered an unexpected payment") from None


class YooKassaProvider:
    name = YOOKASSA

    def __init__(self, http: ProviderHttp, base_url: str, senders: tuple[Network, ...]) -> None:
        self._http, self._base, self._senders = http, base_url, senders

    @staticmethod
    def _auth(credentials: ProviderCredentials) -> dict[str, str]:
        """HTTP Basic `shopId:secretKey`."""
        return {
            "Authorization": aiohttp.encode_basic_auth(credentials.account_id, credentials.secret)
        }

    async def create_invoice(
        self, credentials: ProviderCredentials, request: InvoiceRequest
    ) -> CreatedInvoice:
        body = {
            "amount": {
                "value": major_text(request.amount, request.currency),
                "currency": request.currency,
            },
            "capture": True,
            "confirmation": {"type": "redirect", "return_url": request.return_url},
            "description": request.description,
            "metadata": {
                "bot_id": str(request.tenant_id),
                "telegram_id": str(request.telegram_id),
            },
        }
        data: Any = await self._http.call(
            "POST",
            f"{self._base}/payments",
            body=body,
            headers={"Idempotence-Key": request.idempotence_key, **self._auth(credentials)},
        )
        try:
            return CreatedInvoice(str(data["id"]), str(data["confirmation"]["confirmation_url"]))
        except (KeyError, TypeError):
            raise ProviderUnavailable("YooKassa answered no confirmation URL") from None

    async def fetch_payment(
        self, credentials: ProviderCredentials, payment_id: str
    ) -> ProviderPayment | None:
        url = f"{self._base}/payments/{quote(payment_id, safe='')}"
        data = await self._http.call("GET", url, headers=self._auth(credentials))
        return None if data is None else payment_of(data)

    def verify_notification(
        self, credentials: ProviderCredentials, notification: Notification
    ) -> VerifiedNotice:
        try:
            sender = ipaddress.ip_address(notification.remote_ip)
        except ValueError:
            raise ForgedNotification("not sent from YooKassa") from None
        if not any(sender in network for network in self._senders):
            raise ForgedNotification("not sent from YooKassa")
        try:
            body = json.loads(notification.body)
            payment_id = body["object"]["id"]
        except (ValueError, RecursionError, KeyError, TypeError):
            raise ForgedNotification("not a YooKassa notification") from None
        if not valid_payment_id(payment_id):
            raise ForgedNotification("not a YooKassa notification")
        return VerifiedNotice(payment_id, None)  # the body is unsigned: re-read it
