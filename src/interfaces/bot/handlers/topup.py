"""Top-ups in Telegram (docs/payments.md): the method menu, card-to-card (amount -> card ->
receipt), the Stars invoice and the online providers' payment link. Parse input, call
one use case, render a view.

Every step re-checks the method's flag: a hidden button is not access control. A
command or a menu press during the flow ends it and is then handled as usual. A
refusal (`DomainError`) rises to the one error path (src/interfaces/bot/errors.py),
which ends the flow; a handler catches one only to do something else than refuse.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.payments.card_top_up import ReceiptInput
from src.application.payments.top_up_options import CARD_TO_CARD, TELEGRAM_STARS
from src.application.shop.errors import (
    UserNotRegistered,
)
from src.core.ids import PaymentCardId, PlanId
from src.core.payments.card_payment import InvalidReceipt, Receipt
from src.core.payments.online import CRYPTOPAY, YOOKASSA
from src.core.payments.stars import CURRENCY as STARS
from src.core.payments.top_up import AmountOutOfRange, InvalidAmount, parse_amount
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.callbacks import MenuCb, TopUpCb
from src.interfaces.bot.editing import edit_text
from src.interfaces.bot.i18n import clip, t
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.views import topup as views

NOT_COMMAND = ~F.text.startswith("/")
TITLE_MAX = 32
METHODS = {
    "card": CARD_TO_CARD,
    "stars": TELEGRAM_STARS,
    YOOKASSA: YOOKASSA,
    CRYPTOPAY: CRYPTOPAY,
}


class TopUpStates(StatesGroup):
    amount = State()  # data: method (card | stars)
    # data: amount, card_id, card_masked, plan_id, offer. The state outlives the first
    # receipt: a further message for the same offer is a repeat, not a new payment.
    receipt = State()


def build_router() -> Router:
    router = Router(name="topup")
    router.message.register(leave_flow, StateFilter(TopUpStates), F.text.startswith("/"))
    router.callback_query.register(leave_flow, StateFilter(TopUpStates), MenuCb.filter())
    router.callback_query.register(menu, MenuCb.filter(F.action == "balance"))
    router.callback_query.register(menu, TopUpCb.filter(F.action == "menu"))
    router.callback_query.register(method, TopUpCb.filter(F.action.in_(set(METHODS))))
    router.callback_query.register(cancel, TopUpCb.filter(F.action == "cancel"))
    router.message.register(amount_entered, TopUpStates.amount, F.text, NOT_COMMAND)
    router.message.register(receipt_sent, TopUpStates.receipt, F.photo | F.text, NOT_COMMAND)
    router.message.register(not_a_receipt, TopUpStates.receipt, NOT_COMMAND)
    return router


async def _lang(tenant: Tenant, telegram_id: int, payments: PaymentServices) -> str:
    try:
        return (await payments.customer(tenant.id, telegram_id, live=False)).user.language
    except UserNotRegistered:
        return tenant.default_language


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the message with the buttons in place; fall back to a new message."""
    if isinstance(query.message, Message) and query.message.text is not None:
        await edit_text(query.message, text, markup)
    elif query.message is not None and query.bot is not None:
        await query.bot.send_message(query.message.chat.id, text, reply_markup=markup)
    await query.answer()


async def leave_flow(event: Any, state: FSMContext) -> None:
    await state.clear()
    raise SkipHandler


async def menu(
    query: CallbackQuery,
    tenant: Tenant,
    payments: PaymentServices,
    state: FSMContext,
    callback_data: MenuCb | TopUpCb,
) -> None:
    """The balance and the enabled methods; for a plan, what is missing to buy it."""
    await state.clear()
    user_id = query.from_user.id
    plan_id = callback_data.plan_id if isinstance(callback_data, TopUpCb) else 0
    view = await payments.customer(tenant.id, user_id, live=False)
    methods = await payments.options.methods(tenant.id)
    missing = await payments.options.missing(tenant.id, user_id, PlanId(plan_id)) if plan_id else 0
    text, markup = views.methods_menu(
        view.user.language,
        view.user.balance,
        methods,
        payments.currency,
        plan_id=plan_id if missing else 0,
        missing=missing,
    )
    await _show(query, text, markup)


async def method(
    query: CallbackQuery,
    callback_data: TopUpCb,
    tenant: Tenant,
    payments: PaymentServices,
    state: FSMContext,
) -> None:
    """Card or Stars chosen: for a plan, the missing amount at once; else ask the amount."""
    user_id = query.from_user.id
    lang = await _lang(tenant, user_id, payments)
    limits = await payments.options.limits(tenant.id, METHODS[callback_data.action])
    plan_id = callback_data.plan_id
    missing = await payments.options.missing(tenant.id, user_id, PlanId(plan_id)) if plan_id else 0
    if missing > 0 and query.bot is not None:
        await query.answer()
        amount = limits.at_least_min(missing)
        if amount != missing:  # never silently: the user pays more than they lack
            text = views.raised_to_min(lang, missing, limits, payments.currency)
            await query.bot.send_message(user_id, text)
        action = callback_data.action
        await _proceed(query.bot, tenant, payments, state, user_id, lang, action, amount, plan_id)
        return
    await state.set_state(TopUpStates.amount)
    await state.set_data({"method": callback_data.action})
    await _show(query, views.ask_amount(lang, limits, payments.currency), views.cancel(lang))


