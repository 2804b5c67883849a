"""A user's subscription in a tenant (PRODUCT 3.4-3.8): one per (tenant, user).

Rules:
- buying (or renewing) extends from the later of now and the current expiry;
- a trial is allowed once per user;
- `provisioned` is false while the panel has not confirmed the latest change
  (the outbox retries it); the user sees "activating" meanwhile;
- traffic is the plan's GB in GiB (0 = unlimited), converted with
  `core.billing.gib_to_bytes` so the panel's limit and billing share one unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from src.core.ids import PlanId, ShopUserId, SubscriptionId


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
        return max(0, (self.expires_at - now).days)


def extended_expiry(current: datetime | None, now: datetime, days: int) -> datetime:
    """New expiry: `days` after the later of now and the current expiry."""
    start = current if current is not None and current > now else now
    return start + timedelta(days=days)
