"""The one table of the bot's refusals: a `DomainError` code -> its words and where they
show (docs/architecture.md, "How an error reaches the user").

A code missing from the table is looked up by the codes of the error's base classes
(so every `NotFound` without its own row reads "no longer on sale"); nothing found:
the generic `common.error`. The API's counterpart is `src/interfaces/api/problems.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from src.application.billing.errors import SaleRefused
from src.application.shop.errors import (
    FeatureDisabled,
    PlanUnavailable,
    ProvisioningNotConfigured,
    ShopPaused,
    TrialAlreadyUsed,
    TrialNotOffered,
    UserNotRegistered,
)
from src.core.errors import DomainError, NotFound
from src.core.payments.card_payment import (
    CardPaymentDecided,
    CardPaymentNotFound,
    NotTenantAdmin,
    TooManyPendingPayments,
)
from src.core.payments.online import ProviderUnavailable
from src.core.payments.rotation import NoActiveCard
from src.interfaces.bot.i18n import t


class Show(Enum):
    CHAT = "chat"  # in the chat: a press's message becomes the refusal (with a way back) + alert
    ALERT = "alert"  # a press's alert only: the message stays (an admin's receipt card)


@dataclass(frozen=True, slots=True)
class Refusal:
    key: str
    show: Show = Show.CHAT


GENERIC = Refusal("common.error")
REFUSALS: dict[str, Refusal] = {
    SaleRefused.code: Refusal("shop.temporarily_unavailable"),
    ShopPaused.code: Refusal("shop.paused"),
    PlanUnavailable.code: Refusal("shop.plan_unavailable"),
    NotFound.code: Refusal("shop.plan_unavailable"),
    TrialAlreadyUsed.code: Refusal("shop.trial_used"),
    TrialNotOffered.code: Refusal("shop.trial_not_offered"),
    FeatureDisabled.code: Refusal("shop.feature_off"),
    ProvisioningNotConfigured.code: Refusal("shop.not_configured"),
    UserNotRegistered.code: Refusal("shop.register_first"),
    NoActiveCard.code: Refusal("topup.no_card"),
    ProviderUnavailable.code: Refusal("topup.provider_down"),
    TooManyPendingPayments.code: Refusal("topup.too_many_pending"),
    NotTenantAdmin.code: Refusal("receipt.not_admin", Show.ALERT),
    CardPaymentNotFound.code: Refusal("receipt.not_found", Show.ALERT),
    CardPaymentDecided.code: Refusal("receipt.already", Show.ALERT),
}


def refusal_of(exc: DomainError) -> Refusal:
    codes = [exc.code, *(getattr(cls, "code", None) for cls in type(exc).__mro__)]
    return next((REFUSALS[c] for c in codes if c in REFUSALS), GENERIC)


def refusal_text(lang: str, exc: DomainError) -> str:
    key = refusal_of(exc).key
    match exc:
        case TooManyPendingPayments(limit=limit):
            return t(lang, key, limit=limit)
        case CardPaymentDecided(status=status):
            return t(lang, key, status=t(lang, f"receipt.status_{status.value}"))
    return t(lang, key)
