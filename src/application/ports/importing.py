"""Ports of the import of a single-tenant bot's database (docs/import.md).

The source is read only; the target writes one tenant's users, their opening
ledger rows and subscriptions, each under a key unique per source row, so a
second run (or a run resumed after a crash) writes nothing twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.core.ids import TenantId

# --- the source (Bedolaga v4.x) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceSubscription:
    id: int
    status: str  # trial, active, expired, disabled, limited, pending
    is_trial: bool
    end_date: datetime
    traffic_limit_gb: int  # 0 = unlimited
    device_limit: int
    autopay_enabled: bool
    subscription_url: str | None
    remnawave_id: int | None  # the panel user's numeric id (Remnawave 3.x)
    remnawave_uuid: str | None  # the panel user's uuid before 3.x (kept for audit)
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SourceUser:
    id: int
    telegram_id: int | None  # None: an email-only cabinet account
    username: str | None
    first_name: str | None
    last_name: str | None
    status: str  # active, blocked, deleted
    language: str | None
    balance_kopeks: int
    referral_code: str | None
    has_had_paid_subscription: bool
    created_at: datetime
    subscriptions: tuple[SourceSubscription, ...]


@dataclass(frozen=True, slots=True)
class SourceTotals:
    """Counted by the source database itself, independently of the streamed rows."""

    users: int
    users_with_balance: int  # a non-zero balance
    balance_kopeks: int  # every user's balance, summed
    active_users: int  # users with Telegram id and an active subscription at `now`
    subscriptions: int
    referred_users: int  # users with a referrer
    transactions: int
    promocodes: int
    promocode_uses: int
    referral_earnings: int


class BedolagaSource(Protocol):
    """A Bedolaga v4.x database, opened read-only (the server refuses any write)."""

    async def totals(self, now: datetime) -> SourceTotals: ...

    def users(self, batch_size: int) -> AsyncIterator[Sequence[SourceUser]]:
        """Every user with their subscriptions, in id order, one batch at a time."""
        ...

    def referrals(self, batch_size: int) -> AsyncIterator[Sequence[tuple[int, int]]]:
        """(telegram id, referrer's telegram id) of every referred user having both."""
        ...

    async def close(self) -> None: ...


# --- the target (one Fleet tenant) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportedSubscription:
    expires_at: datetime
    traffic_limit_bytes: int
    device_limit: int
    is_trial: bool
    panel_user_id: int | None
    subscription_url: str | None


@dataclass(frozen=True, slots=True)
class ImportedUser:
    telegram_id: int
    username: str | None
    first_name: str | None
    language: str
    referral_code: str  # the source's code, or "" for a fresh one
    balance: int  # minor units, >= 0; posted as one opening ledger row
    balance_key: str  # the opening row's idempotency key
    created_at: datetime
    trial_used_at: datetime | None
    subscription: ImportedSubscription | None


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    users_created: int = 0
    users_present: int = 0  # the tenant had this Telegram id already (an earlier run, /start)
    balances_posted: int = 0
    balance_posted_sum: int = 0
    subscriptions_created: int = 0
    subscriptions_present: int = 0  # the user had a Fleet subscription already


@dataclass(frozen=True, slots=True)
class Measured:
    """Read back from the target after a batch was written (not from the batch)."""

    balance_sum: int = 0  # the amounts of the batch's opening ledger rows
    active_users: int = 0  # users of the batch with a subscription active at `now`
    linked_panel_users: int = 0  # users of the batch whose subscription has a panel user


class ImportSink(Protocol):
    async def write_users(self, users: Sequence[ImportedUser]) -> BatchOutcome:
        """Write one batch atomically: users absent from the tenant, opening rows whose
        key is new, subscriptions of users without one."""
        ...

    async def link_referrals(self, pairs: Sequence[tuple[int, int]]) -> int:
        """Set `referred_by` (by Telegram ids) where it is unset; return how many were set."""
        ...

    async def measure(self, users: Sequence[ImportedUser], now: datetime) -> Measured: ...

    def linked_panel_users(self, batch_size: int) -> AsyncIterator[Sequence[int]]:
        """The panel user ids linked to the tenant's subscriptions, in subscription order."""
        ...


class ImportTarget(Protocol):
    def session(
        self, tenant_id: TenantId, *, dry_run: bool
    ) -> AbstractAsyncContextManager[ImportSink]:
        """Each `write_users` commits on its own; a dry run writes everything in one
        transaction that is rolled back at the end (the report is the same)."""
        ...


# --- the panel and the console ---------------------------------------------------------


class PanelRetagger(Protocol):
    """What a retag needs of the panel (kept apart from VpnPanel on purpose)."""

    def tagged_user_ids(self, tag: str) -> AsyncIterator[int]: ...

    async def set_tag(self, panel_user_id: int, tag: str) -> None:
        """Raises PanelUserNotFound when the user is gone."""
        ...

    async def close(self) -> None: ...


class ProgressPhase(Protocol):
    def advance(self, n: int) -> None: ...


class Progress(Protocol):
    def phase(self, name: str, total: int) -> AbstractAsyncContextManager[ProgressPhase]: ...
