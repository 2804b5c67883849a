"""The one table of the bot's refusals: a `DomainError` code -> its words and where they
show (docs/architecture.md, "How an error reaches the user").

A row gives the words per audience (`audience.py`: a shopper, an admin in a console).
A code missing from the table, or without words for the audience, is looked up by the
codes of the error's base classes (so every `NotFound` without its own row reads "no
longer on sale" in the shop and "no longer exists" in a console); nothing found: the
generic `common.error`. The API's counterpart is `src/interfaces/api/problems.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from src.application.billing.errors import SaleRefused
from src.application.broadcasts.start_broadcast import BroadcastNotFound
from src.application.payments.provider_settings import ProviderInUse, ProviderNotConfigured
from src.application.shop.errors import (
    FeatureDisabled,
    PlanUnavailable,
    ProvisioningNotConfigured,
    ShopPaused,
    TrialAlreadyUsed,
    TrialNotOffered,
    UserNotFound,
    UserNotRegistered,
)
from src.application.tenancy.tenant_admins import (
    LastTenantAdmin,
    SelfRemoval,
    TooManyTenantAdmins,
)
from src.core.broadcasts import InvalidBroadcast
from src.core.errors import (
    DomainError,
    DuplicatePaymentCard,
    DuplicatePlanName,
    DuplicateTenantToken,
    ExternalServiceError,
    InsufficientFunds,
    InvalidCardNumber,
    InvalidTelegramToken,
    InvalidTenantTransition,
    MasterTenantProtected,
    NotFound,
    PaymentCardNotFound,
    PlanNotFound,
    ValidationError,
)
from src.core.growth.promo import PromoCodeNotFound, PromoCodeTaken
from src.core.payments.card_payment import (
    CardPaymentDecided,
    CardPaymentNotFound,
    NotTenantAdmin,
    TooManyPendingPayments,
)
from src.core.payments.online import ProviderUnavailable
from src.core.payments.rotation import NoActiveCard
from src.core.support.ticket import (
    NotSupportAdmin,
    TicketClosed,
    TicketEmpty,
    TicketNotFound,
    TicketTooLong,
    TooManyOpenTickets,
)
from src.core.tenancy.features import FeatureNotImplemented
from src.interfaces.bot.audience import Audience
from src.interfaces.bot.i18n import t
from src.interfaces.bot.i18n.overrides import InvalidText, UnknownText
from src.interfaces.bot.views.tenant_console import NotANumber


class Show(Enum):
    CHAT = "chat"  # in the chat: a press's message becomes the refusal (with a way back) + alert
    ALERT = "alert"  # a press's alert only: the message stays (an admin's receipt card)


@dataclass(frozen=True, slots=True)
class Refusal:
    """One row: the words per audience (`None`: this audience has none of its own, the
    lookup goes on with the error's base class) and, for the shop, where they show. A
    console always keeps its screen: a press gets an alert, a typed step a reply."""

    shop: str | None = None
    console: str | None = None
    show: Show = Show.CHAT

    def key(self, audience: Audience) -> str | None:
        return self.console if audience is Audience.CONSOLE else self.shop


GENERIC = Refusal("common.error", "common.error")
REFUSALS: dict[str, Refusal] = {
    SaleRefused.code: Refusal("shop.temporarily_unavailable"),
    ShopPaused.code: Refusal("shop.paused"),
    PlanUnavailable.code: Refusal("shop.plan_unavailable"),
    TrialAlreadyUsed.code: Refusal("shop.trial_used"),
    TrialNotOffered.code: Refusal("shop.trial_not_offered"),
    FeatureDisabled.code: Refusal("shop.feature_off"),
    ProvisioningNotConfigured.code: Refusal("shop.not_configured"),
    UserNotRegistered.code: Refusal("shop.register_first"),
    NoActiveCard.code: Refusal("topup.no_card"),
    ProviderUnavailable.code: Refusal("topup.provider_down"),
    TooManyPendingPayments.code: Refusal("topup.too_many_pending"),
    NotTenantAdmin.code: Refusal("receipt.not_admin", "receipt.not_admin", Show.ALERT),
    CardPaymentNotFound.code: Refusal("receipt.not_found", "receipt.not_found", Show.ALERT),
    CardPaymentDecided.code: Refusal("receipt.already", "receipt.already", Show.ALERT),
    # the consoles' rows (an admin's words; `reason` is the error's own message)
    InvalidTelegramToken.code: Refusal(console="console.token_invalid"),
    DuplicateTenantToken.code: Refusal(console="console.token_used"),
    ExternalServiceError.code: Refusal(console="console.telegram_down"),
    MasterTenantProtected.code: Refusal(console="console.master_protected"),
    InvalidTenantTransition.code: Refusal(console="console.transition_refused"),
    FeatureNotImplemented.code: Refusal(console="console.feature_not_built"),
    ProviderNotConfigured.code: Refusal(console="console.provider_not_configured"),
    ProviderInUse.code: Refusal(console="tconsole.op_in_use"),
    PromoCodeTaken.code: Refusal(console="tconsole.pr_taken"),
    PromoCodeNotFound.code: Refusal(console="tconsole.not_found"),
    UnknownText.code: Refusal(console="tconsole.tx_unknown"),
    InvalidText.code: Refusal(console="tconsole.tx_invalid"),
    NotFound.code: Refusal("shop.plan_unavailable", "console.not_found"),
    ValidationError.code: Refusal(console="console.invalid"),
    # the tenant console's own rows (docs/tenant-console.md)
    NotANumber.code: Refusal(console="tconsole.not_a_number"),
    InvalidBroadcast.code: Refusal(console="tconsole.bc_invalid"),
    BroadcastNotFound.code: Refusal(console="tconsole.bc_not_found"),
    InvalidCardNumber.code: Refusal(console="tconsole.cd_invalid_number"),
    DuplicatePaymentCard.code: Refusal(console="tconsole.cd_duplicate"),
    PaymentCardNotFound.code: Refusal(console="tconsole.not_found"),
    PlanNotFound.code: Refusal(console="tconsole.not_found"),
    DuplicatePlanName.code: Refusal(console="tconsole.pl_duplicate"),
    UserNotFound.code: Refusal(console="tconsole.not_found"),
    InsufficientFunds.code: Refusal(console="tconsole.us_insufficient"),
    LastTenantAdmin.code: Refusal(console="tconsole.ad_last"),
    SelfRemoval.code: Refusal(console="tconsole.ad_self"),
    TooManyTenantAdmins.code: Refusal(console="tconsole.ad_too_many"),
    TooManyOpenTickets.code: Refusal("support.too_many"),
    TicketTooLong.code: Refusal("support.too_long"),
    TicketEmpty.code: Refusal("support.empty"),
    TicketNotFound.code: Refusal("support.not_found"),
    TicketClosed.code: Refusal("support.closed_already"),
    NotSupportAdmin.code: Refusal("support.not_admin"),
}


def _codes(exc: DomainError) -> list[str]:
    return [exc.code, *(c for cls in type(exc).__mro__ if (c := getattr(cls, "code", None)))]


def refusal_of(exc: DomainError, audience: Audience = Audience.SHOP) -> Refusal:
    """The most specific row (the error's code, then its base classes' codes) that has
    words for `audience`; none: the generic "something went wrong"."""
    rows = (REFUSALS.get(code) for code in _codes(exc))
    return next((r for r in rows if r is not None and r.key(audience)), GENERIC)


def refusal_text(lang: str, exc: DomainError, audience: Audience = Audience.SHOP) -> str:
    key = refusal_of(exc, audience).key(audience) or "common.error"  # GENERIC has both
    match exc:
        case TooManyPendingPayments(limit=limit) | TooManyOpenTickets(limit=limit):
            return t(lang, key, limit=limit)
        case TicketTooLong(limit=limit):
            return t(lang, key, limit=limit)
        case CardPaymentDecided(status=status):
            return t(lang, key, status=t(lang, f"receipt.status_{status.value}"))
    if audience is Audience.CONSOLE:
        return t(lang, key, reason=exc.message)
    return t(lang, key)
