"""The console's Plans screen (docs/tenant-console.md): list, open, edit the price,
activate / deactivate, move up / down, and a short conversation that creates a plan
(name, days, price, GB, devices). The same use cases as the API, each audited as the
admin (`tg:<id>`). A price change leaves confirmations already shown alone: they carry
the offer they showed (Plan.offer) and are refused, not charged the new price. A refused
input (out of range, a name taken) reaches the one error path (errors.py), which ends the
conversation; the admin starts it again.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.move_plan import MovePlanInput
from src.application.shop.update_plan import UpdatePlanInput
from src.core.audit import telegram_actor
from src.core.ids import PlanId
from src.core.shop.plan import Plan, PlanTerms
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import escape, t
from src.interfaces.bot.i18n import show as formatted
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.receipts import money
from src.interfaces.bot.views.tenant_console import ConsoleCb, back, cb, kb, number, show

NEW_STEPS = ("name", "period_days", "price", "traffic_gb", "device_limit")


class PlanForm(StatesGroup):
    new = State()  # the step is in the data: one of NEW_STEPS
    price = State()


def plan_text(lang: str, plan: Plan, currency: str) -> str:
    terms = plan.terms
    state = t(lang, "tconsole.on" if terms.active else "tconsole.off")
    return t(
        lang,
        "tconsole.pl_card",
        name=terms.name,
        days=terms.period_days,
        price=money(terms.price, currency),
        gb=terms.traffic_gb or "∞",
        devices=terms.device_limit or "∞",
        state=state,
    )


def plan_markup(lang: str, plan: Plan) -> InlineKeyboardMarkup:
    toggle = "tconsole.pl_deactivate" if plan.terms.active else "tconsole.pl_activate"
    return kb(
        [
            (t(lang, "tconsole.pl_price"), cb("pl_price", plan.id)),
            (t(lang, toggle), cb("pl_act", plan.id)),
        ],
        [("⬆️", cb("pl_up", plan.id)), ("⬇️", cb("pl_down", plan.id))],
        back(lang, "pl"),
    )


def _label(lang: str, plan: Plan, currency: str) -> str:
    mark = "✅" if plan.terms.active else "⛔"
    # a button label is HTML here (the bot makes it plain text): the name escaped, the
    # price as the reader's language writes it
    return f"{mark} {escape(plan.name)} · {formatted(lang, money(plan.terms.price, currency))}"


def build_router() -> Router:
    router = Router(name="console-plans")

    async def list_screen(query: CallbackQuery, tenant: Tenant, tc: TenantConsoleServices) -> None:
        lang = tenant.default_language
        plans = await tc.list_plans(tenant.id)
        rows = [[(_label(lang, p, tc.currency), cb("pl_open", p.id))] for p in plans]
        rows += [[(t(lang, "tconsole.pl_new"), cb("pl_new"))], back(lang)]
        await show(query, t(lang, "tconsole.pl_title", count=len(plans)), kb(*rows))

    @router.callback_query(ConsoleCb.filter(F.action == "pl"))
    async def plans(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        await state.clear()
        await list_screen(query, tenant, tenant_console)

    @router.callback_query(ConsoleCb.filter(F.action == "pl_open"))
    async def open_plan(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang, currency = tenant.default_language, tenant_console.currency
        plan = await tenant_console.get_plan(tenant.id, PlanId(callback_data.id))
        await show(query, plan_text(lang, plan, currency), plan_markup(lang, plan))

    @router.callback_query(ConsoleCb.filter(F.action.in_({"pl_act", "pl_up", "pl_down"})))
    async def change(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        tc = tenant_console
        lang, actor, plan_id = (
            tenant.default_language,
            telegram_actor(query.from_user.id),
            PlanId(callback_data.id),
        )
        if callback_data.action == "pl_act":
            plan = await tc.get_plan(tenant.id, plan_id)
            update = UpdatePlanInput(tenant.id, plan_id, active=not plan.terms.active, actor=actor)
            plan = await tc.update_plan(update)
            await show(query, plan_text(lang, plan, tc.currency), plan_markup(lang, plan))
            return
        up = callback_data.action == "pl_up"
        await tc.move_plan(MovePlanInput(tenant.id, plan_id, up, actor))
        await list_screen(query, tenant, tc)

    @router.callback_query(ConsoleCb.filter(F.action == "pl_price"))
    async def ask_price(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        await state.set_state(PlanForm.price)
        await state.update_data(plan=callback_data.id)
        lang = tenant.default_language
        await show(
            query, t(lang, "tconsole.pl_ask_price"), kb(back(lang, "pl_open", callback_data.id))
        )

    @router.message(PlanForm.price, F.text)
    async def got_price(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        plan_id = PlanId(int((await state.get_data())["plan"]))
        actor = telegram_actor(message.from_user.id if message.from_user else 0)
        price = number(message.text)
        plan = await tenant_console.update_plan(
            UpdatePlanInput(tenant.id, plan_id, price=price, actor=actor)
        )
        await state.clear()
        await message.answer(
            plan_text(lang, plan, tenant_console.currency), reply_markup=plan_markup(lang, plan)
        )

    @router.callback_query(ConsoleCb.filter(F.action == "pl_new"))
    async def new_plan(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.set_state(PlanForm.new)
        await state.set_data({"step": 0})
        lang = tenant.default_language
        await show(query, t(lang, "tconsole.pl_ask_name"), kb(back(lang, "pl")))

    @router.message(PlanForm.new, F.text)
    async def new_step(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        data = await state.get_data()
        step = NEW_STEPS[int(data["step"])]
        value: str | int = (message.text or "").strip() if step == "name" else number(message.text)
        data[step] = value
        if step != NEW_STEPS[-1]:
            data["step"] = NEW_STEPS.index(step) + 1
            await state.set_data(data)
            await message.answer(t(lang, f"tconsole.pl_ask_{NEW_STEPS[data['step']]}"))
            return
        terms = PlanTerms(**{k: data[k] for k in NEW_STEPS})
        actor = telegram_actor(message.from_user.id if message.from_user else 0)
        plan = await tenant_console.create_plan(CreatePlanInput(tenant.id, terms, actor))
        await state.clear()
        await message.answer(
            plan_text(lang, plan, tenant_console.currency), reply_markup=plan_markup(lang, plan)
        )

    return router
