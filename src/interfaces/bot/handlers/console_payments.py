"""The console's Online payments screen (docs/tenant-console.md): per provider,
configured or not and its test mode; set the credentials by a short conversation
(YooKassa: the shopId, then test or live, then the secret key; Crypto Pay: test or
live, then the app token); clear them behind a confirmation. The API's use cases
(`ListProviderSettings`, `SetProviderCredentials`, `ClearProviderCredentials`),
audited as the admin.

The secret is the conversation's LAST step, so it is never held in the FSM storage:
the message carrying it is deleted from the chat as soon as it is read (whether it is
accepted or refused) and it is never shown back. Refusals (in use, not configured, a
secret too long) rise to the one error path (errors.py, views/refusals.py); a typed
step stays open.
"""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from src.application.payments.provider_settings import (
    CredentialsInput,
    ProviderNotConfigured,
    ProviderSetting,
)
from src.core.audit import telegram_actor
from src.core.errors import ValidationError
from src.core.ids import TenantId
from src.core.payments.online import PROVIDERS, YOOKASSA, check_provider
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.i18n import t
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.views.tenant_console import ConsoleCb, back, cb, kb, show

NOT_COMMAND = ~F.text.startswith("/")


class ProviderForm(StatesGroup):
    account = State()  # data: provider; waiting for the YooKassa shopId
    mode = State()  # data: provider, account; waiting for Test / Live
    secret = State()  # data: + test_mode; waiting for the secret (deleted once read)


def provider_of(index: int) -> str:
    """The provider a button names by its index; a forged one is refused."""
    return check_provider(PROVIDERS[index] if 0 <= index < len(PROVIDERS) else "")


def _name(lang: str, provider: str) -> str:
    return t(lang, f"tconsole.op_{provider}")


def providers_screen(
    lang: str, settings: list[ProviderSetting]
) -> tuple[str, InlineKeyboardMarkup]:
    lines, rows = [t(lang, "tconsole.op_title")], []
    for s in settings:
        index = PROVIDERS.index(s.provider)
        if not s.configured:
            state = t(lang, "tconsole.op_not_configured")
        else:
            state = t(lang, "tconsole.op_test" if s.test_mode else "tconsole.op_live")
        lines.append(f"• {_name(lang, s.provider)}: {state}")
        row = [(t(lang, "tconsole.op_set", name=_name(lang, s.provider)), cb("op_set", index))]
        if s.configured:
            row.append(
                (t(lang, "tconsole.op_clear", name=_name(lang, s.provider)), cb("op_clr", index))
            )
        rows.append(row)
    return "\n".join(lines), kb(*rows, back(lang))


async def _screen(
    tc: TenantConsoleServices, tenant_id: TenantId, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    return providers_screen(lang, await tc.provider_settings(tenant_id))


def build_router() -> Router:
    router = Router(name="console-payments")

    @router.callback_query(ConsoleCb.filter(F.action == "op"))
    async def providers(
        query: CallbackQuery,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        await state.clear()
        await show(query, *await _screen(tenant_console, tenant.id, tenant.default_language))

    @router.callback_query(ConsoleCb.filter(F.action == "op_set"))
    async def ask_credentials(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang, provider = tenant.default_language, provider_of(callback_data.id)
        await state.clear()
        await state.update_data(provider=provider, account="")
        if provider == YOOKASSA:
            await state.set_state(ProviderForm.account)
            await show(query, t(lang, "tconsole.op_ask_account"), kb(back(lang, "op")))
            return
        await _ask_mode(query, tenant, state)

    @router.message(ProviderForm.account, F.text, NOT_COMMAND)
    async def got_account(message: Message, tenant: Tenant, state: FSMContext) -> None:
        lang = tenant.default_language
        account = (message.text or "").strip()
        if not account.isascii() or not account.isdigit() or len(account) > 20:
            raise ValidationError("a shopId is a number", field="account_id")
        await state.update_data(account=account)
        await state.set_state(ProviderForm.mode)
        await message.answer(t(lang, "tconsole.op_ask_mode"), reply_markup=_modes(lang))

    async def _ask_mode(query: CallbackQuery, tenant: Tenant, state: FSMContext) -> None:
        await state.set_state(ProviderForm.mode)
        lang = tenant.default_language
        await show(query, t(lang, "tconsole.op_ask_mode"), _modes(lang))

    def _modes(lang: str) -> InlineKeyboardMarkup:
        return kb(
            [
                (t(lang, "tconsole.op_mode_test"), cb("op_mode", 1)),
                (t(lang, "tconsole.op_mode_live"), cb("op_mode", 0)),
            ],
            back(lang, "op"),
        )

    @router.callback_query(ProviderForm.mode, ConsoleCb.filter(F.action == "op_mode"))
    async def got_mode(
        query: CallbackQuery, callback_data: ConsoleCb, tenant: Tenant, state: FSMContext
    ) -> None:
        lang = tenant.default_language
        data = await state.get_data()
        await state.update_data(test_mode=callback_data.id == 1)
        await state.set_state(ProviderForm.secret)
        key = "tconsole.op_ask_secret_" + str(data.get("provider"))
        await show(query, t(lang, key), kb(back(lang, "op")))

    @router.message(ProviderForm.secret, F.text, NOT_COMMAND)
    async def got_secret(
        message: Message,
        tenant: Tenant,
        state: FSMContext,
        tenant_console: TenantConsoleServices,
    ) -> None:
        """The secret is read, its message deleted at once (accepted or not), never echoed."""
        secret = message.text or ""
        with contextlib.suppress(TelegramAPIError):  # too old, or already gone: nothing more to do
            await message.delete()
        data = await state.get_data()
        by = message.from_user.id if message.from_user else 0
        await tenant_console.set_provider_credentials(
            CredentialsInput(
                tenant.id,
                check_provider(str(data.get("provider", ""))),
                str(data.get("account", "")),
                secret,
                test_mode=bool(data.get("test_mode", False)),
                actor=telegram_actor(by),
            )
        )
        await state.clear()
        lang = tenant.default_language
        text, markup = await _screen(tenant_console, tenant.id, lang)
        await message.answer(t(lang, "tconsole.op_saved") + "\n\n" + text, reply_markup=markup)

    @router.callback_query(ConsoleCb.filter(F.action == "op_clr"))
    async def ask_clear(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        lang, provider = tenant.default_language, provider_of(callback_data.id)
        settings = {s.provider: s for s in await tenant_console.provider_settings(tenant.id)}
        if not settings[provider].configured:  # a stale screen: nothing to clear
            raise ProviderNotConfigured(provider)
        markup = kb(
            [
                (t(lang, "tconsole.op_clear_yes"), cb("op_clr!", callback_data.id)),
                (t(lang, "tconsole.back"), cb("op")),
            ]
        )
        await show(query, t(lang, "tconsole.op_clear_ask", name=_name(lang, provider)), markup)

    @router.callback_query(ConsoleCb.filter(F.action == "op_clr!"))
    async def clear(
        query: CallbackQuery,
        callback_data: ConsoleCb,
        tenant: Tenant,
        tenant_console: TenantConsoleServices,
    ) -> None:
        provider = provider_of(callback_data.id)
        by = telegram_actor(query.from_user.id)
        await tenant_console.clear_provider_credentials(tenant.id, provider, actor=by)
        await show(query, *await _screen(tenant_console, tenant.id, tenant.default_language))

    return router