async def amount_entered(
    message: Message, tenant: Tenant, payments: PaymentServices, state: FSMContext
) -> None:
    user_id = message.from_user.id if message.from_user else message.chat.id
    lang = await _lang(tenant, user_id, payments)
    action = str((await state.get_data()).get("method"))
    limits = await payments.options.limits(tenant.id, METHODS.get(action, ""))
    try:
        typed = parse_amount(message.text or "", payments.currency)
        amount = limits.check(typed.minor)
    except InvalidAmount:
        await message.answer(views.bad_amount(lang, limits, payments.currency))
        return
    except AmountOutOfRange as exc:
        await message.answer(views.out_of_range(lang, exc.low, exc.high, payments.currency))
        return
    if typed.rounded:
        text = views.rounded(lang, (message.text or "").strip(), amount, payments.currency)
        await message.answer(text)
    if message.bot is not None:
        await _proceed(message.bot, tenant, payments, state, user_id, lang, action, amount, 0)


async def _proceed(
    bot: Bot,
    tenant: Tenant,
    payments: PaymentServices,
    state: FSMContext,
    user_id: int,
    lang: str,
    action: str,
    amount: int,
    plan_id: int,
) -> None:
    """Show the card to pay (then wait for the receipt), the provider's payment link, or
    send the Stars invoice."""
    try:
        if action == "card":
            offer = await payments.start_card(tenant, user_id, amount)
        elif action in (YOOKASSA, CRYPTOPAY):
            description = views.online_description(lang, amount, payments.currency, tenant.name)
            link = await payments.start_online(
                tenant, user_id, action, amount, description, PlanId(plan_id) or None
            )
        else:
            invoice = await payments.offer_stars(tenant, user_id, amount, PlanId(plan_id) or None)
    except (AmountOutOfRange, InvalidAmount) as exc:  # not a refusal: the range to keep to
        low, high = (exc.low, exc.high) if isinstance(exc, AmountOutOfRange) else (0, 0)
        await state.clear()
        await bot.send_message(
            user_id,
            views.out_of_range(lang, low, high, payments.currency),
            reply_markup=views.back(lang),
        )
        return
    if action == "card":
        await state.set_state(TopUpStates.receipt)
        await state.set_data(
            {
                "amount": offer.amount,
                "card_id": offer.card_id,
                "card_masked": offer.card_masked,
                "plan_id": plan_id,
                "offer": offer.offer_key,
            }
        )
        text = views.card_offer(lang, offer, payments.currency)
        await bot.send_message(user_id, text, reply_markup=views.cancel(lang))
        return
    await state.clear()
    if action in (YOOKASSA, CRYPTOPAY):
        text, markup = views.online_invoice(lang, link, payments.currency)
        await bot.send_message(user_id, text, reply_markup=markup)
        return
    if invoice.rounded:
        await bot.send_message(user_id, views.stars_rounded(lang, invoice, payments.currency))
    credit = views.money(invoice.credit, payments.currency)
    await bot.send_invoice(
        chat_id=user_id,
        title=clip(t(lang, "topup.stars_title", amount=credit), TITLE_MAX),
        description=clip(t(lang, "topup.stars_description", amount=credit, shop=tenant.name), 255),
        payload=invoice.payload,
        currency=STARS,
        prices=views.stars_prices(lang, invoice.stars),
    )


async def receipt_sent(
    message: Message, tenant: Tenant, payments: PaymentServices, state: FSMContext
) -> None:
    """The receipt of the offer in the FSM data. One offer is one receipt: an album's
    other photos are part of it (no reply), any other message gets "already received"."""
    user_id = message.from_user.id if message.from_user else message.chat.id
    lang = await _lang(tenant, user_id, payments)
    data = await state.get_data()
    photo = message.photo[-1].file_id if message.photo else None
    receipt = Receipt(message.caption if photo else message.text, photo)
    try:
        request = ReceiptInput(
            tenant,
            user_id,
            int(data["amount"]),
            PaymentCardId(int(data["card_id"])),
            str(data["card_masked"]),
            receipt,
            PlanId(int(data["plan_id"])) if data.get("plan_id") else None,
            offer_key=str(data["offer"]),
            media_group_id=message.media_group_id,
        )
    except (KeyError, TypeError, ValueError):  # a state from an older version: start over
        await state.clear()
        await message.answer(t(lang, "common.error"), reply_markup=views.back(lang))
        return
    try:
        submitted = await payments.submit_receipt(request)
    except InvalidReceipt:  # not a refusal: the flow goes on, the receipt is asked again
        await message.answer(t(lang, "topup.send_receipt"))
        return
    if submitted.same_album:
        return
    await message.answer(views.receipt_reply(lang, submitted), reply_markup=views.back(lang))


async def not_a_receipt(message: Message, tenant: Tenant, payments: PaymentServices) -> None:
    user_id = message.from_user.id if message.from_user else message.chat.id
    await message.answer(t(await _lang(tenant, user_id, payments), "topup.send_receipt"))


async def cancel(
    query: CallbackQuery, tenant: Tenant, payments: PaymentServices, state: FSMContext
) -> None:
    await state.clear()
    lang = await _lang(tenant, query.from_user.id, payments)
    await _show(query, t(lang, "topup.cancelled"), views.back(lang))
