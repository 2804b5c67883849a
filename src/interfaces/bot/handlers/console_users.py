"""The console's Users screen (docs/tenant-console.md): search by Telegram id, @username
or name; a user's card (balance, subscription, last balance changes); adjust the balance
(amount, reason, a confirmation whose key makes it apply once however often it is
pressed); block / unblock. The same use cases as the API, each audited `tg:<id>`.
"""

from __future__ import annotations

import secrets

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.i18n import t
from src.application.payments.receipt_texts import money, user_label, when
from src.application.shop.adjust_balance import AdjustBalanceInput
from src.application.shop.block_user import BlockUserInput
from src.core.audit import telegram_actor
from src.core.errors import DomainError, ValidationError
from src.core.ids import ShopUserId
from src.core.shop.user import ShopUser
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.interfaces.bot.views.console import PAGE, ConsoleCb, back, cb, kb, number, show

LEDGER_SHOWN = 5


class UserForm(StatesGroup):
    query = State()
    amount = State()
    reason = State()


def user_markup(lang: str, user: ShopUser) -> InlineKeyboardMarkup:
    block = "console.us_unblock" if user.blocked else "console.us_block"
    return kb(
        [
            (t(lang, "console.us_adjust"), cb("us_adj", user.id)),
            (t(lang, block), cb("us_blk", user.id)),
        ],
        back(lang, "us"),
    )


def build_router(container: Container) -> Router:
    router = Router(name="console-users")

    async def card_text(tenant: Tenant, user_id: ShopUserId) -> tuple[str, ShopUser]:
        lang, currency = tenant.default_language, container.settings().currency
        detail = await container.get_user()(tenant.id, user_id)
        subs = await container.list_subscriptions()(tenant.id, user_id=user_id, limit=1)
        user = detail.user
        sub = (
            t(lang, "console.us_sub", until=when(subs.items[0].expires_at))
            if subs.items
            else t(lang, "console.us_no_sub")
        )
        lines = [
            t(
                lang,
                "console.us_card",
                user=user_label(user),
                balance=money(user.balance, currency),
                sub=sub,
            )
        ]
        if user.blocked:
            lines.append(t(lang, "console.us_blocked"))
        lines += [
            f"{when(e.created_at)} {money(e.amount, currency)} {e.reference}"
            for e in detail.ledger[:LEDGER_SHOWN]
        ]
        return "\n".join(lines), user

    @router.callback_query(ConsoleCb.filter(F.action == "us"))
    async def ask_query(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        await state.set_state(UserForm.query)
        await show(query, t(lang, "console.us_ask"), kb(back(lang)))

    @router.message(UserForm.query, F.text)
    async def search(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        try:
            found = await container.list_users()(tenant.id, query=message.text, limit=PAGE)
        except DomainError as exc:
            await message.answer(exc.message)
            return
        rows = [[(user_label(u), cb("us_open", u.id))] for u in found.items]
        text = t(lang, "console.us_found", count=found.total)
        await message.answer(text, reply_markup=kb(*rows, back(lang)))

    @router.callback_query(ConsoleCb.filter(F.action == "us_open"))
    async def open_user(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        await state.clear()
        try:
            text, user = await card_text(tenant, ShopUserId(callback_data.id))
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
        await show(query, text, user_markup(tenant.default_language, user))

    @router.callback_query(ConsoleCb.filter(F.action == "us_blk"))
    async def block(query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant) -> None:
        user_id, actor = ShopUserId(callback_data.id), telegram_actor(query.from_user.id)
        try:
            current = (await container.get_user()(tenant.id, user_id)).user
            change = BlockUserInput(tenant.id, user_id, not current.blocked, actor)
            await container.block_user()(change)
            text, user = await card_text(tenant, user_id)
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
        await show(query, text, user_markup(tenant.default_language, user))

    @router.callback_query(ConsoleCb.filter(F.action == "us_adj"))
    async def ask_amount(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        await state.set_state(UserForm.amount)
        await state.set_data({"user": callback_data.id})
        await show(
            query, t(lang, "console.us_ask_amount"), kb(back(lang, "us_open", callback_data.id))
        )

    @router.message(UserForm.amount, F.text)
    async def got_amount(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        raw = (message.text or "").strip()
        try:
            amount = (
                -number(lang, raw[1:]) if raw.startswith("-") else number(lang, raw.lstrip("+"))
            )
            if amount == 0:
                raise ValidationError(t(lang, "console.not_a_number"))
        except DomainError as exc:
            await message.answer(exc.message)
            return
        await state.update_data(amount=amount)
        await state.set_state(UserForm.reason)
        await message.answer(t(lang, "console.us_ask_reason"))

    @router.message(UserForm.reason, F.text)
    async def got_reason(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang, currency = tenant.default_language, container.settings().currency
        data = await state.get_data()
        key = secrets.token_hex(8)  # the confirmation's key: one adjustment per confirmation
        await state.update_data(reason=message.text, key=key)
        amount = int(data["amount"])
        text = t(lang, "console.us_confirm", amount=money(amount, currency), reason=message.text)
        markup = kb(
            [(t(lang, "console.us_yes"), cb("us_adj!", int(data["user"])))],
            back(lang, "us_open", int(data["user"])),
        )
        await message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "us_adj!"))
    async def adjust(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        data = await state.get_data()
        if data.get("user") != callback_data.id or "key" not in data:
            await query.answer(t(lang, "console.us_no_draft"), show_alert=True)
            return
        change = AdjustBalanceInput(
            tenant.id,
            ShopUserId(callback_data.id),
            int(data["amount"]),
            str(data["reason"]),
            idempotency_key=f"console:{data['key']}",
            actor=telegram_actor(query.from_user.id),
        )
        try:
            await container.adjust_balance()(change)
            text, user = await card_text(tenant, ShopUserId(callback_data.id))
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
        await show(query, text, user_markup(lang, user))

    return router
