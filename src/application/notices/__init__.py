"""What the application tells people, as typed notices (docs/decisions/0007-notices.md).

A use case never words a message: it builds one of these frozen values and hands it
to the `UserNotifier` port (or, for a receipt on the admins' desk, to the
`NoticeRenderer` port). The words, the language file and the buttons live in the
bot's views (`src/interfaces/bot/views/notices.py`), which render every class below.
Amounts travel as `Money`, moments as aware datetimes; formatting is the view's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from src.core.broadcasts import Broadcast
from src.core.ids import TenantId
from src.core.money import Money
from src.core.payments.card_payment import CardPayment
from src.core.shop.user import ShopUser
from src.core.support.ticket import TicketStatus
from src.core.tenancy.tenant import Tenant


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """Anything rendered for people: `language` is the reader's (fa, en, ru)."""

    language: str


@dataclass(frozen=True, slots=True, kw_only=True)
class UserNotice(Notice):
    """A message through the tenant's own bot to one chat (a topic when `thread_id`)."""

    tenant_id: TenantId
    chat_id: int
    thread_id: int | None = None


# --- the shop: subscriptions -------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionReady(UserNotice):
    """A purchase finished: the subscription runs until `expires_at`."""

    expires_at: datetime
    link: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionActivating(UserNotice):
    """Paid; the panel is slow, the outbox finishes it (and says so)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivationDone(UserNotice):
    """A delayed activation finished."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivationRefunded(UserNotice):
    """The panel refused for good: the payment went back to the balance."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AutoRenewed(UserNotice):
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpiryReminder(UserNotice):
    expires_at: datetime
    days_left: int


# --- top-ups -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PurchaseStillShort(UserNotice):
    """A top-up came in, but the balance is still short of the plan it was for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PurchaseAfterTopUpFailed(UserNotice):
    """The plan could not be bought after a top-up; the money stays on the balance."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StarsCredited(UserNotice):
    stars: int
    credit: Money
    balance: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class OnlineTopUpCredited(UserNotice):
    """A provider (YooKassa, Crypto Pay) confirmed a payment and the balance was
    credited; `late`: the invoice had expired or been canceled here first
    (docs/payments.md, "Online providers")."""

    provider: str
    amount: Money
    balance: Money
    late: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralCredited(UserNotice):
    """A referral bonus (`kind` "bonus", to the referrer) or a referee's first top-up
    bonus ("welcome") was credited (docs/growth.md)."""

    kind: str
    amount: Money
    balance: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class CardPaymentSettled(UserNotice):
    """A card-to-card payment was approved, rejected or expired (see its status);
    `balance` is the user's balance after an approval."""

    payment: CardPayment
    currency: str
    balance: Money | None = None


# --- the admins' desk (receipts) -------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptsWaiting(UserNotice):
    """An admin came: `count` receipts nobody could be shown follow."""

    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptForReview(Notice):
    """A receipt as the admins see it, with Approve / Reject / Details."""

    payment: CardPayment
    user: ShopUser | None
    currency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptClosed(Notice):
    """A decided or expired receipt: its text with the outcome, no buttons.
    `decided_by_name`: the deciding admin's name when known."""

    payment: CardPayment
    user: ShopUser | None
    currency: str
    decided_by_name: str | None = None


# --- support tickets (docs/support.md) ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketForAdmins(Notice):
    """A user's ticket message as the admins see it; `first`: it opens the ticket
    (a header naming the user), else a follow-up."""

    ticket_id: int
    user: ShopUser | None
    text: str | None
    first: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketStatusForAdmins(Notice):
    """The ticket changed status by the user's hand (closed)."""

    ticket_id: int
    status: TicketStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketAnswered(UserNotice):
    """An admin answered the user's ticket (`text` may be None for a bare photo)."""

    ticket_id: int
    text: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketsWaiting(UserNotice):
    """An admin came: `count` ticket messages no admin could be shown follow."""

    count: int


# --- a tenant's wallet, told to its admins ------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class WalletLow(UserNotice):
    balance: Money
    threshold: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class WalletSuspended(UserNotice):
    balance: Money
    threshold: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class WalletResumed(UserNotice):
    balance: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class SaleRefusedOverLimit(UserNotice):
    plan: str
    charge: Money
    available: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class SaleRefusedUnlimited(UserNotice):
    plan: str


# --- the platform, told to the master admins ----------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TenantTokenRejected(Notice):
    tenant: Tenant


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptsUnseen(Notice):
    tenant: Tenant
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyDigest(Notice):
    """The master admins' morning figures (docs/master-console.md)."""

    failed: int
    suspended: int
    low_balance: int
    receipts_waiting: int


# --- broadcasts -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcastProgress(Notice):
    """The one progress message of a broadcast (edited as it goes), with a cancel button
    while it runs (docs/broadcasts.md)."""

    broadcast: Broadcast
