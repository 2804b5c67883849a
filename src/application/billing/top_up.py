"""The master tops up a tenant's wallet (docs/billing.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from src.application.audit.audit_trail import Change, audit_change
from src.application.billing.status import AnnounceStatus, billing_transition
from src.application.billing.wallet_view import WalletView
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import IdempotencyKeyReused
from src.application.tenancy.lookups import require_tenant
from src.core.billing.wallet import (
    KEY_MAX,
    BillingDefaults,
    WalletEntry,
    WalletKind,
    WalletPosting,
    low_balance_pending,
)
from src.core.errors import ValidationError
from src.core.ids import TenantId
from src.core.text import check_line

MAX_TOP_UP = 10**12
NOTE_MAX = 200
KEY_PREFIX = "top-up:"


@dataclass(frozen=True, slots=True)
class TopUpInput:
    tenant_id: TenantId
    amount: int
    note: str | None = None
    idempotency_key: str | None = None  # the client's retry key (`Idempotency-Key`)
    actor: str | None = None  # named: the top-up is audited


@dataclass(frozen=True, slots=True)
class TopUpOutcome:
    entry: WalletEntry
    view: WalletView
    replayed: bool = False  # the key was used before: nothing new happened


class TopUpWallet:
    """Credit a tenant's wallet; master only (the API route is master-only).

    Rules:
    - amount: an integer of 1 to 10^12 minor units; note: one line, at most 200
      characters (the row's reference);
    - idempotent by key: the same key again returns the first top-up and credits
      nothing (also when two arrive at once); the same key with another amount is
      a conflict (`idempotency_key_reused`); without a key every call credits;
    - the tenant row and then its wallet are locked: concurrent top-ups all apply;
    - in the same transaction a suspended tenant whose balance is now at or above
      its suspend threshold is resumed, and a pending low-balance warning is
      dropped once the balance is back at or above its threshold; after commit
      the bots of every process and the tenant's admins are told.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        defaults: BillingDefaults,
        announce: AnnounceStatus,
    ) -> None:
        self._uow, self._clock = uow, clock
        self._defaults, self._announce = defaults, announce

    async def __call__(self, data: TopUpInput) -> TopUpOutcome:
        amount = data.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_TOP_UP:
            raise ValidationError(f"amount must be from 1 to {MAX_TOP_UP}", field="amount")
        note = check_line(data.note, "note", max_length=NOTE_MAX) if data.note else ""
        client_key = uuid.uuid4().hex
        if data.idempotency_key is not None:
            limit = KEY_MAX - len(KEY_PREFIX)
            client_key = check_line(data.idempotency_key, "Idempotency-Key", max_length=limit)
        key = KEY_PREFIX + client_key
        now = self._clock.now()
        async with self._uow.platform() as uow:
            tenant = await require_tenant(uow.tenants, data.tenant_id, for_update=True)
            wallets = uow.wallets.of(tenant.id)
            wallet = await wallets.lock(now)
            earlier = await wallets.by_key(key)
            if earlier is not None:
                if earlier.amount != amount:
                    raise IdempotencyKeyReused("this Idempotency-Key was used for another top-up")
                return TopUpOutcome(earlier, WalletView.of(tenant, wallet, self._defaults), True)
            posting = WalletPosting(WalletKind.TOP_UP, amount, note or "top-up", key)
            entry = await wallets.post(posting, now)
            settings = wallet.settings.effective(self._defaults)
            pending = low_balance_pending(
                wallet.low_balance_pending,
                wallet.balance,
                entry.balance_after,
                settings.low_balance_threshold,
            )
            wallet = replace(wallet, balance=entry.balance_after, low_balance_pending=pending)
            await wallets.save(wallet, now)
            changed = billing_transition(
                tenant, entry.balance_after, settings, now, after_traffic_charge=False
            )
            if changed is not None:
                await uow.tenants.save(changed)
            change = Change(
                tenant.id,
                "wallet.top_up",
                f"wallet:{tenant.id}",
                f"balance {entry.balance_after - amount}",
                f"balance {entry.balance_after} (+{amount}{', ' + note if note else ''})",
            )
            await audit_change(uow.audit, data.actor, change, now)
            await uow.commit()
        if changed is not None:
            await self._announce(changed, entry.balance_after, settings)
            tenant = changed
        return TopUpOutcome(entry, WalletView.of(tenant, wallet, self._defaults))
