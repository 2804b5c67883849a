"""The console's Texts screen (docs/tenant-console.md, docs/i18n.md#per-tenant-overrides):
a tenant's own wording of a bot text, as the API sets it. Choose a language, type a
text key (`menu.title`), see the default and the current override (escaped, in a
<pre> block), then Replace (the new text is checked exactly like the API's PUT, by
`overrides.check`, and stored by the same use case `SetTextOverride`; the rendering is
shown with sample values) or Reset to default behind a confirmation
(`ResetTextOverride`), each audited `tg:<id>`. A refused key or text rises to the one
error path (errors.py, views/refusals.py); the step stays open. The language and key
live in the FSM data, never in a button: a forged press finds nothing chosen.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.tenancy.texts import TextOverrideInput
from src.core.audit import telegram_actor
from src.core.errors import ValidationError
from src.core.tenancy.tenant import LANGUAGES, Tenant
from src.interfaces.bot.i18n import TextContext, default_source, render, t, text_variables
from src.interfaces.bot.i18n.overrides import check, known
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.tenant_console import ConsoleCb, back, cb, kb, show

NOT_COMMAND = ~F.text.startswith("/")
KEY_MAX = 128  # the API's path limit


class TextForm(StatesGroup):
    key = State()  # data: lang; waiting for a text key
    card = State()  # data: lang, key; the card is shown
    source = State()  # data: lang, key; waiting for the new text


async def chosen(state: FSMContext) -> tuple[str, str]:
    """The language and key of the card on screen (a forged press has none)."""
    data = await state.get_data()
    lang, key = data.get("lang"), data.get("key")
    if not isinstance(lang, str) or not isinstance(key, str):
        raise ValidationError("choose a language and a text first", field="key")
    return lang, key


def card_markup(lang: str) -> InlineKeyboardMarkup:
    return kb(
        [
            (t(lang, "tconsole.tx_replace"), cb("tx_set")),
            (t(lang, "tconsole.tx_reset"), cb("tx_rst")),
        ],
        back(lang, "tx"),
    )


def rendering(text_lang: str, key: str, source: str) -> str:
    """`source` as the users see it, each variable shown by its name."""
    names = text_variables(text_lang, key)
    context = TextContext(overrides={(text_lang, key): source})
    text, _ = render(text_lang, key, {n: f"{{{n}}}" for n in names}, context)
    return text


def build_router() -> Router:
    router = Router(name="console-texts")

    async def card(
        tenant: Tenant, tc: TenantConsoleServices, text_lang: str, key: str
    ) -> tuple[str, InlineKeyboardMarkup]:
        lang = tenant.default_language
        override = (await tc.text_overrides(tenant.id)).get((text_lang, key))
        text = t(
            lang,
            "tconsole.tx_card",
            key=key,
            language=text_lang,
            default=default_source(text_lang, key).strip() or "—",
            current=override if override is not None else t(lang, "tconsole.tx_none"),
        )
        return text, card_markup(lang)

    @router.callback_query(ConsoleCb.filter(F.action == "tx"))
    async def languages(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.clear()
        lang = tenant.default_language
        rows = [[(code, cb("tx_lang", i)) for i, code in enumerate(LANGUAGES)], back(lang)]
        await show(query, t(lang, "tconsole.tx_title"), kb(*rows))

    @router.callback_query(ConsoleCb.filter(F.action == "tx_lang"))
    async def ask_key(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        if not 0 <= callback_data.id < len(LANGUAGES):
            raise ValidationError("choose one of the languages", field="language")
        lang = tenant.default_language
        await state.clear()
        await state.set_state(TextForm.key)
        await state.set_data({"lang": LANGUAGES[callback_data.id]})
        await show(query, t(lang, "tconsole.tx_ask_key"), kb(back(lang, "tx")))

    @router.message(TextForm.key, F.text, NOT_COMMAND)
    async def got_key(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        text_lang = str((await state.get_data()).get("lang"))
        key = (message.text or "").strip()[: KEY_MAX + 1]
        if len(key) > KEY_MAX:
            raise ValidationError(f"a key is at most {KEY_MAX} characters", field="key")
        known(text_lang, key)  # an unknown key: refused, the step stays open
        await state.update_data(key=key)
        await state.set_state(TextForm.card)
        text, markup = await card(tenant, tenant_console, text_lang, key)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "tx_show"))
    async def show_card(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        text_lang, key = await chosen(state)
        await state.set_state(TextForm.card)
        await show(query, *await card(tenant, tenant_console, text_lang, key))

    @router.callback_query(ConsoleCb.filter(F.action == "tx_set"))
    async def ask_text(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        text_lang, key = await chosen(state)
        lang = tenant.default_language
        await state.set_state(TextForm.source)
        names = sorted(text_variables(text_lang, key))
        variables = ", ".join(f"{{ ${n} }}" for n in names) or "—"
        await show(
            query,
            t(lang, "tconsole.tx_ask_text", key=key, variables=variables),
            kb(back(lang, "tx_show")),
        )

    @router.message(TextForm.source, F.text, NOT_COMMAND)
    async def got_text(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        text_lang, key = await chosen(state)
        source = message.text or ""
        check(text_lang, key, source)  # the API's own check: refused, the step stays open
        by = telegram_actor(message.from_user.id if message.from_user else 0)
        await tenant_console.set_text(TextOverrideInput(tenant.id, text_lang, key, source, by))
        await state.set_state(TextForm.card)
        lang = tenant.default_language
        shown = rendering(text_lang, key, source)
        await message.answer(
            t(lang, "tconsole.tx_saved") + "\n\n" + shown, reply_markup=card_markup(lang)
        )

    @router.callback_query(ConsoleCb.filter(F.action == "tx_rst"))
    async def ask_reset(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        text_lang, key = await chosen(state)
        lang = tenant.default_language
        markup = kb(
            [
                (t(lang, "tconsole.tx_reset_yes"), cb("tx_rst!")),
                (t(lang, "tconsole.back"), cb("tx_show")),
            ]
        )
        await show(query, t(lang, "tconsole.tx_reset_ask", key=key, language=text_lang), markup)

    @router.callback_query(ConsoleCb.filter(F.action == "tx_rst!"))
    async def reset(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        text_lang, key = await chosen(state)
        by = telegram_actor(query.from_user.id)
        await tenant_console.reset_text(tenant.id, text_lang, key, actor=by)
        await state.set_state(TextForm.card)
        lang = tenant.default_language
        text, markup = await card(tenant, tenant_console, text_lang, key)
        await show(query, t(lang, "tconsole.tx_reset_done") + "\n\n" + text, markup)

    return router
