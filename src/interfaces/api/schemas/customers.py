"""A tenant's users, their balance adjustments and their subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from src.application.shop.adjust_balance import REASON_MAX, BalanceAdjusted
from src.application.shop.get_user import UserDetail
from src.application.shop.list_subscriptions import SubscriptionPage
from src.application.shop.list_users import UserPage
from src.core.shop.ledger import MAX_AMOUNT, LedgerEntry, LedgerKind
from src.core.shop.subscription import Subscription, SubscriptionStatus
from src.core.shop.user import ShopUser
from src.interfaces.api.schemas.common import Input

SignedAmount = Annotated[
    int,
    Meta(
        ge=-MAX_AMOUNT,
        le=MAX_AMOUNT,
        description="minor units of FLEET_CURRENCY: positive credits, negative debits; not 0",
    ),
]
Reason = Annotated[str, Meta(min_length=1, max_length=REASON_MAX)]


class UserOut(msgspec.Struct):
    id: int
    telegram_id: int
    username: str | None
    first_name: str | None
    language: str
    balance: int
    referral_code: str
    referred_by: int | None
    trial_used: bool
    created_at: datetime

    @classmethod
    def of(cls, u: ShopUser) -> UserOut:
        return cls(**_user_fields(u))


def _user_fields(u: ShopUser) -> dict[str, Any]:
    return {
        "id": u.id,
        "telegram_id": u.telegram_id,
        "username": u.username,
        "first_name": u.first_name,
        "language": u.language,
        "balance": u.balance,
        "referral_code": u.referral_code,
        "referred_by": u.referred_by,
        "trial_used": u.trial_used,
        "created_at": u.created_at,
    }


class UserPageOut(msgspec.Struct):
    """Ordered by id; `total` counts every match."""

    items: list[UserOut]
    total: int

    @classmethod
    def of(cls, page: UserPage) -> UserPageOut:
        return cls([UserOut.of(u) for u in page.items], page.total)


class LedgerEntryOut(msgspec.Struct):
    id: int
    kind: LedgerKind
    amount: int
    balance_after: int
    reference: str
    created_at: datetime

    @classmethod
    def of(cls, e: LedgerEntry) -> LedgerEntryOut:
        return cls(e.id, e.kind, e.amount, e.balance_after, e.reference, e.created_at)


class UserDetailOut(UserOut):
    """The user, the latest 20 entries of their balance ledger (newest first) and the
    referral program's counts: users they invited, how many of them paid, and the sum
    of their referral bonuses (minor units, reversals included)."""

    ledger: list[LedgerEntryOut]
    referrals_invited: int
    referrals_paid: int
    referral_earnings: int

    @classmethod
    def of_detail(cls, detail: UserDetail) -> UserDetailOut:
        ledger = [LedgerEntryOut.of(e) for e in detail.ledger]
        summary = detail.referrals
        return cls(
            **_user_fields(detail.user),
            ledger=ledger,
            referrals_invited=summary.invited,
            referrals_paid=summary.paid,
            referral_earnings=summary.earned,
        )


class BalanceAdjustmentIn(Input):
    """`reason` is stored as the ledger row's reference."""

    amount: SignedAmount
    reason: Reason


class BalanceAdjustedOut(msgspec.Struct):
    """The user after the adjustment and its ledger row (a replay: the first row)."""

    user: UserOut
    entry: LedgerEntryOut

    @classmethod
    def of(cls, done: BalanceAdjusted) -> BalanceAdjustedOut:
        return cls(UserOut.of(done.user), LedgerEntryOut.of(done.entry))


class SubscriptionOut(msgspec.Struct):
    id: int
    user_id: int
    plan_id: int | None
    expires_at: datetime
    status: SubscriptionStatus
    provisioned: bool
    traffic_limit_bytes: int
    device_limit: int
    is_trial: bool
    subscription_url: str | None

    @classmethod
    def of(cls, s: Subscription, status: SubscriptionStatus) -> SubscriptionOut:
        return cls(
            id=s.id,
            user_id=s.user_id,
            plan_id=s.plan_id,
            expires_at=s.expires_at,
            status=status,
            provisioned=s.provisioned,
            traffic_limit_bytes=s.traffic_limit_bytes,
            device_limit=s.device_limit,
            is_trial=s.is_trial,
            subscription_url=s.subscription_url,
        )


class SubscriptionPageOut(msgspec.Struct):
    """Ordered by id; `status` is computed at the time of the call; `total` counts
    every match."""

    items: list[SubscriptionOut]
    total: int

    @classmethod
    def of(cls, page: SubscriptionPage) -> SubscriptionPageOut:
        return cls([SubscriptionOut.of(s, page.status(s)) for s in page.items], page.total)
