"""The console's Users screen (docs/tenant-console.md): search by Telegram id, @username
or name; a user's card (balance, subscription, last balance changes); adjust the balance
(amount, reason, a confirmation whose key makes it apply once however often it is
pressed); block / unblock. The same use cases as the API, each audited `tg:<id>`. A
refused input reaches the one error path (errors.py), which ends the step.
"""

from __future__ import annotations

import secrets

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.shop.adjust_balance import AdjustBalanceInput
from src.application.shop.block_user import BlockUserInput
from src.core.audit import telegram_actor
from src.core.ids import ShopUserId
from src.core.shop.user import ShopUser
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import escape, t
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.receipts import money, user_label, when
from src.interfaces.bot.views.tenant_console import (
    PAGE,
    ConsoleCb,
    NotANumber,
    back,
    cb,
    kb,
    ledger_line,
    number,
    show,
)

LEDGER_SHOWN = 5


class UserForm(StatesGroup):
    query = State()
    amount = State()
    reason = State()


def user_markup(lang: str, user: ShopUser) -> InlineKeyboardMarkup:
    block = "tconsole.us_unblock" if user.blocked else "tconsole.us_block"
    return kb(
        [
            (t(lang, "tconsole.us_adjust"), cb("us_adj", user.id)),
            (t(lang, block), cb("us_blk", user.id)),
        ],
        back(lang, "us"),
    )


def build_router() -> Router:
    router = Router(name="console-users")

    async def card_text(
        tenant: Tenant, user_id: ShopUserId, tc: TenantConsoleServices
    ) -> tuple[str, ShopUser]:
        lang, currency = tenant.default_language, tc.currency
        detail = await tc.get_user(tenant.id, user_id)
        subs = await tc.subscriptions(tenant.id, user_id=user_id, limit=1)
        user = detail.user
        sub = (
            t(lang, "tconsole.us_sub", until=when(subs.items[0].expires_at))
            if subs.items
            else t(lang, "tconsole.us_no_sub")
        )
        lines = [
            t(
                lang,
                "tconsole.us_card",
                user=user_label(user),
                balance=money(user.balance, currency),
                sub=sub,
            )
        ]
        if user.blocked:
            lines.append(t(lang, "tconsole.us_blocked"))
        lines += [
            ledger_line(lang, e.created_at, e.amount, currency, e.reference)
            for e in detail.ledger[:LEDGER_SHOWN]
        ]
        return "\n".join(lines), user

    @router.callback_query(ConsoleCb.filter(F.action == "us"))
    async def ask_query(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        await state.set_state(UserForm.query)
        await show(query, t(lang, "tconsole.us_ask"), kb(back(lang)))

    @router.message(UserForm.query, F.text)
    async def search(
        message: Message, tenant: Tenant, tenant_console: TenantConsoleServices
    ) -> None:
        lang = tenant.default_language
        found = await tenant_console.list_users(tenant.id, query=message.text, limit=PAGE)
        # a label is HTML here (the bot makes it plain text): the user's name escaped
        rows: list[list[tuple[str, str]]] = [
            [(escape(user_label(u)), cb("us_open", u.id))] for u in found.items
        ]
        text = t(lang, "tconsole.us_found", count=found.total)
        await message.answer(text, reply_markup=kb(*rows, back(lang)))

    @router.callback_query(ConsoleCb.filter(F.action == "us_open"))
    async def open_user(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        await state.clear()
        text, user = await card_text(tenant, ShopUserId(callback_data.id), tenant_console)
        await show(query, text, user_markup(tenant.default_language, user))

    @router.callback_query(ConsoleCb.filter(F.action == "us_blk"))
    async def block(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        tc = tenant_console
        user_id, actor = ShopUserId(callback_data.id), telegram_actor(query.from_user.id)
        current = (await tc.get_user(tenant.id, user_id)).user
        await tc.block_user(BlockUserInput(tenant.id, user_id, not current.blocked, actor))
        text, user = await card_text(tenant, user_id, tc)
        await show(query, text, user_markup(tenant.default_language, user))

    @router.callback_query(ConsoleCb.filter(F.action == "us_adj"))
    async def ask_amount(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        await state.set_state(UserForm.amount)
        await state.set_data({"user": callback_data.id})
        await show(
            query, t(lang, "tconsole.us_ask_amount"), kb(back(lang, "us_open", callback_data.id))
        )

    @router.message(UserForm.amount, F.text)
    async def got_amount(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        raw = (message.text or "").strip()
        amount = -number(raw[1:]) if raw.startswith("-") else number(raw.lstrip("+"))
        if amount == 0:
            raise NotANumber("an adjustment of zero changes nothing")
        await state.update_data(amount=amount)
        await state.set_state(UserForm.reason)
        await message.answer(t(lang, "tconsole.us_ask_reason"))

    @router.message(UserForm.reason, F.text)
    async def got_reason(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang, currency = tenant.default_language, tenant_console.currency
        data = await state.get_data()
        key = secrets.token_hex(8)  # the confirmation's key: one adjustment per confirmation
        await state.update_data(reason=message.text, key=key)
        amount = int(data["amount"])
        text = t(lang, "tconsole.us_confirm", amount=money(amount, currency), reason=message.text)
        markup = kb(
            [(t(lang, "tconsole.us_yes"), cb("us_adj!", int(data["user"])))],
            back(lang, "us_open", int(data["user"])),
        )
        await message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "us_adj!"))
    async def adjust(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        data = await state.get_data()
        if data.get("user") != callback_data.id or "key" not in data:
            await query.answer(t(lang, "tconsole.us_no_draft"), show_alert=True)
            return
        change = AdjustBalanceInput(
            tenant.id,
            ShopUserId(callback_data.id),
            int(data["amount"]),
            str(data["reason"]),
            idempotency_key=f"console:{data['key']}",
            actor=telegram_actor(query.from_user.id),
        )
        await tenant_console.adjust_balance(change)
        text, user = await card_text(tenant, ShopUserId(callback_data.id), tenant_console)
        await show(query, text, user_markup(lang, user))

    return router
