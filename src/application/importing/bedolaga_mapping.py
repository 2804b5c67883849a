"""How one Bedolaga v4.x user becomes one Fleet user (the field table is docs/import.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from src.application.ports.importing import (
    ImportedSubscription,
    ImportedUser,
    SourceSubscription,
    SourceUser,
)
from src.core.billing.settings import gib_to_bytes
from src.core.shop.user import REFERRAL_ALPHABET
from src.core.tenancy.tenant import LANGUAGES

# Subscription statuses Bedolaga serves (its `SubscriptionStatus`); `pending` is an
# unpaid draft, `expired` and `disabled` give no access whatever their end date.
LIVE_STATUSES = frozenset({"active", "trial", "limited"})
OPENING_KEY_PREFIX = "import:bedolaga:opening:"
MAX_REFERRAL_CODE = 16  # bot_users.referral_code


def opening_key(telegram_id: int) -> str:
    """One opening balance per Telegram user per tenant, whichever run posts it."""
    return f"{OPENING_KEY_PREFIX}{telegram_id}"


@dataclass(frozen=True, slots=True)
class SubscriptionChoice:
    chosen: SourceSubscription | None
    drafts: int  # pending (unpaid) subscriptions, never imported
    others: int  # further subscriptions of the user: Fleet keeps one per user


def choose_subscription(subscriptions: Sequence[SourceSubscription]) -> SubscriptionChoice:
    """The one subscription Fleet keeps: the live one ending last, else the one ending
    last (Bedolaga's own `User.subscription` prefers a live one the same way)."""
    real = [s for s in subscriptions if s.status != "pending"]
    live = [s for s in real if s.status in LIVE_STATUSES]
    pool = live or real
    chosen = max(pool, key=lambda s: (s.end_date, s.id)) if pool else None
    drafts = len(subscriptions) - len(real)
    return SubscriptionChoice(chosen, drafts, len(real) - (chosen is not None))


@dataclass(frozen=True, slots=True)
class Mapped:
    user: ImportedUser
    choice: SubscriptionChoice
    negative_balance: int  # the part of the balance Fleet cannot hold (0 when none)
    language_replaced: bool
    expiry_clipped: bool  # an expired/disabled subscription whose end date was ahead


def display_name(first: str | None, last: str | None) -> str | None:
    """Fleet keeps one name: Bedolaga's first and last name joined (128 characters)."""
    name = " ".join(part for part in (first, last) if part)
    return name[:128] or None


def usable_referral_code(code: str | None) -> str:
    """The source code when Fleet can store it (else "" asks for a fresh one)."""
    if code and len(code) <= MAX_REFERRAL_CODE and all(c in REFERRAL_ALPHABET for c in code):
        return code
    return ""


def map_user(source: SourceUser, telegram_id: int, default_language: str, now: datetime) -> Mapped:
    choice = choose_subscription(source.subscriptions)
    subscription, clipped = None, False
    if choice.chosen is not None:
        s = choice.chosen
        expires_at = s.end_date
        if s.status not in LIVE_STATUSES and expires_at > now:
            expires_at, clipped = now, True
        subscription = ImportedSubscription(
            expires_at=expires_at,
            traffic_limit_bytes=gib_to_bytes(max(s.traffic_limit_gb, 0)),
            device_limit=max(s.device_limit, 0),
            is_trial=s.is_trial,
            panel_user_id=s.remnawave_id,
            subscription_url=s.subscription_url,
        )
    used = [s for s in source.subscriptions if s.status != "pending"]
    trial_used_at = None
    if used or source.has_had_paid_subscription:
        trial_used_at = min((s.created_at for s in used), default=source.created_at)
    language = source.language if source.language in LANGUAGES else default_language
    balance = max(source.balance_kopeks, 0)
    user = ImportedUser(
        telegram_id=telegram_id,
        username=(source.username or None) and source.username[:64],
        first_name=display_name(source.first_name, source.last_name),
        language=language,
        referral_code=usable_referral_code(source.referral_code),
        balance=balance,
        balance_key=opening_key(telegram_id),
        created_at=source.created_at,
        trial_used_at=trial_used_at,
        subscription=subscription,
    )
    return Mapped(
        user=user,
        choice=choice,
        negative_balance=min(source.balance_kopeks, 0),
        language_replaced=language != source.language,
        expiry_clipped=clipped,
    )


def count(items: Iterable[bool]) -> int:
    return sum(1 for item in items if item)
