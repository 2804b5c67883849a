"""The referral program's arithmetic and keys (docs/growth.md, "Referrals"). No I/O.

A referred user's money event (a top-up credit, or a purchase: the tenant's
choice) pays the referrer `percent` of it, rounded down to the minor unit. The
bonus's ledger key embeds the source's own ledger key, so a replayed or twice
approved source can never pay twice; its reversal has a key of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from src.core.ids import ShopUserId

PERCENT_MAX = 100


class ReferralSource(StrEnum):
    TOP_UP = "top_up"
    PURCHASE = "purchase"


@dataclass(frozen=True, slots=True)
class ReferralTerms:
    """The `referral_program` flag's config."""

    percent: int
    source: ReferralSource
    first_top_up_bonus: int  # credited once to a referee at their first top-up (0: none)
    first_purchase_only: bool  # only the referee's first paying event pays the referrer

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> ReferralTerms:
        return cls(
            percent=int(config["percent"]),
            source=ReferralSource(config["source"]),
            first_top_up_bonus=int(config["first_top_up_bonus"]),
            first_purchase_only=bool(config["first_purchase_only"]),
        )

    def bonus(self, amount: int) -> int:
        """`percent` of `amount` (minor units), rounded down: never more than earned."""
        return abs(amount) * self.percent // PERCENT_MAX


def bonus_key(source_key: str) -> str:
    return f"ref:{source_key}"


def reversal_key(source_key: str) -> str:
    return f"ref-reversal:{source_key}"


def welcome_key(referee: ShopUserId) -> str:
    """The referee's first-top-up bonus: one per user by construction."""
    return f"ref-welcome:{referee}"


BONUS_REFERENCE_PREFIX = "referral:"


def bonus_reference(referee: ShopUserId) -> str:
    """The reference of a referrer's bonus row: whose money earned it."""
    return f"{BONUS_REFERENCE_PREFIX}{referee}"


WELCOME_REFERENCE = "referral-welcome"
