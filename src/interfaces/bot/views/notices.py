"""Every notice of `src.application.notices` in words (docs/decisions/0007-notices.md).

`BotNoticeRenderer` is the `NoticeRenderer` the interfaces plug into the container
(`src.interfaces.composition`): the use cases emit typed notices, this module alone
knows their locale keys, how amounts and dates read, and which buttons come along.
"""

from __future__ import annotations

from dataclasses import replace

from src.application import notices as n
from src.application.ports.messaging import Button
from src.application.ports.notices import TEXT_MAX, Rendered
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.console_callbacks import ConsoleCb
from src.interfaces.bot.i18n import clip, rendering_for, t
from src.interfaces.bot.texts import TextContexts
from src.interfaces.bot.views import receipts, support
from src.interfaces.bot.views.shop import date

BROADCAST_CANCEL = "bc:cancel:{id}"  # handlers/tenant_console.py's BroadcastCb


def _text(notice: n.Notice) -> str:
    lang = notice.language
    match notice:
        case n.SubscriptionReady(expires_at=expires, link=link):
            return t(lang, "shop.purchased", date=date(expires), link=link)
        case n.SubscriptionActivating():
            return t(lang, "shop.activating")
        case n.ActivationDone():
            return t(lang, "shop.activation_done")
        case n.ActivationRefunded():
            return t(lang, "shop.activation_refunded")
        case n.AutoRenewed(expires_at=expires):
            return t(lang, "shop.auto_renewed", date=receipts.when(expires))
        case n.ExpiryReminder(expires_at=expires, days_left=days):
            return t(lang, "shop.expiry_reminder", date=receipts.when(expires), days=days)
        case n.PurchaseStillShort():
            return t(lang, "topup.purchase_short")
        case n.PurchaseAfterTopUpFailed():
            return t(lang, "topup.purchase_failed")
        case n.StarsCredited(stars=stars, credit=credit, balance=balance):
            return t(
                lang,
                "topup.stars_credited",
                stars=stars,
                amount=credit,
                balance=balance,
            )
        case n.OnlineTopUpCredited(amount=credited, balance=balance, late=late):
            key = "topup.online_late" if late else "topup.online_credited"
            return t(lang, key, amount=credited.format(), balance=balance.format())
        case n.ReferralCredited(kind=kind, amount=credited, balance=balance):
            key = "referral.welcome_credited" if kind == "welcome" else "referral.bonus_credited"
            return t(lang, key, amount=credited, balance=balance)
        case n.CardPaymentSettled(payment=payment, currency=currency, balance=balance):
            amount = balance.amount if balance is not None else None
            return receipts.user_note(lang, payment, currency, amount)
        case n.ReceiptsWaiting(count=count):
            return t(lang, "receipt.waiting_for_you", count=count)
        case n.ReceiptForReview(payment=payment, user=user, currency=currency):
            return receipts.admin_text(lang, payment, user, currency)
        case n.ReceiptClosed(payment=payment, user=user, currency=currency, decided_by_name=by):
            return receipts.closed_text(lang, payment, user, currency, by)
        case n.WalletLow(balance=balance, threshold=threshold):
            return t(lang, "wallet.low_balance", balance=balance, threshold=threshold)
        case n.WalletSuspended(balance=balance, threshold=threshold):
            return t(lang, "wallet.suspended", balance=balance, threshold=threshold)
        case n.WalletResumed(balance=balance):
            return t(lang, "wallet.resumed", balance=balance)
        case n.SaleRefusedOverLimit(plan=plan, charge=charge, available=available):
            return t(
                lang,
                "wallet.sale_refused_limit",
                plan=plan,
                charge=charge,
                available=available,
            )
        case n.SaleRefusedUnlimited(plan=plan):
            return t(lang, "wallet.sale_refused_unlimited", plan=plan)
        case n.TenantTokenRejected(tenant=tenant):
            return t(lang, "alerts.tenant_failed", **_tenant(tenant))
        case n.ReceiptsUnseen(tenant=tenant, count=count):
            return t(lang, "alerts.receipts_unseen", count=count, **_tenant(tenant))
        case n.DailyDigest(
            failed=failed, suspended=suspended, low_balance=low, receipts_waiting=waiting
        ):
            return t(
                lang,
                "alerts.daily_digest",
                failed=failed,
                suspended=suspended,
                low_balance=low,
                receipts=waiting,
            )
        case n.BroadcastProgress(broadcast=b):
            return t(
                lang,
                f"broadcast.progress_{b.status.value}",
                sent=b.sent,
                total=b.total,
                blocked=b.blocked,
                failed=b.failed,
            )
        case n.TicketForAdmins(ticket_id=ticket_id, user=user, text=text, first=first):
            return support.admin_text(lang, ticket_id, user, text, first=first)
        case n.TicketStatusForAdmins(ticket_id=ticket_id):
            return t(lang, "support.admin_closed", id=ticket_id)
        case n.TicketAnswered(ticket_id=ticket_id, text=text):
            return t(lang, "support.answer", id=ticket_id, text=text or t(lang, "support.photo"))
        case n.TicketsWaiting(count=count):
            return t(lang, "support.admin_waiting", count=count)
    raise TypeError(f"no view renders {type(notice).__name__}")


def _tenant(tenant: Tenant) -> dict[str, object]:
    return {"tenant_id": tenant.id, "name": tenant.name, "username": tenant.username}


class BotNoticeRenderer:
    """`NoticeRenderer`: a notice becomes its text and buttons, a user notice in its
    tenant's wording and style as this process last loaded them (`TextContexts`)."""

    def __init__(self, contexts: TextContexts | None = None) -> None:
        self.contexts = contexts or TextContexts()

    def render(self, notice: n.Notice, *, limit: int = TEXT_MAX) -> Rendered:
        if isinstance(notice, n.UserNotice):
            with rendering_for(self.contexts.get(notice.tenant_id)):
                shown = self._render(notice)
        else:
            shown = self._render(notice)
        # a notice quoting a user's text (a ticket, an answer) may pass Telegram's limit
        return replace(shown, text=clip(shown.text, limit))

    def _render(self, notice: n.Notice) -> Rendered:
        text = _text(notice)
        if isinstance(notice, n.ReceiptForReview):
            rows = receipts.buttons(notice.language, notice.payment.id)
            return Rendered(text, tuple(tuple(row) for row in rows))
        if isinstance(notice, n.BroadcastProgress) and notice.broadcast.running:
            b = notice.broadcast
            # a platform broadcast (owner None) is the master console's to cancel
            data = (
                BROADCAST_CANCEL.format(id=b.id)
                if b.owner is not None
                else ConsoleCb(action="bc_stop", arg=str(b.id)).pack()
            )
            cancel = Button(t(notice.language, "broadcast.cancel"), callback_data=data)
            return Rendered(text, ((cancel,),))
        return Rendered(text)
