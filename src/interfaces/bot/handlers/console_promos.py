"""The console's Promo codes screen (docs/tenant-console.md): the codes (5 a page) with
their uses; open one; activate / deactivate (the button carries the state it sets, so
a double press sets it once); delete behind a confirmation; create by a short
conversation: code → kind (balance credit, extra days, percent discount) → value → max
uses (or unlimited) → valid until (a date, or no end). The API's use cases
(`ListPromoCodes`, `GetPromoCode`, `CreatePromoCode`, `UpdatePromoCode`,
`DeletePromoCode`), each audited as the admin (`tg:<id>`). A refused input (a code
that cannot be one, a value out of range, a code taken, a date that is not one) rises
to the one error path (errors.py, views/refusals.py); the step stays open.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.growth.promo_codes import UpdatePromoCodeInput
from src.core.audit import telegram_actor
from src.core.errors import ValidationError
from src.core.growth.promo import PromoCode, PromoKind, PromoTerms, normalize_code
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import show as formatted
from src.interfaces.bot.i18n import t
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.receipts import money
from src.interfaces.bot.views.tenant_console import (
    PAGE,
    ConsoleCb,
    back,
    cb,
    kb,
    number,
    pager,
    show,
)

NOT_COMMAND = ~F.text.startswith("/")
KINDS: tuple[PromoKind, ...] = tuple(PromoKind)
STEPS = ("code", "kind", "value", "max_uses", "valid_until")


class PromoForm(StatesGroup):
    new = State()  # the step is in the data: one of STEPS


def last_day(promo: PromoCode) -> str:
    """`valid_until` is exclusive (the start of the day after the last valid one)."""
    until = promo.terms.valid_until
    return (until - timedelta(microseconds=1)).date().isoformat() if until else "∞"


def value_text(lang: str, kind: PromoKind, value: int, currency: str) -> str:
    if kind is PromoKind.BALANCE:
        return formatted(lang, money(value, currency))
    return t(lang, f"tconsole.pr_value_{kind.value}", value=value)


def promo_text(lang: str, promo: PromoCode, currency: str) -> str:
    terms = promo.terms
    return t(
        lang,
        "tconsole.pr_card",
        code=terms.code,
        kind=t(lang, f"tconsole.pr_kind_{terms.kind.value}"),
        value=value_text(lang, terms.kind, terms.value, currency),
        uses=promo.uses,
        max=terms.max_uses if terms.max_uses is not None else "∞",
        until=last_day(promo),
        state=t(lang, "tconsole.on" if terms.active else "tconsole.off"),
    )


def promo_markup(lang: str, promo: PromoCode) -> InlineKeyboardMarkup:
    toggle = (
        (t(lang, "tconsole.pl_deactivate"), cb("pr_off", promo.id))
        if promo.terms.active
        else (t(lang, "tconsole.pl_activate"), cb("pr_on", promo.id))
    )
    return kb([toggle, (t(lang, "tconsole.pr_delete"), cb("pr_del", promo.id))], back(lang, "pr"))


def parse_date(text: str | None) -> datetime:
    """`YYYY-MM-DD`, the last day the code works: stored as the next day's 00:00 UTC."""
    raw = (text or "").strip()
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError("a date is YYYY-MM-DD", field="valid_until") from None
    return day + timedelta(days=1)


