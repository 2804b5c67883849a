"""The console's Cards screen (docs/tenant-console.md): the cards masked with today's
selections (one query), add one (the number Luhn-checked by AddPaymentCard, then the
holder's name), enable / disable, the weight, and the rotation strategy. The same use
cases as the API, each audited as the admin (`tg:<id>`). The full number is never shown
back, nor logged. A refused input (not a card number, not a weight) reaches the one
error path (errors.py), which ends the step.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.payments.add_card import AddPaymentCardInput
from src.application.payments.update_card import UpdatePaymentCardInput
from src.application.tenancy.config import SetConfigInput
from src.core.audit import telegram_actor
from src.core.errors import ValidationError
from src.core.ids import PaymentCardId
from src.core.payments.card import CardDetails, PaymentCard, normalize_card_number
from src.core.tenancy.config import ROTATION_STRATEGIES
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import t
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.tenant_console import ConsoleCb, back, cb, kb, number, show

STRATEGY = "card_rotation_strategy"


class CardForm(StatesGroup):
    number = State()
    holder = State()
    weight = State()


def card_text(lang: str, card: PaymentCard, today: int) -> str:
    d = card.details
    return t(
        lang,
        "tconsole.cd_card",
        number=card.masked(),
        holder=d.holder_name,
        weight=d.weight,
        state=t(lang, "tconsole.on" if d.active else "tconsole.off"),
        ok=card.success_count,
        failed=card.failure_count,
        today=today,
    )


def card_markup(lang: str, card: PaymentCard) -> InlineKeyboardMarkup:
    toggle = "tconsole.cd_disable" if card.details.active else "tconsole.cd_enable"
    return kb(
        [
            (t(lang, toggle), cb("cd_act", card.id)),
            (t(lang, "tconsole.cd_weight"), cb("cd_w", card.id)),
        ],
        back(lang, "cd"),
    )


def _label(card: PaymentCard, today: Mapping[int, int]) -> str:
    mark = "✅" if card.details.active else "⛔"
    return f"{mark} {card.masked()} ×{card.details.weight} · {today.get(card.id, 0)}"


async def _card_screen(
    tc: TenantConsoleServices, tenant: Tenant, card: PaymentCard
) -> tuple[str, InlineKeyboardMarkup]:
    lang = tenant.default_language
    today = (await tc.card_selections(tenant.id)).get(card.id, 0)
    return card_text(lang, card, today), card_markup(lang, card)


def build_router() -> Router:
    router = Router(name="console-cards")

    async def list_screen(query: CallbackQuery, tenant: Tenant, tc: TenantConsoleServices) -> None:
        lang = tenant.default_language
        cards = await tc.list_cards(tenant.id)
        today = await tc.card_selections(tenant.id)
        strategy = (await tc.config(tenant.id))[STRATEGY]
        rows = [[(_label(c, today), cb("cd_open", c.id))] for c in cards]
        rows += [
            [(t(lang, "tconsole.cd_add"), cb("cd_add"))],
            [(t(lang, "tconsole.cd_strategy", strategy=strategy), cb("cd_rot"))],
            back(lang),
        ]
        text = t(lang, "tconsole.cd_title", count=len(cards), today=sum(today.values()))
        await show(query, text, kb(*rows))

    @router.callback_query(ConsoleCb.filter(F.action == "cd"))
    async def cards(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        await state.clear()
        await list_screen(query, tenant, tenant_console)

    @router.callback_query(ConsoleCb.filter(F.action == "cd_open"))
    async def open_card(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        card = await tenant_console.get_card(tenant.id, PaymentCardId(callback_data.id))
        await show(query, *await _card_screen(tenant_console, tenant, card))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_act"))
    async def toggle(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        card_id = PaymentCardId(callback_data.id)
        actor = telegram_actor(query.from_user.id)
        card = await tenant_console.get_card(tenant.id, card_id)
        update = UpdatePaymentCardInput(
            tenant.id, card_id, active=not card.details.active, actor=actor
        )
        card = await tenant_console.update_card(update)
        await show(query, *await _card_screen(tenant_console, tenant, card))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_w"))
    async def ask_weight(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        await state.set_state(CardForm.weight)
        await state.update_data(card=callback_data.id)
        markup = kb(back(lang, "cd_open", callback_data.id))
        await show(query, t(lang, "tconsole.cd_ask_weight"), markup)

    @router.message(CardForm.weight, F.text)
    async def got_weight(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        card_id = PaymentCardId(int((await state.get_data())["card"]))
        actor = telegram_actor(message.from_user.id if message.from_user else 0)
        weight = number(message.text)
        update = UpdatePaymentCardInput(tenant.id, card_id, weight=weight, actor=actor)
        card = await tenant_console.update_card(update)
        await state.clear()
        text, markup = await _card_screen(tenant_console, tenant, card)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "cd_add"))
    async def ask_number(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        await state.set_state(CardForm.number)
        await show(query, t(lang, "tconsole.cd_ask_number"), kb(back(lang, "cd")))

    @router.message(CardForm.number, F.text)
    async def got_number(message: Message, tenant: Tenant, state: FSMContext) -> None:
        digits = normalize_card_number(message.text or "")  # Luhn: refused here, early
        await state.update_data(number=digits)
        await state.set_state(CardForm.holder)
        await message.answer(t(tenant.default_language, "tconsole.cd_ask_holder"))

    @router.message(CardForm.holder, F.text)
    async def got_holder(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        digits = str((await state.get_data())["number"])
        actor = telegram_actor(message.from_user.id if message.from_user else 0)
        details = CardDetails(holder_name=message.text or "")
        card = await tenant_console.add_card(AddPaymentCardInput(tenant.id, digits, details, actor))
        await state.clear()
        text, markup = await _card_screen(tenant_console, tenant, card)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "cd_rot"))
    async def strategies(query: CallbackQuery, tenant: Tenant) -> None:
        lang = tenant.default_language
        rows = [
            [(name, cb("cd_rot!", page=i))] for i, name in enumerate(sorted(ROTATION_STRATEGIES))
        ]
        await show(query, t(lang, "tconsole.cd_ask_strategy"), kb(*rows, back(lang, "cd")))

    @router.callback_query(ConsoleCb.filter(F.action == "cd_rot!"))
    async def set_strategy(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        names = sorted(ROTATION_STRATEGIES)
        if callback_data.page >= len(names):  # a forged index: no such strategy
            raise ValidationError("no such rotation strategy")
        actor = telegram_actor(query.from_user.id)
        change = SetConfigInput(tenant.id, STRATEGY, names[callback_data.page], False, actor)
        await tenant_console.set_config(change)
        await list_screen(query, tenant, tenant_console)

    return router
