"""Every notice a use case can emit is worded by the bot's views, in every language,
and the bot's one refusal table resolves every error it is meant to
(docs/decisions/0007-notices.md).

Cases considered: a notice class added without a view (the renderer must not fall
back silently: every concrete class below has a sample, and the samples cover the
classes); a placeholder left unfilled; an error whose code has no row (its base
class's row, else the generic text); an instance with its own code; the wallet's
SaleRefused and the shop's ShopPaused (its base) no longer disagree; the container
built without the views fails loudly instead of sending nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from dependency_injector.errors import Error as DependencyError

from src.application import notices as n
from src.application.billing.errors import SaleRefused
from src.application.shop.errors import ShopPaused, TrialAlreadyUsed
from src.core.broadcasts import Broadcast, BroadcastMessage, BroadcastStatus
from src.core.errors import (
    DomainError,
    InvalidTelegramToken,
    PlanNotFound,
    TenantNotFound,
    ValidationError,
)
from src.core.ids import PaymentCardId, ShopUserId, TenantId
from src.core.money import Money
from src.core.payments.card_payment import (
    CardPayment,
    CardPaymentDecided,
    CardPaymentNotFound,
    CardPaymentStatus,
    Receipt,
)
from src.core.support.ticket import TicketStatus
from src.core.tenancy.tenant import LANGUAGES, Tenant, TenantStatus
from src.infrastructure.container import Container
from src.infrastructure.settings import Settings
from src.interfaces.bot.audience import Audience
from src.interfaces.bot.i18n import catalog, t
from src.interfaces.bot.views.notices import BotNoticeRenderer
from src.interfaces.bot.views.refusals import GENERIC, REFUSALS, refusal_of, refusal_text

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TO = {"tenant_id": TenantId(7), "chat_id": 42}
RUB = "RUB"
PAYMENT = CardPayment(
    id=5,
    user_id=ShopUserId(1),
    card_id=PaymentCardId(2),
    card_masked="6037 **** 1234",
    amount=150_000,
    tracking_number="C2C0123456789ABCDEF",
    status=CardPaymentStatus.APPROVED,
    receipt=Receipt("paid", None),
    plan_id=None,
    created_at=NOW,
    expires_at=NOW,
    decided_by="tg:9",
)
BROADCAST = Broadcast(7, None, BroadcastMessage("hi"), BroadcastStatus.RUNNING, 10, sent=3)
TENANT = Tenant(
    id=TenantId(7),
    name="Alpha",
    telegram_bot_id=1,
    username="alpha_bot",
    is_master=False,
    status=TenantStatus.ACTIVE,
    default_language="en",
    created_at=NOW,
    updated_at=NOW,
)


M = Money(1000, RUB)


def samples(lang: str) -> list[n.Notice]:
    to = {**TO, "language": lang}
    return [
        n.SubscriptionReady(**to, expires_at=NOW, link="https://sub/x"),  # type: ignore[arg-type]
        n.SubscriptionActivating(**to),  # type: ignore[arg-type]
        n.ActivationDone(**to),  # type: ignore[arg-type]
        n.ActivationRefunded(**to),  # type: ignore[arg-type]
        n.AutoRenewed(**to, expires_at=NOW),  # type: ignore[arg-type]
        n.ExpiryReminder(**to, expires_at=NOW, days_left=3),  # type: ignore[arg-type]
        n.PurchaseStillShort(**to),  # type: ignore[arg-type]
        n.PurchaseAfterTopUpFailed(**to),  # type: ignore[arg-type]
        n.StarsCredited(**to, stars=10, credit=Money(1000, RUB), balance=Money(5000, RUB)),  # type: ignore[arg-type]
        n.OnlineTopUpCredited(**to, provider="yookassa", amount=M, balance=M),  # type: ignore[arg-type]
        n.OnlineTopUpCredited(**to, provider="cryptopay", amount=M, balance=M, late=True),  # type: ignore[arg-type]
        n.ReferralCredited(**to, kind="bonus", amount=Money(864, RUB), balance=Money(864, RUB)),  # type: ignore[arg-type]
        n.ReferralCredited(**to, kind="welcome", amount=Money(500, RUB), balance=Money(500, RUB)),  # type: ignore[arg-type]
        n.CardPaymentSettled(**to, payment=PAYMENT, currency=RUB, balance=Money(9, RUB)),  # type: ignore[arg-type]
        n.ReceiptsWaiting(**to, count=2),  # type: ignore[arg-type]
        n.ReceiptForReview(language=lang, payment=PAYMENT, user=None, currency=RUB),
        n.ReceiptClosed(language=lang, payment=PAYMENT, user=None, currency=RUB),
        n.WalletLow(**to, balance=Money(1, RUB), threshold=Money(2, RUB)),  # type: ignore[arg-type]
        n.WalletSuspended(**to, balance=Money(1, RUB), threshold=Money(2, RUB)),  # type: ignore[arg-type]
        n.WalletResumed(**to, balance=Money(3, RUB)),  # type: ignore[arg-type]
        n.SaleRefusedOverLimit(**to, plan="Month", charge=Money(5, RUB), available=Money(1, RUB)),  # type: ignore[arg-type]
        n.SaleRefusedUnlimited(**to, plan="Month"),  # type: ignore[arg-type]
        n.TenantTokenRejected(language=lang, tenant=TENANT),
        n.ReceiptsUnseen(language=lang, tenant=TENANT, count=4),
        n.DailyDigest(language=lang, failed=1, suspended=2, low_balance=3, receipts_waiting=4),
        n.BroadcastProgress(language=lang, broadcast=BROADCAST),
        n.TicketForAdmins(language=lang, ticket_id=3, user=None, text="help", first=True),
        n.TicketForAdmins(language=lang, ticket_id=3, user=None, text=None, first=False),
        n.TicketStatusForAdmins(language=lang, ticket_id=3, status=TicketStatus.CLOSED),
        n.TicketAnswered(**to, ticket_id=3, text="done"),  # type: ignore[arg-type]
        n.TicketsWaiting(**to, count=2),  # type: ignore[arg-type]
    ]


def every_notice_class() -> set[type[n.Notice]]:
    """The notice classes the module declares (slots dataclasses are new classes, so
    `__subclasses__` also lists their discarded originals)."""
    return {
        cls
        for cls in vars(n).values()
        if isinstance(cls, type)
        and issubclass(cls, n.Notice)
        and cls not in (n.Notice, n.UserNotice)
    }


def test_the_samples_cover_every_notice_class() -> None:
    assert {type(s) for s in samples("en")} == every_notice_class()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_notice_is_worded_in_every_language(lang: str) -> None:
    renderer = BotNoticeRenderer()
    for notice in samples(lang):
        text = renderer.render(notice).text
        assert text and "{" not in text, type(notice).__name__
        assert text not in catalog("en"), type(notice).__name__  # not a bare key


def test_a_receipt_for_review_comes_with_its_decision_buttons() -> None:
    review = n.ReceiptForReview(language="en", payment=PAYMENT, user=None, currency=RUB)
    rendered = BotNoticeRenderer().render(review)
    assert [b.callback_data for row in rendered.buttons for b in row] == [
        "rc:ok:5",
        "rc:no:5",
        "rc:info:5",
    ]
    assert "150,000.00 RUB" not in rendered.text and "1,500.00 RUB" in rendered.text


def test_a_notice_without_a_view_is_an_error_not_silence() -> None:
    class Unworded(n.UserNotice):
        pass

    with pytest.raises(TypeError, match="Unworded"):
        BotNoticeRenderer().render(Unworded(language="en", tenant_id=TenantId(1), chat_id=1))


def test_one_refusal_table_resolves_by_code_then_base_class() -> None:
    def shop(exc: DomainError) -> str | None:
        return refusal_of(exc).key(Audience.SHOP)

    assert shop(SaleRefused("empty wallet", reason="wallet_credit_limit")) == (
        "shop.temporarily_unavailable"
    )
    assert shop(ShopPaused("paused")) == "shop.paused"
    assert shop(TrialAlreadyUsed("used")) == "shop.trial_used"
    assert shop(PlanNotFound("gone")) == "shop.plan_unavailable"  # NotFound's row
    assert shop(DomainError("x", code="trial_already_used")) == "shop.trial_used"
    assert refusal_of(DomainError("x")) is GENERIC
    decided = CardPaymentDecided(CardPaymentStatus.REJECTED, "tg:1")
    assert refusal_text("en", decided) == t("en", "receipt.already", status="rejected")


def test_the_table_has_a_column_per_audience() -> None:
    """The same error reads differently to a shopper and to an admin in a console; a
    row without words for an audience hands over to the error's base class."""
    gone = TenantNotFound("gone")  # (a plan, a card, a user: the tenant console's own row)
    assert refusal_of(gone, Audience.CONSOLE).key(Audience.CONSOLE) == "console.not_found"
    assert refusal_of(PlanNotFound("gone"), Audience.CONSOLE).key(Audience.CONSOLE) == (
        "tconsole.not_found"
    )
    bad_token = InvalidTelegramToken("Unauthorized")
    assert refusal_text("en", bad_token, Audience.CONSOLE) == t(
        "en", "console.token_invalid", reason="Unauthorized"
    )
    assert refusal_of(bad_token) is GENERIC  # a shopper never sees a token's words
    invalid = ValidationError("must be a whole number")
    assert refusal_text("en", invalid, Audience.CONSOLE) == t(
        "en", "console.invalid", reason="must be a whole number"
    )
    # a console's receipt decision speaks the receipt's words, not "not found"
    assert refusal_of(CardPaymentNotFound("x"), Audience.CONSOLE).key(Audience.CONSOLE) == (
        "receipt.not_found"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_has_its_words_in_every_language(lang: str) -> None:
    for refusal in (*REFUSALS.values(), GENERIC):
        for key in (refusal.shop, refusal.console):
            assert key is None or key in catalog(lang)


def test_a_container_without_the_views_fails_loudly(settings: Settings) -> None:
    bare = Container(settings=settings, database_url="memory://")
    with pytest.raises(DependencyError):
        bare.notifier()