def build_router() -> Router:
    router = Router(name="console-promos")

    async def list_screen(
        query: CallbackQuery, tenant: Tenant, tc: TenantConsoleServices, page: int
    ) -> None:
        lang = tenant.default_language
        found = await tc.list_promos(tenant.id, limit=PAGE, offset=page * PAGE)
        rows = []
        for p in found.items:
            mark = "✅" if p.terms.active else "⛔"
            used = f"{p.uses}/{p.terms.max_uses if p.terms.max_uses is not None else '∞'}"
            value = value_text(lang, p.terms.kind, p.terms.value, tc.currency)
            rows.append([(f"{mark} {p.terms.code} · {value} · {used}", cb("pr_open", p.id))])
        rows += [
            pager(lang, "pr", page, found.total),
            [(t(lang, "tconsole.pr_new"), cb("pr_new"))],
            back(lang),
        ]
        await show(query, t(lang, "tconsole.pr_title", count=found.total), kb(*rows))

    @router.callback_query(ConsoleCb.filter(F.action == "pr"))
    async def promos(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        await state.clear()
        await list_screen(query, tenant, tenant_console, callback_data.page)

    @router.callback_query(ConsoleCb.filter(F.action == "pr_open"))
    async def open_promo(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        promo = await tenant_console.get_promo(tenant.id, callback_data.id)
        await show(
            query, promo_text(lang, promo, tenant_console.currency), promo_markup(lang, promo)
        )

    @router.callback_query(ConsoleCb.filter(F.action.in_({"pr_on", "pr_off"})))
    async def set_active(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        promo = await tenant_console.update_promo(
            UpdatePromoCodeInput(
                tenant.id,
                callback_data.id,
                active=callback_data.action == "pr_on",
                actor=telegram_actor(query.from_user.id),
            )
        )
        await show(
            query, promo_text(lang, promo, tenant_console.currency), promo_markup(lang, promo)
        )

    @router.callback_query(ConsoleCb.filter(F.action == "pr_del"))
    async def ask_delete(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang = tenant.default_language
        promo = await tenant_console.get_promo(tenant.id, callback_data.id)
        markup = kb(
            [
                (t(lang, "tconsole.pr_delete_yes"), cb("pr_del!", promo.id)),
                (t(lang, "tconsole.back"), cb("pr_open", promo.id)),
            ]
        )
        await show(query, t(lang, "tconsole.pr_delete_ask", code=promo.terms.code), markup)

    @router.callback_query(ConsoleCb.filter(F.action == "pr_del!"))
    async def delete(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        """A second press finds no code: "not found" as an alert, nothing more deleted."""
        actor = telegram_actor(query.from_user.id)
        await tenant_console.delete_promo(tenant.id, callback_data.id, actor=actor)
        await list_screen(query, tenant, tenant_console, 0)

    # --- create ------------------------------------------------------------------------

    @router.callback_query(ConsoleCb.filter(F.action == "pr_new"))
    async def new_promo(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        await state.set_state(PromoForm.new)
        await state.set_data({"step": "code"})
        lang = tenant.default_language
        await show(query, t(lang, "tconsole.pr_ask_code"), kb(back(lang, "pr")))

    @router.message(PromoForm.new, F.text, NOT_COMMAND)
    async def new_step(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        data = await state.get_data()
        step = str(data.get("step"))
        if step == "code":
            code = normalize_code(message.text or "")
            if code is None:
                raise ValidationError("a code is 3 to 32 letters, digits, - or _", field="code")
            data["code"] = code
        elif step == "value":
            data["value"] = number(message.text)
            PromoTerms("CODE", PromoKind(data["kind"]), data["value"]).checked()  # in range
        elif step == "max_uses":
            data["max_uses"] = number(message.text)
            PromoTerms("CODE", PromoKind.DAYS, 1, max_uses=data["max_uses"]).checked()
        elif step == "valid_until":
            data["valid_until"] = parse_date(message.text).isoformat()
        else:  # the kind is a press
            raise ValidationError("choose one of the buttons", field="kind")
        by = message.from_user.id if message.from_user else 0
        await _next(message, tenant, state, tenant_console, data, by)

    @router.callback_query(PromoForm.new, ConsoleCb.filter(F.action == "pr_kind"))
    async def got_kind(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        data = await state.get_data()
        if data.get("step") != "kind" or not 0 <= callback_data.id < len(KINDS):
            raise ValidationError("kind must be balance, days or discount", field="kind")
        data["kind"] = KINDS[callback_data.id].value
        await query.answer()
        if isinstance(query.message, Message):
            await _next(query.message, tenant, state, tenant_console, data, query.from_user.id)

    @router.callback_query(PromoForm.new, ConsoleCb.filter(F.action == "pr_skip"))
    async def skip(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        data = await state.get_data()
        if data.get("step") not in ("max_uses", "valid_until"):
            raise ValidationError("this step cannot be skipped", field="step")
        data[str(data["step"])] = None
        await query.answer()
        if isinstance(query.message, Message):
            await _next(query.message, tenant, state, tenant_console, data, query.from_user.id)

    async def _next(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tc: TenantConsoleServices,
        data: dict[str, object],
        by: int,
    ) -> None:
        """Ask the next step, or create the code after the last one."""
        lang = tenant.default_language
        step = STEPS.index(str(data["step"]))
        if step + 1 < len(STEPS):
            data["step"] = STEPS[step + 1]
            await state.set_data(data)
            text, markup = _ask(lang, STEPS[step + 1], str(data.get("kind")))
            await message.answer(text, reply_markup=markup)
            return
        until = data.get("valid_until")
        max_uses = data.get("max_uses")
        terms = PromoTerms(
            str(data["code"]),
            PromoKind(str(data["kind"])),
            int(str(data["value"])),
            max_uses=int(str(max_uses)) if max_uses is not None else None,
            valid_until=datetime.fromisoformat(str(until)) if until else None,
        )
        promo = await tc.create_promo(tenant.id, terms, actor=telegram_actor(by))
        await state.clear()
        await message.answer(
            promo_text(lang, promo, tc.currency), reply_markup=promo_markup(lang, promo)
        )

    def _ask(lang: str, step: str, kind: str) -> tuple[str, InlineKeyboardMarkup]:
        if step == "kind":
            rows = [
                [(t(lang, f"tconsole.pr_kind_{k.value}"), cb("pr_kind", i))]
                for i, k in enumerate(KINDS)
            ]
            return t(lang, "tconsole.pr_ask_kind"), kb(*rows, back(lang, "pr"))
        if step in ("max_uses", "valid_until"):
            skip_key = "tconsole.pr_unlimited" if step == "max_uses" else "tconsole.pr_no_end"
            return t(lang, f"tconsole.pr_ask_{step}"), kb(
                [(t(lang, skip_key), cb("pr_skip"))], back(lang, "pr")
            )
        return t(lang, f"tconsole.pr_ask_value_{kind}"), kb(back(lang, "pr"))

    return router
