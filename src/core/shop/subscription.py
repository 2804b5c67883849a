"""A user's subscription in a tenant (docs/shop.md#purchase): one per (tenant, user).

Rules:
- buying (or renewing) extends from the later of now and the current expiry;
- a trial is offered only to a user who never had a subscription of this tenant
  and never had a trial (`trial_offered`): it never replaces a paid plan;
- days left count a started day as a day, as users count them: a fresh 30-day
  plan has 30 days left, its last hour 1 (`days_left`);
- a reminder `d` days before expiry is due once the remaining time crossed `d`
  days after the expiry was last set (`reminder_due`): a 3-day trial does not
  get the 3-day reminder the moment it starts;
- `provisioned` is false while the panel has not confirmed the latest change
  (the outbox retries it); the user sees "activating" meanwhile;
- traffic is the plan's GB in GiB (0 = unlimited), converted with
  `core.billing.gib_to_bytes` so the panel's limit and billing share one unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from src.core.ids import PlanId, ShopUserId, SubscriptionId
from src.core.shop.user import ShopUser

DAY = timedelta(days=1)


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Subscription:
    id: SubscriptionId
    user_id: ShopUserId
    plan_id: PlanId | None
    expires_at: datetime
    traffic_limit_bytes: int
    device_limit: int
    is_trial: bool
    provisioned: bool
    created_at: datetime
    updated_at: datetime
    panel_user_id: int | None = None
    subscription_url: str | None = None

    def status(self, now: datetime) -> SubscriptionStatus:
        return SubscriptionStatus.ACTIVE if self.expires_at > now else SubscriptionStatus.EXPIRED

    def days_left(self, now: datetime) -> int:
        """Whole days left, a started day counted as one (the ceiling)."""
        return max(0, -(-(self.expires_at - now) // DAY))

    def reminder_due(self, now: datetime, reminder_days: Iterable[int]) -> int | None:
        """The smallest of `reminder_days` whose moment (expiry minus that many days)
        came after the expiry was last set (`updated_at`) and is not after now; None
        when no threshold was crossed. Recording which one was sent is the caller's."""
        crossed = [d for d in reminder_days if self.updated_at < self.expires_at - d * DAY <= now]
        return min(crossed, default=None)


def trial_offered(user: ShopUser, subscription: Subscription | None) -> bool:
    """A trial is for a user who never had a trial nor any subscription of the tenant."""
    return not user.trial_used and subscription is None


def extended_expiry(current: datetime | None, now: datetime, days: int) -> datetime:
    """New expiry: `days` after the later of now and the current expiry."""
    start = current if current is not None and current > now else now
    return start + timedelta(days=days)
