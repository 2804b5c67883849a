"""The console's Cards screen (docs/tenant-console.md): the cards masked, add one (the
number Luhn-checked by AddPaymentCard, then the holder's name), enable / disable, the
weight, and the rotation strategy. The same use cases as the API, each audited as the
admin (`tg:<id>`). The full number is never shown back, nor logged.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.i18n import t
from src.application.payments.add_card import AddPaymentCardInput
from src.application.payments.update_card import UpdatePaymentCardInput
from src.application.tenancy.config import SetConfigInput
from src.core.audit import telegram_actor
from src.core.errors import DomainError
from src.core.ids import PaymentCardId
from src.core.payments.card import CardDetails, PaymentCard, normalize_card_number
from src.core.tenancy.config import ROTATION_STRATEGIES
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.interfaces.bot.views.console import ConsoleCb, back, cb, kb, number, show

STRATEGY = "card_rotation_strategy"


class CardForm(StatesGroup):
    number = State()
    holder = State()
    weight = State()


def card_text(lang: str, card: PaymentCard) -> str:
    d = card.details
    return t(
        lang,
        "console.cd_card",
        number=card.masked(),
        holder=d.holder_name,
        weight=d.weight,
        state=t(lang, "console.on" if d.active else "console.off"),
        ok=card.success_count,
        failed=card.failure_count,
    )


def card_markup(lang: str, card: PaymentCard) -> InlineKeyboardMarkup:
    toggle = "console.cd_disable" if card.details.active else "console.cd_enable"
    return kb(
        [
            (t(lang, toggle), cb("cd_act", card.id)),
            (t(lang, "console.cd_weight"), cb("cd_w", card.id)),
        ],
        back(lang, "cd"),
    )


def build_router(container: Container) -> Router:
    router = Router(name="console-cards")

    async def list_screen(query: CallbackQuery, tenant: Tenant) -> None:
        lang = tenant.default_language
        cards = await container.list_payment_cards()(tenant.id)
        strategy = (await container.get_config()(tenant.id))[STRATEGY]
        rows = [
            [
                (
                    f"{'✅' if c.details.active else '⛔'} {c.masked()} ×{c.details.weight}",
                    cb("cd_open", c.id),
                )
            ]
            for c in cards
        ]
        rows += [
            [(t(lang, "console.cd_add"), cb("cd_add"))],
            [(t(lang, "console.cd_strategy", strategy=strategy), cb("cd_rot"))],
            back(lang),
        ]
        await show(query, t(lang, "console.cd_title", count=len(cards)), kb(*rows))

    @router.callback_query(ConsoleCb.filter(F.action == "cd"))
    async def cards(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        await list_screen(query, tenant)

    @router.callback_query(ConsoleCb.filter(F.action == "cd_open"))
    async def open_card(query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant) -> None:
        lang = tenant.default_language
        try:
            card = await container.get_payment_card()(tenant.id, PaymentCardId(callback_data.id))
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
        await show(query, card_text(lang, card), card_markup(lang, card))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_act"))
    async def toggle(query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant) -> None:
        lang, card_id = tenant.default_language, PaymentCardId(callback_data.id)
        actor = telegram_actor(query.from_user.id)
        try:
            card = await container.get_payment_card()(tenant.id, card_id)
            update = UpdatePaymentCardInput(
                tenant.id, card_id, active=not card.details.active, actor=actor
            )
            card = await container.update_payment_card()(update)
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
        await show(query, card_text(lang, card), card_markup(lang, card))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_w"))
    async def ask_weight(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        await state.set_state(CardForm.weight)
        await state.update_data(card=callback_data.id)
        markup = kb(back(lang, "cd_open", callback_data.id))
        await show(query, t(lang, "console.cd_ask_weight"), markup)

    @router.message(CardForm.weight, F.text)
    async def got_weight(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        card_id = PaymentCardId(int((await state.get_data())["card"]))
        actor = telegram_actor(message.from_user.id if message.from_user else 0)
        try:
            weight = number(lang, message.text)
            update = UpdatePaymentCardInput(tenant.id, card_id, weight=weight, actor=actor)
            card = await container.update_payment_card()(update)
        except DomainError as exc:
            await message.answer(exc.message)
            return
        await state.clear()
        await message.answer(card_text(lang, card), reply_markup=card_markup(lang, card))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_add"))
    async def ask_number(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        await state.set_state(CardForm.number)
        await show(query, t(lang, "console.cd_ask_number"), kb(back(lang, "cd")))

    @router.message(CardForm.number, F.text)
    async def got_number(message: Message, tenant: Tenant, state: FSMContext) -> None:
        try:
            digits = normalize_card_number(message.text or "")  # Luhn: refused here, early
        except DomainError as exc:
            await message.answer(exc.message)
            return
        await state.update_data(number=digits)
        await state.set_state(CardForm.holder)
        await message.answer(t(tenant.default_language, "console.cd_ask_holder"))

    @router.message(CardForm.holder, F.text)
    async def got_holder(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        digits = str((await state.get_data())["number"])
        actor = telegram_actor(message.from_user.id if message.from_user else 0)
        details = CardDetails(holder_name=message.text or "")
        try:
            card = await container.add_payment_card()(
                AddPaymentCardInput(tenant.id, digits, details, actor)
            )
        except DomainError as exc:
            await message.answer(exc.message)
            return
        await state.clear()
        await message.answer(card_text(lang, card), reply_markup=card_markup(lang, card))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_rot"))
    async def strategies(query: CallbackQuery, tenant: Tenant) -> None:
        lang = tenant.default_language
        rows = [
            [(name, cb("cd_rot!", page=i))] for i, name in enumerate(sorted(ROTATION_STRATEGIES))
        ]
        await show(query, t(lang, "console.cd_ask_strategy"), kb(*rows, back(lang, "cd")))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_rot!"))
    async def set_strategy(query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant) -> None:
        names = sorted(ROTATION_STRATEGIES)
        if callback_data.page >= len(names):
            await query.answer(t(tenant.default_language, "common.error"), show_alert=True)
            return
        actor = telegram_actor(query.from_user.id)
        change = SetConfigInput(tenant.id, STRATEGY, names[callback_data.page], False, actor)
        await container.set_config_value()(change)
        await list_screen(query, tenant)

    return router
