"""Texts of the receipt review: the admin chat's message, its buttons, the user's notes
(rendered from the notices in `src.application.notices`).

Admins read the tenant's default language, users their own. A photo caption holds
at most 1024 characters, so the receipt text is cut to fit what Telegram takes.
"""

from __future__ import annotations

from datetime import datetime

from src.application.ports.messaging import Button
from src.core.money import Money
from src.core.payments.card_payment import CardPayment, CardPaymentStatus
from src.core.shop.user import ShopUser
from src.interfaces.bot.i18n import Moment, clip, t

CAPTION_MAX = 1024
RECEIPT_SHOWN_MAX = 600
ALERT_MAX = 200


def money(amount: int, currency: str) -> Money:
    """An amount for `t`, which writes it as the reader's language does."""
    return Money(amount, currency)


def when(moment: datetime) -> Moment:
    """A date and time for `t`, in the reader's language and the tenant's calendar."""
    return Moment(moment)


def who(decided_by: str | None, name: str | None = None) -> str:
    """`tg:<id>` -> the admin (by name when known), `api:<role>` -> the API."""
    if decided_by is None:
        return "—"
    kind, _, rest = decided_by.partition(":")
    if kind == "tg":
        return f"{name} ({rest})" if name else rest
    return f"API ({rest})"


def user_label(user: ShopUser | None) -> str:
    if user is None:
        return "—"
    parts = [user.first_name or "", f"@{user.username}" if user.username else ""]
    label = " ".join(p for p in parts if p)
    return f"{label} · {user.telegram_id}" if label else str(user.telegram_id)


def admin_text(lang: str, payment: CardPayment, user: ShopUser | None, currency: str) -> str:
    text = t(
        lang,
        "receipt.admin",
        tracking=payment.tracking_number,
        amount=money(payment.amount, currency),
        user=user_label(user),
        card=payment.card_masked,
        sent=when(payment.created_at),
    )
    if payment.receipt.text:
        shown = payment.receipt.text
        if len(shown) > RECEIPT_SHOWN_MAX:
            shown = shown[: RECEIPT_SHOWN_MAX - 1] + "…"
        text += "\n\n" + t(lang, "receipt.text", text=shown)
    return text


def outcome_line(lang: str, payment: CardPayment, name: str | None = None) -> str:
    if payment.status is CardPaymentStatus.APPROVED:
        line = t(lang, "receipt.approved_by", who=who(payment.decided_by, name))
    elif payment.status is CardPaymentStatus.REJECTED:
        line = t(lang, "receipt.rejected_by", who=who(payment.decided_by, name))
    else:
        line = t(lang, "receipt.expired")
    if payment.note:
        line += "\n" + t(lang, "receipt.note", note=payment.note[:200])
    return line


def closed_text(
    lang: str, payment: CardPayment, user: ShopUser | None, currency: str, name: str | None
) -> str:
    text = f"{admin_text(lang, payment, user, currency)}\n\n{outcome_line(lang, payment, name)}"
    return clip(text, CAPTION_MAX)


def buttons(lang: str, payment_id: int) -> list[list[Button]]:
    """Approve / Reject / Details; the data carries only the payment id (`rc:<act>:<id>`,
    the bot's ReceiptCb format): the tenant comes from the bot the press reaches."""
    return [
        [
            Button(t(lang, "receipt.approve"), f"rc:ok:{payment_id}"),
            Button(t(lang, "receipt.reject"), f"rc:no:{payment_id}"),
        ],
        [Button(t(lang, "receipt.details"), f"rc:info:{payment_id}")],
    ]


def user_note(lang: str, payment: CardPayment, currency: str, balance: int | None) -> str:
    amount = money(payment.amount, currency)
    tracking = payment.tracking_number
    if payment.status is CardPaymentStatus.APPROVED:
        return t(
            lang,
            "topup.c2c_approved",
            tracking=tracking,
            amount=amount,
            balance=money(balance or 0, currency),
        )
    if payment.status is CardPaymentStatus.REJECTED:
        text = t(lang, "topup.c2c_rejected", tracking=tracking, amount=amount)
        if payment.note:
            text += "\n" + t(lang, "receipt.note", note=payment.note)
        return text
    return t(lang, "topup.c2c_expired", tracking=tracking, amount=amount)


def details_alert(
    lang: str, payment: CardPayment, user: ShopUser | None, currency: str, pending: int
) -> str:
    text = t(
        lang,
        "receipt.details_text",
        tracking=payment.tracking_number,
        status=t(lang, f"receipt.status_{payment.status.value}"),
        amount=money(payment.amount, currency),
        telegram_id=user.telegram_id if user else "—",
        balance=money(user.balance if user else 0, currency),
        pending=pending,
        expires=when(payment.expires_at),
    )
    return clip(text, ALERT_MAX)
