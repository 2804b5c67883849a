"""The console's Receipts screen (docs/tenant-console.md): pending card-to-card payments,
oldest first; one opens as its receipt (the photo re-sent by its file id) with Approve
and Reject; each asks for a confirmation (Reject first takes an optional reason for the
user). The decision is DecideCardPayment's, the same as the API's and the admin chat's:
a payment decided meanwhile (another admin, the API) is refused as already decided, by
the one error path (errors.py, "receipt.already").
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from src.application.payments.decide_card_payment import Decider, DecisionInput
from src.core.payments.card_payment import check_note
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.handlers.receipts import decided_text
from src.interfaces.bot.i18n import t
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views import receipts as receipt_texts
from src.interfaces.bot.views.tenant_console import PAGE, ConsoleCb, back, cb, kb, pager, show


class Reject(StatesGroup):
    reason = State()


def build_router() -> Router:
    router = Router(name="console-receipts")

    @router.callback_query(ConsoleCb.filter(F.action == "rc"))
    async def receipts(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang, currency = tenant.default_language, tenant_console.currency
        page = await tenant_console.pending_receipts(tenant.id, page=callback_data.page, size=PAGE)
        if not page.items:
            await show(query, t(lang, "tconsole.rc_none"), kb(back(lang)))
            return
        rows = [
            [
                (
                    f"{p.tracking_number} · {receipt_texts.money(p.amount, currency)}",
                    cb("rc_open", p.id),
                )
            ]
            for p in page.items
        ]
        rows += [pager(lang, "rc", callback_data.page, page.total), back(lang)]
        await show(query, t(lang, "tconsole.rc_title", count=page.total), kb(*rows))

    @router.callback_query(ConsoleCb.filter(F.action == "rc_open"))
    async def open_receipt(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, payments: PaymentServices
    ) -> None:
        lang = tenant.default_language
        found = await payments.details(tenant.id, callback_data.id, query.from_user.id)
        payment = found.payment
        text = receipt_texts.admin_text(lang, payment, found.user, payments.currency)
        if not payment.pending:
            text += "\n\n" + receipt_texts.outcome_line(lang, payment)
        markup = kb(
            [
                (t(lang, "receipt.approve"), cb("rc_ok", payment.id)),
                (t(lang, "receipt.reject"), cb("rc_no", payment.id)),
            ]
            if payment.pending
            else [],
            back(lang, "rc"),
        )
        await query.answer()
        if not isinstance(query.message, Message):
            return
        if payment.receipt.photo_file_id is not None:
            caption = text[: receipt_texts.CAPTION_MAX]
            photo = payment.receipt.photo_file_id
            await query.message.answer_photo(photo, caption=caption, reply_markup=markup)
        else:
            await query.message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "rc_ok"))
    async def confirm_approve(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        await state.clear()
        markup = kb(
            [(t(lang, "tconsole.rc_yes_approve"), cb("rc_ok!", callback_data.id))],
            back(lang, "rc_open", callback_data.id),
        )
        await show(query, t(lang, "tconsole.rc_confirm_approve"), markup)

    @router.callback_query(ConsoleCb.filter(F.action == "rc_no"))
    async def ask_reason(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        await state.set_state(Reject.reason)
        await state.update_data(reject=callback_data.id, reason=None)
        markup = kb(
            [(t(lang, "tconsole.rc_no_reason"), cb("rc_no!", callback_data.id))],
            back(lang, "rc_open", callback_data.id),
        )
        await show(query, t(lang, "tconsole.rc_ask_reason"), markup)

    @router.message(Reject.reason, F.text)
    async def got_reason(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        reason = check_note(message.text)  # too long: refused by the one error path
        payment_id = int((await state.get_data())["reject"])
        await state.update_data(reason=reason)
        markup = kb(
            [(t(lang, "tconsole.rc_yes_reject"), cb("rc_no!", payment_id))],
            back(lang, "rc_open", payment_id),
        )
        await message.answer(
            t(lang, "tconsole.rc_confirm_reject", reason=reason), reply_markup=markup
        )

    @router.callback_query(ConsoleCb.filter(F.action.in_({"rc_ok!", "rc_no!"})))
    async def decide(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        state: FSMContext,
        payments: PaymentServices,
    ) -> None:
        lang = tenant.default_language
        approve = callback_data.action == "rc_ok!"
        data = await state.get_data()
        # the reason typed for THIS payment only; a confirmation of another gets none
        note = None if approve or data.get("reject") != callback_data.id else data.get("reason")
        await state.clear()
        by = Decider(telegram_id=query.from_user.id, name=query.from_user.full_name)
        decision = await payments.decide(
            DecisionInput(tenant.id, callback_data.id, approve, by, note)
        )
        done = decided_text(lang, decision.payment, payments.currency)
        await show(query, done, kb([(t(lang, "tconsole.receipts"), cb("rc"))], back(lang)))

    return router
