"""Read side of the referral program (docs/growth.md, "Referrals"). Bound to one tenant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from src.core.ids import ShopUserId


@dataclass(frozen=True, slots=True)
class ReferralSummary:
    invited: int  # users whose `referred_by` is this user
    paid: int  # of them, those with at least one top-up or purchase
    earned: int  # the sum of this user's referral bonuses, reversals included (minor units)


class ReferralQueries(Protocol):
    """`summary` counts a referrer's referees and earnings; `paid_by` says whether a
    referee's money has already earned the referrer a bonus (`referral:<referee>` rows);
    `top_ups` counts a user's top-up credits."""

    async def summary(self, referrer: ShopUserId) -> ReferralSummary: ...

    async def paid_by(self, referrer: ShopUserId, referee: ShopUserId) -> bool: ...

    async def top_ups(self, user_id: ShopUserId) -> int: ...
