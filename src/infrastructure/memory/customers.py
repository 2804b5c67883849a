"""In-memory twins of the shop's user-side repositories (kept equal by tests/contract)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from src.application.ports.customers import (
    NewProvisionJob,
    NewShopUser,
    ProvisionJob,
    SubscriptionTerms,
)
from src.application.ports.statistics import Windowed, Windows
from src.core.errors import InsufficientFunds
from src.core.ids import ShopUserId, SubscriptionId, TenantId
from src.core.shop.ledger import DuplicatePosting, LedgerEntry, LedgerKind, Posting
from src.core.shop.subscription import Subscription, extended_expiry
from src.core.shop.user import ShopUser


@dataclass
class OutboxRow:
    tenant_id: TenantId
    job: ProvisionJob
    status: str
    next_attempt_at: datetime
    last_error: str | None = None


@dataclass
class CustomerTables:
    users: dict[tuple[TenantId, ShopUserId], ShopUser] = field(default_factory=dict)
    ledger: list[tuple[TenantId, LedgerEntry]] = field(default_factory=list)
    subscriptions: dict[tuple[TenantId, SubscriptionId], Subscription] = field(default_factory=dict)
    reminders: set[tuple[TenantId, SubscriptionId, datetime, int]] = field(default_factory=set)
    outbox: dict[int, OutboxRow] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(1))

    def __deepcopy__(self, memo: dict[int, Any]) -> CustomerTables:
        # rows are frozen dataclasses: copying the containers is a full snapshot
        return CustomerTables(
            dict(self.users),
            list(self.ledger),
            dict(self.subscriptions),
            set(self.reminders),
            {k: replace(v) for k, v in self.outbox.items()},
            self.ids,
        )

    def drop_tenant(self, tenant_id: TenantId) -> None:
        self.users = {k: v for k, v in self.users.items() if k[0] != tenant_id}
        self.subscriptions = {k: v for k, v in self.subscriptions.items() if k[0] != tenant_id}
        self.ledger = [row for row in self.ledger if row[0] != tenant_id]
        self.reminders = {r for r in self.reminders if r[0] != tenant_id}
        self.outbox = {k: v for k, v in self.outbox.items() if v.tenant_id != tenant_id}


Tables = Callable[[], CustomerTables]


class InMemoryShopUserRepository:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    def _mine(self) -> list[ShopUser]:
        return [u for (t, _), u in self._db().users.items() if t == self._t]

    async def add_if_absent(self, new: NewShopUser) -> tuple[ShopUser, bool]:
        existing = await self.by_telegram_id(new.telegram_id)
        if existing is not None:
            return existing, False
        user = ShopUser(
            id=ShopUserId(next(self._db().ids)),
            telegram_id=new.telegram_id,
            language=new.language,
            balance=0,
            referral_code=new.referral_code,
            created_at=new.now,
            username=new.username,
            first_name=new.first_name,
            referred_by=new.referred_by,
        )
        self._db().users[(self._t, user.id)] = user
        return user, True

    async def get(self, user_id: ShopUserId, *, for_update: bool = False) -> ShopUser | None:
        return self._db().users.get((self._t, user_id))

    async def by_telegram_id(
        self, telegram_id: int, *, for_update: bool = False
    ) -> ShopUser | None:
        return next((u for u in self._mine() if u.telegram_id == telegram_id), None)

    async def by_referral_code(self, code: str) -> ShopUser | None:
        return next((u for u in self._mine() if u.referral_code == code), None)

    def _change(self, user_id: ShopUserId, **changes: Any) -> None:
        key = (self._t, user_id)
        if key in self._db().users:
            self._db().users[key] = replace(self._db().users[key], **changes)

    async def set_language(self, user_id: ShopUserId, language: str) -> None:
        self._change(user_id, language=language)

    async def set_blocked(self, user_id: ShopUserId, at: datetime | None) -> bool:
        user = self._db().users.get((self._t, user_id))
        if user is None or user.blocked == (at is not None):
            return False
        self._change(user_id, blocked_at=at)
        return True

    async def blocked_telegram_ids(self) -> frozenset[int]:
        return frozenset(u.telegram_id for u in self._mine() if u.blocked)

    async def set_auto_renew(self, user_id: ShopUserId, on: bool) -> None:
        self._change(user_id, auto_renew=on)

    async def mark_trial_used(self, user_id: ShopUserId, now: datetime) -> bool:
        user = await self.get(user_id)
        if user is None or user.trial_used_at is not None:
            return False
        self._change(user_id, trial_used_at=now)
        return True

    async def search(
        self, query: str | None, *, limit: int, offset: int
    ) -> tuple[Sequence[ShopUser], int]:
        def hit(u: ShopUser) -> bool:
            if not query:
                return True
            q = query.lower()
            names = ((u.username or "").lower(), (u.first_name or "").lower())
            number = query.isascii() and query.isdigit()
            return any(q in n for n in names) or (number and u.telegram_id == int(query))

        found = sorted((u for u in self._mine() if hit(u)), key=lambda u: u.id)
        return found[offset : offset + limit], len(found)


class InMemoryBalanceLedger:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    async def post(self, user_id: ShopUserId, posting: Posting, now: datetime) -> LedgerEntry:
        db = self._db()
        if any(t == self._t and e.idempotency_key == posting.idempotency_key for t, e in db.ledger):
            raise DuplicatePosting(posting.idempotency_key)
        user = db.users.get((self._t, user_id))
        if user is None or user.balance + posting.amount < 0:
            raise InsufficientFunds("the balance would go below zero")
        balance = user.balance + posting.amount
        db.users[(self._t, user_id)] = replace(user, balance=balance)
        entry = LedgerEntry(
            id=next(db.ids),
            user_id=user_id,
            kind=posting.kind,
            amount=posting.amount,
            balance_after=balance,
            reference=posting.reference,
            idempotency_key=posting.idempotency_key,
            created_at=now,
        )
        db.ledger.append((self._t, entry))
        return entry

    async def by_key(self, idempotency_key: str) -> LedgerEntry | None:
        rows = self._db().ledger
        return next(
            (e for t, e in rows if t == self._t and e.idempotency_key == idempotency_key), None
        )

    async def entries(
        self, user_id: ShopUserId, *, limit: int, offset: int
    ) -> Sequence[LedgerEntry]:
        mine = [e for t, e in self._db().ledger if t == self._t and e.user_id == user_id]
        return sorted(mine, key=lambda e: -e.id)[offset : offset + limit]


class InMemorySubscriptionRepository:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    def _mine(self) -> list[Subscription]:
        return [s for (t, _), s in self._db().subscriptions.items() if t == self._t]

    async def of_user(
        self, user_id: ShopUserId, *, for_update: bool = False
    ) -> Subscription | None:
        return next((s for s in self._mine() if s.user_id == user_id), None)

    async def get(self, subscription_id: SubscriptionId) -> Subscription | None:
        return self._db().subscriptions.get((self._t, subscription_id))

    async def extend(
        self, user_id: ShopUserId, terms: SubscriptionTerms, now: datetime
    ) -> Subscription:
        current = await self.of_user(user_id)
        sub = Subscription(
            id=current.id if current else SubscriptionId(next(self._db().ids)),
            user_id=user_id,
            plan_id=terms.plan_id,
            expires_at=extended_expiry(current.expires_at if current else None, now, terms.days),
            traffic_limit_bytes=terms.traffic_limit_bytes,
            device_limit=terms.device_limit,
            is_trial=terms.is_trial,
            provisioned=False,
            created_at=current.created_at if current else now,
            updated_at=now,
            panel_user_id=current.panel_user_id if current else None,
            subscription_url=current.subscription_url if current else None,
        )
        self._db().subscriptions[(self._t, sub.id)] = sub
        return sub

    async def mark_provisioned(
        self,
        subscription_id: SubscriptionId,
        expires_at: datetime,
        panel_user_id: int,
        subscription_url: str,
    ) -> Subscription | None:
        sub = await self.get(subscription_id)
        if sub is None or sub.expires_at != expires_at:
            return None
        done = replace(
            sub, provisioned=True, panel_user_id=panel_user_id, subscription_url=subscription_url
        )
        self._db().subscriptions[(self._t, sub.id)] = done
        return done

    async def revoke_grant(
        self, subscription_id: SubscriptionId, expires_at: datetime, days: int, now: datetime
    ) -> bool:
        sub = await self.get(subscription_id)
        if sub is None or sub.expires_at != expires_at:
            return False
        self._db().subscriptions[(self._t, sub.id)] = replace(
            sub,
            expires_at=sub.expires_at - timedelta(days=days),
            provisioned=sub.panel_user_id is not None,
            updated_at=now,
        )
        return True

    async def list(
        self, user_id: ShopUserId | None, *, limit: int, offset: int
    ) -> tuple[Sequence[Subscription], int]:
        found = sorted(
            (s for s in self._mine() if user_id is None or s.user_id == user_id), key=lambda s: s.id
        )
        return found[offset : offset + limit], len(found)

    async def remember_reminder(
        self, subscription_id: SubscriptionId, expires_at: datetime, days_before: int
    ) -> bool:
        mark = (self._t, subscription_id, expires_at, days_before)
        if mark in self._db().reminders:
            return False
        self._db().reminders.add(mark)
        return True


class InMemoryProvisioningOutbox:
    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    async def enqueue(
        self, job: NewProvisionJob, now: datetime, lease_until: datetime
    ) -> ProvisionJob:
        job_id: int = next(self._db().ids)
        full = ProvisionJob(id=job_id, attempts=1, **vars_of(job))
        self._db().outbox[job_id] = OutboxRow(self._t, full, "pending", lease_until)
        return full

    def _row(self, job_id: int) -> OutboxRow | None:
        row = self._db().outbox.get(job_id)
        return row if row is not None and row.tenant_id == self._t else None

    async def claim(self, job_id: int, now: datetime, lease_until: datetime) -> ProvisionJob | None:
        row = self._row(job_id)
        if row is None or row.status != "pending" or row.next_attempt_at > now:
            return None
        row.job = replace(row.job, attempts=row.job.attempts + 1)
        row.next_attempt_at = lease_until
        return row.job

    async def complete(self, job_id: int, now: datetime) -> None:
        if (row := self._row(job_id)) is not None:
            row.status, row.last_error = "done", None

    async def retry_later(self, job_id: int, error: str, at: datetime) -> None:
        if (row := self._row(job_id)) is not None:
            row.next_attempt_at, row.last_error = at, error

    async def abandon(self, job_id: int, error: str, now: datetime) -> None:
        if (row := self._row(job_id)) is not None:
            row.status, row.last_error = "abandoned", error


def vars_of(job: NewProvisionJob) -> dict[str, Any]:
    return {name: getattr(job, name) for name in job.__dataclass_fields__}


class InMemoryDueWork:
    def __init__(self, tables: Tables) -> None:
        self._db = tables

    async def due_provisioning(self, now: datetime, limit: int) -> Sequence[tuple[TenantId, int]]:
        rows = [
            (r.next_attempt_at, r.tenant_id, k)
            for k, r in self._db().outbox.items()
            if r.status == "pending" and r.next_attempt_at <= now
        ]
        return [(t, k) for _, t, k in sorted(rows)[:limit]]

    async def expiring(
        self, now: datetime, until: datetime, limit: int
    ) -> Sequence[tuple[TenantId, SubscriptionId]]:
        rows = sorted(
            (s.expires_at, t, s.id)
            for (t, _), s in self._db().subscriptions.items()
            if now < s.expires_at <= until
        )
        return [(t, i) for _, t, i in rows[:limit]]


class InMemoryShopFigures:
    """The figures computed from the in-memory tables (kept equal by the use-case tests
    that run on both adapter sets)."""

    BOUGHT = (LedgerKind.PURCHASE, LedgerKind.RENEWAL)

    def __init__(self, tables: Tables, tenant_id: TenantId) -> None:
        self._db, self._t = tables, tenant_id

    def _users(self) -> list[ShopUser]:
        return [u for (t, _), u in self._db().users.items() if t == self._t]

    def _ledger(self) -> list[LedgerEntry]:
        return [e for t, e in self._db().ledger if t == self._t]

    @staticmethod
    def _windowed(
        moments: list[datetime], windows: Windows, weights: list[int] | None = None
    ) -> Windowed:
        weights = weights or [1] * len(moments)
        since = (windows.today, windows.week, windows.month)
        today, week, month = (
            sum(w for at, w in zip(moments, weights, strict=True) if at >= s) for s in since
        )
        return Windowed(today, week, month)

    async def new_users(self, windows: Windows) -> Windowed:
        return self._windowed([u.created_at for u in self._users()], windows)

    async def active_subscriptions(self, now: datetime) -> int:
        subs = self._db().subscriptions.items()
        return sum(1 for (t, _), s in subs if t == self._t and s.expires_at > now)

    async def purchases(self, windows: Windows) -> tuple[Windowed, Windowed]:
        bought = [e for e in self._ledger() if e.kind in self.BOUGHT]
        moments = [e.created_at for e in bought]
        return (
            self._windowed(moments, windows),
            self._windowed(moments, windows, [-e.amount for e in bought]),
        )

    async def top_ups(self, since: datetime) -> Mapping[str, int]:
        totals: dict[str, int] = {}
        for e in self._ledger():
            if e.kind is LedgerKind.TOP_UP and e.created_at >= since:
                method = e.reference.split(":", 1)[0]
                totals[method] = totals.get(method, 0) + e.amount
        return totals

    async def trial_conversion(self) -> tuple[int, int]:
        ledger = self._ledger()
        trial = [u for u in self._users() if u.trial_used_at is not None]
        converted = sum(
            1
            for u in trial
            if any(
                e.user_id == u.id
                and e.kind in self.BOUGHT
                and e.created_at >= (u.trial_used_at or e.created_at)
                for e in ledger
            )
        )
        return len(trial), converted
