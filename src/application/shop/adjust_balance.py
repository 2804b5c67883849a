from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace

from src.application.audit.audit_trail import audit_in
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import IdempotencyKeyReused
from src.application.shop.get_user import require_user
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import InsufficientFunds, ValidationError
from src.core.ids import ShopUserId, TenantId
from src.core.shop.ledger import DuplicatePosting, LedgerEntry, LedgerKind, Posting
from src.core.shop.user import ShopUser
from src.core.text import check_line, has_forbidden_chars

log = logging.getLogger(__name__)

KEY_PREFIX = "adjust:"
KEY_MAX = 200 - len(KEY_PREFIX)  # the ledger's keys are at most 200 characters
REASON_MAX = 200


@dataclass(frozen=True, slots=True)
class AdjustBalanceInput:
    tenant_id: TenantId
    user_id: ShopUserId
    amount: int  # signed minor units: positive credits, negative debits
    reason: str
    idempotency_key: str | None = None  # the client's; None: this call is its own request
    by_master: bool = False  # who asked (logged)
    actor: str | None = None  # audited as this actor (`tg:<id>`); None: not audited here


@dataclass(frozen=True, slots=True)
class BalanceAdjusted:
    user: ShopUser
    entry: LedgerEntry
    repeated: bool = False  # the key was applied before; nothing new happened


class AdjustBalance:
    """Credit or debit a user's balance by hand, with a reason (docs/shop.md#balance-and-ledger).

    Rules:
    - the amount is a non-zero integer of at most 10^12 either way (field
      `amount`); the reason is one line of 1-200 characters (field `reason`) and
      becomes the ledger row's reference; the row's kind is `adjustment`;
    - an unknown tenant, or a user missing from it (another tenant's included),
      is not found;
    - the balance never goes below zero: a larger debit is InsufficientFunds
      naming the available balance, and nothing is written;
    - the user's row is locked: of two concurrent debits with balance for one,
      exactly one succeeds;
    - one idempotency key applies once (ledger key `adjust:<key>`, unique per
      tenant): a replay returns the first entry and the user as they are now; the
      key reused for another user, amount or reason is IdempotencyKeyReused;
      without a key every call is a new adjustment.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, data: AdjustBalanceInput) -> BalanceAdjusted:
        reason = check_line(data.reason, "reason", max_length=REASON_MAX)
        key = KEY_PREFIX + _client_key(data.idempotency_key)
        posting = Posting(LedgerKind.ADJUSTMENT, data.amount, reason, key)
        try:
            done = await self._apply(data, posting)
        except DuplicatePosting:
            # the same key committed meanwhile for another user (the lock of this
            # user did not serialize the two): a fresh transaction sees it
            done = await self._apply(data, posting)
        if not done.repeated:
            log.info(
                "user balance adjusted",
                extra={
                    "tenant_id": data.tenant_id,
                    "user_id": done.user.id,
                    "amount": done.entry.amount,
                    "entry_id": done.entry.id,
                    "by": "master" if data.by_master else "tenant",
                },
            )
        return done

    async def _apply(self, data: AdjustBalanceInput, posting: Posting) -> BalanceAdjusted:
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            user = await require_user(uow.users, data.user_id, for_update=True)
            earlier = await uow.ledger.by_key(posting.idempotency_key)
            if earlier is not None:
                return _replay(earlier, user, posting)
            if user.balance + posting.amount < 0:
                raise _insufficient(user.balance, posting.amount)
            now = self._clock.now()
            entry = await uow.ledger.post(user.id, posting, now)
            after = f"{posting.amount:+d}: {posting.reference}"
            await audit_in(
                uow, data.actor, "user.adjust_balance", f"user:{user.id}", now, after=after
            )
            await uow.commit()
        return BalanceAdjusted(replace(user, balance=entry.balance_after), entry)


def _client_key(key: str | None) -> str:
    if key is None:
        return uuid.uuid4().hex
    if not 1 <= len(key) <= KEY_MAX or has_forbidden_chars(key):
        raise ValidationError(
            f"the idempotency key must be 1-{KEY_MAX} printable characters",
            field="idempotency_key",
        )
    return key


def _replay(done: LedgerEntry, user: ShopUser, posting: Posting) -> BalanceAdjusted:
    same = (done.user_id, done.kind, done.amount, done.reference) == (
        user.id,
        posting.kind,
        posting.amount,
        posting.reference,
    )
    if not same:
        raise IdempotencyKeyReused("this idempotency key was used for another adjustment")
    return BalanceAdjusted(user, done, repeated=True)


def _insufficient(available: int, amount: int) -> InsufficientFunds:
    return InsufficientFunds(
        f"the available balance is {available}; a debit of {-amount} would take it below zero"
    )
