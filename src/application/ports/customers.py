"""Ports of the shop's user side: users, their balance ledger, subscriptions, provisioning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.core.ids import PlanId, ShopUserId, SubscriptionId, TenantId
from src.core.shop.ledger import LedgerEntry, Posting
from src.core.shop.subscription import Subscription
from src.core.shop.user import ShopUser


@dataclass(frozen=True, slots=True)
class NewShopUser:
    telegram_id: int
    language: str
    referral_code: str
    now: datetime
    username: str | None = None
    first_name: str | None = None
    referred_by: ShopUserId | None = None


class ShopUserRepository(Protocol):
    """This tenant's users (`bot_users`), unique per Telegram id. Bound to one tenant.

    `add_if_absent` inserts or returns the existing user (never a duplicate, also
    under concurrent /start); `mark_trial_used` succeeds once per user; `search`
    matches the username or first name (case-insensitive substring, LIKE wildcards
    taken literally) or, for an ASCII number, the Telegram id exactly, ordered by
    id, and returns the page with the count of every match.
    """

    async def add_if_absent(self, new: NewShopUser) -> tuple[ShopUser, bool]: ...

    async def get(self, user_id: ShopUserId, *, for_update: bool = False) -> ShopUser | None: ...

    async def by_telegram_id(
        self, telegram_id: int, *, for_update: bool = False
    ) -> ShopUser | None: ...

    async def by_referral_code(self, code: str) -> ShopUser | None: ...

    async def set_language(self, user_id: ShopUserId, language: str) -> None: ...

    async def set_auto_renew(self, user_id: ShopUserId, on: bool) -> None: ...

    async def mark_trial_used(self, user_id: ShopUserId, now: datetime) -> bool: ...

    async def set_blocked(self, user_id: ShopUserId, at: datetime | None) -> bool:
        """Block (`at`) or unblock (None); False when the user is missing or already so."""
        ...

    async def blocked_telegram_ids(self) -> frozenset[int]: ...

    async def search(
        self, query: str | None, *, limit: int, offset: int
    ) -> tuple[Sequence[ShopUser], int]: ...


class BalanceLedger(Protocol):
    """Every balance change as an append-only row (docs/shop.md#balance-and-ledger). Bound to
    one tenant.

    `post` locks the user's balance, appends the row with the balance after it and
    moves the balance, atomically; concurrent postings queue on the lock, so no
    caller has to lock first. It raises InsufficientFunds when the balance would go
    below zero and DuplicatePosting when the idempotency key was used before in this
    tenant; either way nothing changes and the unit of work stays usable. The
    wallet's ledger (`TenantWallet.post`) behaves the same.
    """

    async def post(self, user_id: ShopUserId, posting: Posting, now: datetime) -> LedgerEntry: ...

    async def by_key(self, idempotency_key: str) -> LedgerEntry | None: ...

    async def entries(
        self, user_id: ShopUserId, *, limit: int, offset: int
    ) -> Sequence[LedgerEntry]: ...


@dataclass(frozen=True, slots=True)
class SubscriptionTerms:
    """What a purchase or trial grants: `days` on top of the later of now and the
    current expiry (the rule of core.shop.subscription.extended_expiry)."""

    plan_id: PlanId | None
    days: int
    traffic_limit_bytes: int
    device_limit: int
    is_trial: bool


class SubscriptionRepository(Protocol):
    """This tenant's subscriptions, one per user. Bound to one tenant.

    `extend` creates the user's subscription or extends it by `terms.days` from the
    later of now and its current expiry (one statement: the caller holds the user's
    row lock), replaces its limits and marks it not provisioned;
    `mark_provisioned` records the panel's answer only when the subscription still
    has the expiry the provisioning was for, and returns the updated subscription.
    """

    async def of_user(
        self, user_id: ShopUserId, *, for_update: bool = False
    ) -> Subscription | None: ...

    async def get(self, subscription_id: SubscriptionId) -> Subscription | None: ...

    async def extend(
        self, user_id: ShopUserId, terms: SubscriptionTerms, now: datetime
    ) -> Subscription: ...

    async def mark_provisioned(
        self,
        subscription_id: SubscriptionId,
        expires_at: datetime,
        panel_user_id: int,
        subscription_url: str,
    ) -> Subscription | None: ...

    async def revoke_grant(
        self, subscription_id: SubscriptionId, expires_at: datetime, days: int, now: datetime
    ) -> bool:
        """Take back a grant the panel refused for good: while the subscription still
        has the expiry the grant gave it, move it back by `days`; it counts as
        provisioned again only when a panel user existed before the grant."""
        ...

    async def list(
        self, user_id: ShopUserId | None, *, limit: int, offset: int
    ) -> tuple[Sequence[Subscription], int]: ...

    async def remember_reminder(
        self, subscription_id: SubscriptionId, expires_at: datetime, days_before: int
    ) -> bool:
        """True the first time this (subscription, expiry, days) reminder is recorded."""
        ...


@dataclass(frozen=True, slots=True)
class ProvisionJob:
    """Make the panel user match a subscription (absolute values: safe to repeat)."""

    id: int
    subscription_id: SubscriptionId
    user_id: ShopUserId
    telegram_id: int
    expires_at: datetime
    traffic_limit_bytes: int
    device_limit: int
    squads: tuple[str, ...]
    reset_traffic: bool
    refund_key: str | None  # the sale to reverse (ledger debit, wallet charge) on a final refusal
    granted_days: int  # what the sale added to the expiry, taken back on a final refusal
    attempts: int


@dataclass(frozen=True, slots=True)
class NewProvisionJob:
    subscription_id: SubscriptionId
    user_id: ShopUserId
    telegram_id: int
    expires_at: datetime
    traffic_limit_bytes: int
    device_limit: int
    squads: tuple[str, ...]
    reset_traffic: bool
    refund_key: str | None
    granted_days: int


class ProvisioningOutbox(Protocol):
    """Durable panel work of this tenant (`panel_outbox`). Bound to one tenant.

    `enqueue` stores a job already leased to its caller until `lease_until`, so the
    caller may run it at once without claiming it; `claim` takes a pending job
    whose time has come and leases it (a crashed worker's job comes back after the
    lease); it returns None when the job is done, leased by someone else, or not due.
    """

    async def enqueue(
        self, job: NewProvisionJob, now: datetime, lease_until: datetime
    ) -> ProvisionJob: ...

    async def claim(
        self, job_id: int, now: datetime, lease_until: datetime
    ) -> ProvisionJob | None: ...

    async def complete(self, job_id: int, now: datetime) -> None: ...

    async def retry_later(self, job_id: int, error: str, at: datetime) -> None: ...

    async def abandon(self, job_id: int, error: str, now: datetime) -> None: ...


class DueWork(Protocol):
    """Platform-scoped queries of the shop's background jobs (across tenants)."""

    async def due_provisioning(
        self, now: datetime, limit: int
    ) -> Sequence[tuple[TenantId, int]]: ...

    async def expiring(
        self, now: datetime, until: datetime, limit: int
    ) -> Sequence[tuple[TenantId, SubscriptionId]]: ...
