"""How top-ups look in Telegram: the method menu, the amount prompt, the card to pay."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice

from src.application.payments.card_top_up import CardOffer, SubmittedReceipt
from src.application.payments.online_top_up import OnlineInvoice
from src.application.payments.stars_top_up import StarsInvoice
from src.application.payments.top_up_options import CARD_TO_CARD, TELEGRAM_STARS, TopUpMethod
from src.core.money import Money
from src.core.payments.online import CRYPTOPAY, YOOKASSA
from src.core.payments.top_up import TopUpLimits
from src.interfaces.bot.callbacks import MenuCb, TopUpCb
from src.interfaces.bot.i18n import plain, t

# flag key -> (button text key, TopUpCb action)
METHOD_BUTTONS = {
    CARD_TO_CARD: ("topup.method_card", "card"),
    TELEGRAM_STARS: ("topup.method_stars", "stars"),
    YOOKASSA: ("topup.method_yookassa", YOOKASSA),
    CRYPTOPAY: ("topup.method_cryptopay", CRYPTOPAY),
}


def money(amount: int, currency: str) -> Money:
    """An amount for `t`, which writes it as the reader's language does."""
    return Money(amount, currency)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _home(lang: str) -> list[InlineKeyboardButton]:
    return [_button(t(lang, "menu.back"), MenuCb(action="home").pack())]


def methods_menu(
    lang: str,
    balance: int,
    methods: Sequence[TopUpMethod],
    currency: str,
    *,
    plan_id: int = 0,
    missing: int = 0,
) -> tuple[str, InlineKeyboardMarkup]:
    """docs/payments.md: only the enabled methods (the handlers re-check each one anyway)."""
    text = t(lang, "shop.balance", balance=money(balance, currency))
    if not methods:
        text += "\n\n" + t(lang, "shop.no_top_up")
        return text, InlineKeyboardMarkup(inline_keyboard=[_home(lang)])
    if plan_id:
        text += "\n\n" + t(lang, "topup.menu_missing", amount=money(missing, currency))
    else:
        text += "\n\n" + t(lang, "topup.menu")
    rows = [
        [
            _button(
                t(lang, METHOD_BUTTONS[m.key][0]),
                TopUpCb(action=METHOD_BUTTONS[m.key][1], plan_id=plan_id).pack(),
            )
        ]
        for m in methods
    ]
    rows.append(_home(lang))
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def cancel(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(t(lang, "topup.cancel"), TopUpCb(action="cancel").pack())]]
    )


def back(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[_home(lang)])


def ask_amount(lang: str, limits: TopUpLimits, currency: str) -> str:
    return t(
        lang,
        "topup.ask_amount",
        min=money(limits.min_amount, currency),
        max=money(limits.max_amount, currency),
    )


def out_of_range(lang: str, low: int, high: int, currency: str) -> str:
    return t(lang, "topup.out_of_range", min=money(low, currency), max=money(high, currency))


def raised_to_min(lang: str, missing: int, limits: TopUpLimits, currency: str) -> str:
    return t(
        lang,
        "topup.raised_to_min",
        missing=money(missing, currency),
        min=money(limits.min_amount, currency),
        amount=money(limits.at_least_min(missing), currency),
    )


def rounded(lang: str, typed: str, amount: int, currency: str) -> str:
    return t(lang, "topup.amount_rounded", typed=typed, amount=money(amount, currency))


def stars_rounded(lang: str, invoice: StarsInvoice, currency: str) -> str:
    """Why `asked` became `credit`: Stars are whole, so the count is rounded up."""
    exact = (Decimal(invoice.asked) / invoice.rate).quantize(
        Decimal("0.01"), rounding=ROUND_CEILING
    )
    return t(
        lang,
        "topup.stars_rounded",
        rate=money(invoice.rate, currency),
        asked=money(invoice.asked, currency),
        exact=f"{exact.normalize():f}",
        stars=invoice.stars,
        amount=money(invoice.credit, currency),
    )


def bad_amount(lang: str, limits: TopUpLimits, currency: str) -> str:
    example = Money(limits.min_amount, currency).format().rsplit(" ", 1)[0]
    return t(lang, "topup.bad_amount", example=example.replace(",", ""))


def card_offer(lang: str, offer: CardOffer, currency: str) -> str:
    number = " ".join(offer.card_number[i : i + 4] for i in range(0, len(offer.card_number), 4))
    return t(
        lang,
        "topup.card_offer",
        amount=money(offer.amount, currency),
        number=number,
        holder=offer.holder_name,
    )


def stars_prices(lang: str, stars: int) -> list[LabeledPrice]:
    return [LabeledPrice(label=t(lang, "topup.stars_label"), amount=stars)]


def receipt_reply(lang: str, submitted: SubmittedReceipt) -> str:
    """The truth about a receipt: recorded before, in front of an admin, or waiting for one."""
    tracking = submitted.payment.tracking_number
    if submitted.repeated:
        return t(lang, "topup.receipt_already", tracking=tracking)
    key = "topup.receipt_received" if submitted.delivered else "topup.receipt_unseen"
    return t(lang, key, tracking=tracking)


def online_invoice(
    lang: str, invoice: OnlineInvoice, currency: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The provider's payment page behind a URL button; the balance is credited when the
    provider confirms the payment (the user is told then)."""
    text = t(lang, "topup.online_invoice", amount=money(invoice.amount, currency))
    pay = InlineKeyboardButton(text=t(lang, "topup.online_pay"), url=invoice.url)
    return text, InlineKeyboardMarkup(inline_keyboard=[[pay], _home(lang)])


def online_description(lang: str, amount: int, currency: str, shop: str) -> str:
    """What the provider's payment page says the payment is for: plain text (the page is
    not Telegram; an `&` in the shop's name must not read `&amp;` there)."""
    return plain(t(lang, "topup.online_description", amount=money(amount, currency), shop=shop))
