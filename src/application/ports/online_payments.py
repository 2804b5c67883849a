"""Ports of online top-ups: the payment provider and the two tenant-owned tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.core.ids import PlanId, ShopUserId, TenantId
from src.core.payments.online import OnlinePayment, OnlineStatus, ProviderPayment


@dataclass(frozen=True, slots=True)
class ProviderCredentials:
    """A tenant's merchant account: YooKassa `shopId` + secret key; Crypto Pay: the app
    token in `secret` (no account id). Sealed at rest, never returned, never logged."""

    account_id: str
    secret: str
    test_mode: bool = False

    def __repr__(self) -> str:  # never a secret in a log line or a traceback
        return f"ProviderCredentials(account_id={self.account_id!r}, secret=***)"


@dataclass(frozen=True, slots=True)
class InvoiceRequest:
    amount: int  # minor units of `currency`
    currency: str
    description: str
    return_url: str
    tenant_id: TenantId
    telegram_id: int
    idempotence_key: str  # one per invoice: a retried create never makes a second one


@dataclass(frozen=True, slots=True)
class CreatedInvoice:
    payment_id: str
    url: str


@dataclass(frozen=True, slots=True)
class Notification:
    """A provider's HTTP notification as received: raw body, headers (lower-case names)
    and the sender's address (already resolved through the trusted proxy, if any)."""

    body: bytes
    headers: Mapping[str, str]
    remote_ip: str


@dataclass(frozen=True, slots=True)
class VerifiedNotice:
    """A notification that proved its origin. `payment`: what a signed body says;
    None when the body cannot be trusted on its own and the payment must be re-read."""

    payment_id: str
    payment: ProviderPayment | None


class PaymentProvider(Protocol):
    """One payment provider. Every call takes the tenant's own credentials.

    - `create_invoice` -> the payment id and the URL to pay at;
    - `fetch_payment` -> the payment as the provider has it, None when it does not
      know the id (under these credentials);
    - `verify_notification` -> the verified notice, or ForgedNotification;
    both API calls raise ProviderUnavailable when the provider does not answer in
    time or answers with an error.
    """

    name: str

    async def create_invoice(
        self, credentials: ProviderCredentials, request: InvoiceRequest
    ) -> CreatedInvoice: ...

    async def fetch_payment(
        self, credentials: ProviderCredentials, payment_id: str
    ) -> ProviderPayment | None: ...

    def verify_notification(
        self, credentials: ProviderCredentials, notification: Notification
    ) -> VerifiedNotice: ...


@dataclass(frozen=True, slots=True)
class NewOnlinePayment:
    user_id: ShopUserId
    telegram_id: int
    provider: str
    payment_id: str
    amount: int
    currency: str
    plan_id: PlanId | None


class OnlinePaymentRepository(Protocol):
    """This tenant's online payments (`online_payments`). Bound to one tenant.

    `get` finds a row by provider and provider payment id (unique per tenant and
    provider); `set_status` changes the status and `updated_at` of one row;
    `pending_count` counts the provider's pending rows.
    """

    async def add(self, payment: NewOnlinePayment, now: datetime) -> OnlinePayment: ...

    async def get(
        self, provider: str, payment_id: str, *, for_update: bool = False
    ) -> OnlinePayment | None: ...

    async def set_status(self, payment_id: int, status: OnlineStatus, now: datetime) -> None: ...

    async def pending_count(self, provider: str) -> int: ...


@dataclass(frozen=True, slots=True)
class StoredCredentials:
    sealed: bytes
    test_mode: bool
    updated_at: datetime


class ProviderCredentialsRepository(Protocol):
    """This tenant's sealed provider credentials (`tenant_payment_providers`)."""

    async def get(self, provider: str) -> StoredCredentials | None: ...

    async def put(self, provider: str, sealed: bytes, test_mode: bool, now: datetime) -> None: ...

    async def delete(self, provider: str) -> bool:
        """Remove the provider's credentials; False when there were none."""
        ...

    async def all(self) -> Mapping[str, StoredCredentials]: ...


@dataclass(frozen=True, slots=True)
class DueOnlinePayment:
    tenant_id: TenantId
    provider: str
    payment_id: str


class DueOnlinePayments(Protocol):
    """Across tenants: pending payments created before `before`, oldest first."""

    async def pending(self, before: datetime, limit: int) -> Sequence[DueOnlinePayment]: ...

    async def take(self, before: datetime, limit: int, now: datetime) -> Sequence[DueOnlinePayment]:
        """The poll job's batch: pending payments created before `before`, the least
        recently handled first, each stamped handled at `now` (its `updated_at`), so rows a
        provider keeps refusing cannot starve the others: the batches go round."""
        ...
