"""The referral program (docs/growth.md, "Referrals"): bonuses paid, reversed, shown."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from src.application.notices import ReferralCredited
from src.application.ports.notices import UserNotifier
from src.application.ports.referrals import ReferralSummary
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.application.shop.errors import UserNotRegistered
from src.application.tenancy.features import GetFeatures
from src.core.growth.referral import (
    WELCOME_REFERENCE,
    ReferralSource,
    ReferralTerms,
    bonus_key,
    bonus_reference,
    reversal_key,
    welcome_key,
)
from src.core.ids import TenantId
from src.core.money import Money
from src.core.shop.ledger import DuplicatePosting, LedgerEntry, LedgerKind, Posting
from src.core.shop.user import ShopUser
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
FLAG = "referral_program"
_SOURCES = {
    LedgerKind.TOP_UP: ReferralSource.TOP_UP,
    LedgerKind.PURCHASE: ReferralSource.PURCHASE,
    LedgerKind.RENEWAL: ReferralSource.PURCHASE,
}


@dataclass(frozen=True, slots=True)
class ReferralNotice:
    """A credit to tell its owner about once the transaction committed."""

    telegram_id: int
    language: str
    text_key: str  # referral.bonus_credited or referral.welcome_credited
    amount: int
    balance: int


class ReferralRewards:
    """THE hook every money source calls after crediting or charging a user, inside
    the same transaction (card approval, Stars, online providers, purchases).

    Rules:
    - nothing happens unless `referral_program` is on and the payer was referred;
    - the referrer earns `percent` of the source (rounded down to the minor unit)
      when the source's kind is the configured one (`top_up`, or `purchase`, which
      includes renewals), as `referral_bonus` under `ref:<source ledger key>`, so a
      replayed or twice approved source pays once (the database refuses the second
      row); `first_purchase_only`: only the referee's first paying event pays;
    - a referee's first top-up also credits them `first_top_up_bonus` (if set), once
      per user (`ref-welcome:<user id>`);
    - `reverse` takes a source's bonus back (`ref-reversal:<source key>`) when the
      source is refunded, whatever the flag says now; never below zero: a referrer
      who spent it loses what is left;
    - `announce` tells every credited user after commit (best effort).
    Rows are locked referee first, then referrer: referrals form no cycle (a referrer
    exists before the referee registers), so two hooks never wait on each other.
    """

    def __init__(self, features: GetFeatures, notifier: UserNotifier, currency: str) -> None:
        self._features, self._notifier, self._currency = features, notifier, currency

    async def after_credit(
        self, uow: TenantUnitOfWork, payer: ShopUser, source: LedgerEntry, now: datetime
    ) -> list[ReferralNotice]:
        if payer.referred_by is None:
            return []
        state = (await self._features(uow.tenant_id))[FLAG]
        if not state.enabled:
            return []
        terms = ReferralTerms.of(state.config)
        notices: list[ReferralNotice] = []
        first_top_up = (
            source.kind is LedgerKind.TOP_UP
            and terms.first_top_up_bonus > 0
            and await uow.referrals.top_ups(payer.id) == 1
        )
        if first_top_up:
            welcome = Posting(
                LedgerKind.REFERRAL_BONUS,
                terms.first_top_up_bonus,
                WELCOME_REFERENCE,
                welcome_key(payer.id),
            )
            entry = await _post_once(uow, payer, welcome, now)
            if entry is not None:
                notices.append(_notice(payer, "referral.welcome_credited", entry))
        amount = terms.bonus(source.amount)
        if _SOURCES.get(source.kind) is not terms.source or amount <= 0:
            return notices
        referrer = await uow.users.get(payer.referred_by)
        if referrer is None:
            return notices
        if terms.first_purchase_only and await uow.referrals.paid_by(referrer.id, payer.id):
            return notices
        bonus = Posting(
            LedgerKind.REFERRAL_BONUS,
            amount,
            bonus_reference(payer.id),
            bonus_key(source.idempotency_key),
        )
        entry = await _post_once(uow, referrer, bonus, now)
        if entry is not None:
            notices.append(_notice(referrer, "referral.bonus_credited", entry))
        return notices

    async def reverse(self, uow: TenantUnitOfWork, source_key: str, now: datetime) -> None:
        bonus = await uow.ledger.by_key(bonus_key(source_key))
        if bonus is None:
            return
        referrer = await uow.users.get(bonus.user_id, for_update=True)
        amount = min(bonus.amount, referrer.balance if referrer else 0)
        if referrer is None or amount <= 0:
            log.warning("a refunded source's referral bonus was already spent")
            return
        posting = Posting(
            LedgerKind.REFERRAL_BONUS, -amount, bonus.reference, reversal_key(source_key)
        )
        await _post_once(uow, referrer, posting, now)

    async def announce(self, tenant_id: TenantId, notices: list[ReferralNotice]) -> None:
        for notice in notices:
            kind = "welcome" if notice.text_key == "referral.welcome_credited" else "bonus"
            await self._notifier.notify(
                ReferralCredited(
                    tenant_id=tenant_id,
                    chat_id=notice.telegram_id,
                    language=notice.language,
                    kind=kind,
                    amount=Money(notice.amount, self._currency),
                    balance=Money(notice.balance, self._currency),
                )
            )


async def _post_once(
    uow: TenantUnitOfWork, user: ShopUser, posting: Posting, now: datetime
) -> LedgerEntry | None:
    try:
        return await uow.ledger.post(user.id, posting, now)
    except DuplicatePosting:  # paid before: exactly once
        return None


def _notice(user: ShopUser, key: str, entry: LedgerEntry) -> ReferralNotice:
    return ReferralNotice(user.telegram_id, user.language, key, entry.amount, entry.balance_after)


@dataclass(frozen=True, slots=True)
class ReferralScreen:
    user: ShopUser
    link: str
    summary: ReferralSummary
    terms: ReferralTerms


class GetReferralScreen:
    """The Referrals screen: the user's link `t.me/<bot>?start=ref_<code>`, how many
    they invited, how many of those paid, and what they earned."""

    def __init__(self, uow: UnitOfWorkFactory, features: GetFeatures) -> None:
        self._uow, self._features = uow, features

    async def __call__(self, tenant: Tenant, telegram_id: int) -> ReferralScreen:
        terms = ReferralTerms.of((await self._features(tenant.id))[FLAG].config)
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            if user is None:
                raise UserNotRegistered("send /start first")
            summary = await uow.referrals.summary(user.id)
        link = f"https://t.me/{tenant.username}?start=ref_{user.referral_code}"
        return ReferralScreen(user, link, summary, terms)
