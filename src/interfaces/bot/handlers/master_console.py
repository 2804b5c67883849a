"""The master console: the platform owner's screens in the master bot
(docs/master-console.md).

- Only the master bot, only its admins (`FLEET_MASTER_ADMIN_IDS`): the router's
  filter re-checks the right on every message and every press, so for anyone else
  `/admin` is an unknown command (no answer) and a forged console press is the
  polite "out of date" of handlers/basic.py; nothing changes.
- Every action calls the API's own use case with the actor `tg:<id>`, which writes
  the audit row in the action's transaction.
- A top-up's confirm button carries its amount and a nonce: the idempotency key of
  the credit, so pressing it twice credits once.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import replace
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from src.application.billing.top_up import TopUpInput
from src.application.billing.update_settings import WalletSettingsInput
from src.application.ports.tenants import TenantFilter
from src.application.tenancy.create_tenant import CreateTenantInput
from src.application.tenancy.features import SetFeatureInput
from src.application.tenancy.tenant_admins import TenantAdminChange
from src.core.audit import telegram_actor
from src.core.billing.settings import BillingModel
from src.core.broadcasts import BroadcastMessage, InvalidBroadcast, ProgressTarget, Recipient
from src.core.errors import ValidationError
from src.core.ids import MAX_ID, TenantId
from src.core.tenancy.tenant import Tenant, TenantStatus, check_admin_ids
from src.core.text import check_line
from src.interfaces.bot.audience import console_router
from src.interfaces.bot.console_callbacks import ConsoleCb
from src.interfaces.bot.console_services import ConsoleServices
from src.interfaces.bot.handlers.shop import _show
from src.interfaces.bot.i18n import t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views import console as views

SEARCH_MAX = 64
NOT_COMMAND = ~F.text.startswith("/")


class ConsoleStates(StatesGroup):
    browsing = State()  # the tenant list: a text message is a search
    token = State()  # new tenant: waiting for the bot token
    name = State()  # data: token (sealed), first_name
    language = State()  # data: + name
    admins = State()  # data: + language
    top_up = State()  # data: tenant_id; waiting for "<amount> [note]"
    delete = State()  # data: tenant_id; waiting for the tenant's name
    add_admin = State()  # waiting for a Telegram id
    billing = State()  # data: tenant_id, field; waiting for an amount
    tenant_admin = State()  # data: tenant_id; waiting for a Telegram id
    bc_text = State()  # broadcast to tenant admins; data: status; waiting for the text
    bc_confirm = State()  # data: + text; waiting for Send


async def is_master_admin(
    event: Message | CallbackQuery, tenant: Tenant, console: ConsoleServices
) -> bool:
    """The right every console handler needs (the router's filter): an admin of the
    settings (the master tenant's admins) or one added from the console (cached)."""
    user = event.from_user
    if not tenant.is_master or user is None:
        return False
    return tenant.is_admin(user.id) or user.id in await console.admins.stored()


def build_router() -> Router:
    router = console_router(Router(name="master_console"), views.cancel)
    router.message.filter(is_master_admin)
    router.callback_query.filter(is_master_admin)
    router.message.register(open_console, Command("admin"))
    on = ConsoleCb.filter
    router.callback_query.register(home, on(F.action.in_({"home", "cancel"})))
    router.callback_query.register(tenant_list, on(F.action == "list"))
    router.message.register(search, ConsoleStates.browsing, F.text, NOT_COMMAND)
    router.callback_query.register(card, on(F.action == "card"))
    router.callback_query.register(ask, on(F.action == "ask"))
    router.callback_query.register(do, on(F.action == "do"))
    router.callback_query.register(features, on(F.action == "feats"))
    router.callback_query.register(toggle_feature, on(F.action == "feat"))
    router.callback_query.register(wallet, on(F.action == "wallet"))
    router.callback_query.register(ask_top_up, on(F.action == "topup"))
    router.message.register(top_up_amount, ConsoleStates.top_up, F.text, NOT_COMMAND)
    router.callback_query.register(top_up, on(F.action == "topok"))
    router.callback_query.register(set_billing, on(F.action == "bset"))
    router.callback_query.register(ask_billing, on(F.action == "bask"))
    router.message.register(billing_value, ConsoleStates.billing, F.text, NOT_COMMAND)
    router.callback_query.register(ask_delete, on(F.action == "del"))
    router.message.register(delete, ConsoleStates.delete, F.text, NOT_COMMAND)
    router.callback_query.register(new_tenant, on(F.action == "new"))
    router.message.register(new_token, ConsoleStates.token, F.text, NOT_COMMAND)
    router.message.register(new_name, ConsoleStates.name, F.text, NOT_COMMAND)
    router.callback_query.register(new_name, ConsoleStates.name, on(F.action == "skip"))
    router.callback_query.register(new_language, ConsoleStates.language, on(F.action == "lang"))
    router.message.register(new_admins, ConsoleStates.admins, F.text, NOT_COMMAND)
    router.callback_query.register(new_admins, ConsoleStates.admins, on(F.action == "skip"))
    router.callback_query.register(statistics, on(F.action == "stats"))
    router.callback_query.register(audit, on(F.action == "audit"))
    router.callback_query.register(admins, on(F.action == "admins"))
    router.callback_query.register(ask_admin, on(F.action == "adm_add"))
    router.message.register(add_admin, ConsoleStates.add_admin, F.text, NOT_COMMAND)
    router.callback_query.register(remove_admin, on(F.action == "adm_rm"))
    router.callback_query.register(tenant_admins, on(F.action == "tadm"))
    router.callback_query.register(ask_tenant_admin, on(F.action == "tadm_add"))
    router.message.register(add_tenant_admin, ConsoleStates.tenant_admin, F.text, NOT_COMMAND)
    router.callback_query.register(remove_tenant_admin, on(F.action == "tadm_rm"))
    router.callback_query.register(broadcast, on(F.action == "bcast"))
    router.callback_query.register(broadcast_to, on(F.action == "bc_to"))
    router.message.register(broadcast_text, ConsoleStates.bc_text, F.text, NOT_COMMAND)
    router.callback_query.register(broadcast_go, ConsoleStates.bc_confirm, on(F.action == "bc_go"))
    router.callback_query.register(broadcast_stop, on(F.action == "bc_stop"))
    return router


def _typed_telegram_id(text: str | None) -> int:
    """A Telegram id as an admin types it: ASCII digits only (no sign, no spaces), at
    most 19 of them; the use cases check the range (`check_telegram_id`)."""
    typed = (text or "").strip()
    if not (typed.isascii() and typed.isdigit() and len(typed) <= 19):
        raise ValidationError("a Telegram id is a positive integer", field="telegram_id")
    return int(typed)


def _actor(event: Message | CallbackQuery) -> str:
    assert event.from_user is not None  # the filter let only an admin in
    return telegram_actor(event.from_user.id)


async def _lang(event: Message | CallbackQuery, tenant: Tenant, shop: ShopServices) -> str:
    user_id = event.from_user.id if event.from_user else 0
    return await shop.language(tenant, user_id)


# --- home, lists, cards ------------------------------------------------------------


async def open_console(
    message: Message, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    await state.clear()
    text, markup = views.home(await _lang(message, tenant, shop))
    await message.answer(text, reply_markup=markup)


async def home(query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext) -> None:
    await state.clear()
    await _show(query, *views.home(await _lang(query, tenant, shop)))


async def _list_screen(
    lang: str, console: ConsoleServices, number: int, status: str, search_text: str | None
) -> views.Screen:
    only = TenantFilter(TenantStatus(status) if status else None, search_text)
    page = await console.list_tenants(limit=views.PAGE, offset=number * views.PAGE, only=only)
    balances = {x.id: (await console.wallet(x.id)).wallet.balance for x in page.items}
    return views.tenant_list(lang, page, balances, console.currency, number=number, status=status)


async def tenant_list(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)
    status = callback_data.arg if callback_data.arg in set(TenantStatus) else ""
    await state.set_state(ConsoleStates.browsing)
    await _show(query, *await _list_screen(lang, console, callback_data.page, status, None))


async def search(
    message: Message, tenant: Tenant, shop: ShopServices, console: ConsoleServices
) -> None:
    lang = await _lang(message, tenant, shop)
    needle = check_line(message.text or "", "search", max_length=SEARCH_MAX)
    text, markup = await _list_screen(lang, console, 0, "", needle)
    await message.answer(text, reply_markup=markup)


async def _card(lang: str, console: ConsoleServices, tenant_id: TenantId) -> views.Screen:
    shown = await console.get_tenant(tenant_id)
    figures = await console.statistics.of_tenant(tenant_id)
    return views.card(lang, shown, figures, await console.wallet(tenant_id), console.currency)


async def _on_tenant(query: CallbackQuery, lang: str, screen: Any, *args: Any) -> None:
    """Render a screen of one tenant; a tenant gone meanwhile (or a forged id) raises
    NotFound: "not found" as an alert (errors.py), the screen stays."""
    await _show(query, *await screen(*args))


async def card(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    await state.clear()
    lang = await _lang(query, tenant, shop)
    await _on_tenant(query, lang, _card, lang, console, TenantId(callback_data.tenant_id))


# --- status changes and the API token ----------------------------------------------

CONFIRMED = ("activate", "deactivate", "suspend", "resume", "rotate")


async def ask(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    lang = await _lang(query, tenant, shop)
    if callback_data.arg not in CONFIRMED:
        await query.answer(t(lang, "common.stale_button"), show_alert=True)
        return

    async def screen() -> views.Screen:
        shown = await console.get_tenant(TenantId(callback_data.tenant_id))
        return views.confirm(lang, shown, callback_data.arg)

    await _on_tenant(query, lang, screen)


async def do(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    lang = await _lang(query, tenant, shop)
    tenant_id, actor, action = TenantId(callback_data.tenant_id), _actor(query), callback_data.arg
    change = {
        "activate": console.activate,
        "deactivate": console.deactivate,
        "suspend": console.suspend,
        "resume": console.resume,
    }.get(action)
    if action == "rotate":
        token = await console.rotate(tenant_id, actor=actor)
        await _show(query, t(lang, "console.token_shown", token=token), views.cancel(lang))
        return
    if change is None:
        await query.answer(t(lang, "common.stale_button"), show_alert=True)
        return
    await change(tenant_id, actor=actor)
    await _on_tenant(query, lang, _card, lang, console, tenant_id)


# --- features ---------------------------------------------------------------------


async def _features(lang: str, console: ConsoleServices, tenant_id: TenantId) -> views.Screen:
    shown = await console.get_tenant(tenant_id)
    return views.features(lang, shown, await console.features(tenant_id))


async def features(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    lang = await _lang(query, tenant, shop)
    await _on_tenant(query, lang, _features, lang, console, TenantId(callback_data.tenant_id))


async def toggle_feature(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    """The button carries the state it sets (`key=1`), so a double press sets it once."""
    lang = await _lang(query, tenant, shop)
    key, _, wanted = callback_data.arg.partition("=")
    tenant_id = TenantId(callback_data.tenant_id)
    await console.set_feature(SetFeatureInput(tenant_id, key, wanted == "1", actor=_actor(query)))
    await _on_tenant(query, lang, _features, lang, console, tenant_id)


# --- wallet -----------------------------------------------------------------------

LEDGER_ROWS = 20


async def _wallet(lang: str, console: ConsoleServices, tenant_id: TenantId) -> views.Screen:
    view = await console.wallet(tenant_id)
    ledger = await console.ledger(tenant_id, limit=LEDGER_ROWS)
    return views.wallet(lang, view, ledger, console.currency)


async def wallet(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    await state.clear()
    lang = await _lang(query, tenant, shop)
    await _on_tenant(query, lang, _wallet, lang, console, TenantId(callback_data.tenant_id))


async def ask_top_up(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)
    await state.set_state(ConsoleStates.top_up)
    await state.update_data(tenant_id=callback_data.tenant_id)
    await _show(query, t(lang, "console.top_up_ask"), views.cancel(lang))


async def top_up_amount(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(message, tenant, shop)
    amount_text, _, note = (message.text or "").strip().partition(" ")
    if not amount_text.isdigit() or not 0 < int(amount_text) <= 10**12:
        raise ValidationError("the amount must be a whole number of minor units")
    note = check_line(note, "note", max_length=200) if note.strip() else ""
    shown = await console.get_tenant(TenantId((await state.get_data())["tenant_id"]))
    nonce = secrets.token_hex(6)
    notes = {**(await state.get_data()).get("notes", {}), nonce: note}
    await state.set_state(None)
    await state.update_data(notes=notes)
    text, markup = views.top_up_confirm(
        lang, shown, int(amount_text), note, nonce, console.currency
    )
    await message.answer(text, reply_markup=markup)


async def top_up(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    """The nonce is the credit's idempotency key: a second press (or a replayed
    update) returns the first top-up and credits nothing."""
    lang = await _lang(query, tenant, shop)
    tenant_id = TenantId(callback_data.tenant_id)
    note = (await state.get_data()).get("notes", {}).get(callback_data.arg, "")
    done = await console.top_up(
        TopUpInput(
            tenant_id,
            callback_data.amount,
            note or None,
            idempotency_key=f"console:{callback_data.arg}",
            actor=_actor(query),
        )
    )
    if done.replayed:
        await query.answer(t(lang, "console.top_up_replayed"), show_alert=True)
        return
    await _on_tenant(query, lang, _wallet, lang, console, tenant_id)


async def _update_billing(
    console: ConsoleServices, tenant_id: TenantId, field: str, raw: str, actor: str
) -> None:
    """One billing setting from the console's text (the use case validates it)."""
    value: Any
    if field == "model":
        models = {m.value: m for m in BillingModel}
        if raw not in models:
            raise ValidationError("unknown billing model", field="model")
        value = models[raw]
    elif field in views.BILLING_FIELDS:
        if not re.fullmatch(r"-?\d{1,13}", raw):
            raise ValidationError("must be a whole number of minor units", field=field)
        value = int(raw)
    else:
        raise ValidationError("not a billing setting", field="field")
    data = WalletSettingsInput(tenant_id, actor=actor)
    await console.billing(replace(data, **{field: value}))


async def set_billing(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    """A model button: carries the model it sets (`model=hybrid`)."""
    lang = await _lang(query, tenant, shop)
    tenant_id = TenantId(callback_data.tenant_id)
    field, _, raw = callback_data.arg.partition("=")
    await _update_billing(console, tenant_id, field, raw, _actor(query))
    await _on_tenant(query, lang, _wallet, lang, console, tenant_id)


async def ask_billing(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)
    if callback_data.arg not in views.BILLING_FIELDS:
        await query.answer(t(lang, "common.stale_button"), show_alert=True)
        return
    await state.set_state(ConsoleStates.billing)
    await state.update_data(tenant_id=callback_data.tenant_id, field=callback_data.arg)
    label = t(lang, f"console.set_{callback_data.arg}")
    await _show(query, t(lang, "console.billing_ask", field=label), views.cancel(lang))


async def billing_value(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(message, tenant, shop)
    data = await state.get_data()
    tenant_id = TenantId(data["tenant_id"])
    raw = (message.text or "").strip()
    await _update_billing(console, tenant_id, data["field"], raw, _actor(message))
    text, markup = await _wallet(lang, console, tenant_id)
    await state.clear()
    await message.answer(text, reply_markup=markup)


# --- delete -----------------------------------------------------------------------


async def ask_delete(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)

    async def screen() -> views.Screen:
        shown = await console.get_tenant(TenantId(callback_data.tenant_id))
        await state.set_state(ConsoleStates.delete)
        await state.update_data(tenant_id=shown.id)
        return t(lang, "console.delete_ask", name=shown.name), views.cancel(lang)

    await _on_tenant(query, lang, screen)


async def delete(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(message, tenant, shop)
    tenant_id = TenantId((await state.get_data())["tenant_id"])
    await state.clear()  # one typed answer per confirmation: a mismatch starts over
    shown = await console.get_tenant(tenant_id)
    if (message.text or "").strip() != shown.name:
        await message.answer(t(lang, "console.delete_mismatch"), reply_markup=views.cancel(lang))
        return
    await console.delete(tenant_id, actor=_actor(message))
    text, markup = views.home(lang)
    await message.answer(
        t(lang, "console.deleted", name=shown.name) + "\n\n" + text, reply_markup=markup
    )


# --- new tenant -------------------------------------------------------------------


async def new_tenant(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    lang = await _lang(query, tenant, shop)
    await state.clear()
    await state.set_state(ConsoleStates.token)
    await _show(query, t(lang, "console.new_token"), views.cancel(lang))


async def new_token(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(message, tenant, shop)
    token = (message.text or "").strip()
    identity = await console.check_token(token)
    sealed = base64.b64encode(console.box.seal(token)).decode()
    await state.update_data(token=sealed, first_name=identity.first_name)
    await state.set_state(ConsoleStates.name)
    label = t(lang, "console.use_name", name=identity.first_name)
    await message.answer(
        t(lang, "console.new_name", username=identity.username),
        reply_markup=views.skip_or_cancel(lang, label),
    )


async def new_name(
    event: Message | CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    lang = await _lang(event, tenant, shop)
    data = await state.get_data()
    name = (event.text or "").strip() if isinstance(event, Message) else data["first_name"]
    name = check_line(name, "name", max_length=100)
    await state.update_data(name=name)
    await state.set_state(ConsoleStates.language)
    await _reply(event, t(lang, "console.new_language"), views.languages(lang))


async def new_language(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)
    await state.update_data(language=callback_data.arg)
    await state.set_state(ConsoleStates.admins)
    markup = views.skip_or_cancel(lang, t(lang, "console.skip"))
    await _show(query, t(lang, "console.new_admins"), markup)


async def new_admins(
    event: Message | CallbackQuery,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(event, tenant, shop)
    data = await state.get_data()
    words = (event.text or "").replace(",", " ").split() if isinstance(event, Message) else []
    if not all(w.isascii() and w.isdigit() and len(w) <= 19 for w in words):
        raise ValidationError("admin ids must be positive integers", field="admin_ids")
    created = await console.create(
        CreateTenantInput(
            name=data["name"],
            telegram_token=console.box.open(base64.b64decode(data["token"])),
            default_language=data["language"],
            admin_ids=check_admin_ids([int(w) for w in words]),
            created_by=_actor(event),
        )
    )
    await state.clear()
    made = created.tenant
    text = (
        t(lang, "console.created", name=made.name, id=made.id, username=made.username)
        + "\n\n"
        + t(lang, "console.token_shown", token=created.api_token)
    )
    await _reply(event, text, views.cancel(lang))


async def _reply(event: Message | CallbackQuery, text: str, markup: Any) -> None:
    if isinstance(event, Message):
        await event.answer(text, reply_markup=markup)
    else:
        await _show(event, text, markup)


# --- statistics and audit ------------------------------------------------------------


async def statistics(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, console: ConsoleServices
) -> None:
    lang = await _lang(query, tenant, shop)
    figures = await console.statistics()
    await _show(query, *views.statistics(lang, figures, console.currency))


async def audit(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    lang = await _lang(query, tenant, shop)
    number = callback_data.page
    page = await console.audit(None, limit=views.PAGE, offset=number * views.PAGE)
    await _show(query, *views.audit(lang, page, number))


# --- master admins ----------------------------------------------------------------


async def _admins(lang: str, tenant: Tenant, console: ConsoleServices) -> views.Screen:
    return views.admins(lang, tenant.admin_ids, await console.admins.stored())


async def admins(
    query: CallbackQuery,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    await state.clear()
    lang = await _lang(query, tenant, shop)
    await _show(query, *await _admins(lang, tenant, console))


async def ask_admin(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    lang = await _lang(query, tenant, shop)
    await state.set_state(ConsoleStates.add_admin)
    await _show(query, t(lang, "console.admin_ask"), views.cancel(lang))


async def add_admin(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(message, tenant, shop)
    telegram_id = _typed_telegram_id(message.text)
    await console.admins.add(telegram_id, actor=_actor(message))
    await state.clear()
    text, markup = await _admins(lang, tenant, console)
    await message.answer(text, reply_markup=markup)


async def remove_admin(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    lang = await _lang(query, tenant, shop)
    if not (callback_data.arg.isascii() and callback_data.arg.isdigit()):
        await query.answer(t(lang, "common.stale_button"), show_alert=True)
        return
    await console.admins.remove(int(callback_data.arg), actor=_actor(query))
    await _show(query, *await _admins(lang, tenant, console))


# --- a tenant's admins (its card) -------------------------------------------------


async def _tenant_admins(lang: str, console: ConsoleServices, tenant_id: TenantId) -> views.Screen:
    return views.tenant_admins(lang, await console.get_tenant(tenant_id))


async def tenant_admins(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    await state.clear()
    lang = await _lang(query, tenant, shop)
    tenant_id = TenantId(callback_data.tenant_id)
    await _on_tenant(query, lang, _tenant_admins, lang, console, tenant_id)


async def ask_tenant_admin(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)
    await state.set_state(ConsoleStates.tenant_admin)
    await state.set_data({"tenant_id": callback_data.tenant_id})
    await _show(query, t(lang, "console.admin_ask"), views.cancel(lang))


async def add_tenant_admin(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    lang = await _lang(message, tenant, shop)
    telegram_id = _typed_telegram_id(message.text)
    tenant_id = TenantId(int((await state.get_data())["tenant_id"]))
    change = TenantAdminChange(tenant_id, telegram_id, True, _actor(message))
    updated = await console.tenant_admins(change)
    await state.clear()
    screen, markup = views.tenant_admins(lang, updated)
    await message.answer(screen, reply_markup=markup)


async def remove_tenant_admin(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    lang = await _lang(query, tenant, shop)
    if not (callback_data.arg.isascii() and callback_data.arg.isdigit()):
        raise ValidationError("a Telegram id is a positive integer", field="telegram_id")
    tenant_id = TenantId(callback_data.tenant_id)
    change = TenantAdminChange(tenant_id, int(callback_data.arg), False, _actor(query))
    updated = await console.tenant_admins(change)
    await _show(query, *views.tenant_admins(lang, updated))


# --- broadcast to tenant admins (docs/master-console.md) -----------------------------


def _status(arg: str) -> TenantStatus | None:
    """`all` or a status; anything else (forged data) is refused."""
    if arg == "all":
        return None
    if arg not in set(TenantStatus):
        raise InvalidBroadcast("not a tenant status")
    return TenantStatus(arg)


async def broadcast(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    await state.clear()
    await _show(query, *views.broadcast_audiences(await _lang(query, tenant, shop)))


async def broadcast_to(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    state: FSMContext,
) -> None:
    lang = await _lang(query, tenant, shop)
    _status(callback_data.arg)
    await state.clear()
    await state.set_state(ConsoleStates.bc_text)
    await state.update_data(status=callback_data.arg)
    await _show(query, t(lang, "console.bc_ask_text"), views.cancel(lang))


async def broadcast_text(
    message: Message,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    """The preview: the message exactly as the admins get it, then the count."""
    lang = await _lang(message, tenant, shop)
    draft = BroadcastMessage(message.text or "")  # empty, too long, NUL: refused, step stays
    arg = str((await state.get_data()).get("status", "all"))
    recipients = await console.admin_recipients(_status(arg))
    await state.update_data(text=draft.text)
    await state.set_state(ConsoleStates.bc_confirm)
    await message.answer(draft.text)
    text, markup = views.broadcast_preview(lang, arg, len(recipients))
    await message.answer(text, reply_markup=markup)


async def broadcast_go(
    query: CallbackQuery,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
    state: FSMContext,
) -> None:
    """One broadcast per confirmation: the draft is dropped before it starts, so a
    second press finds no draft (and no handler: "out of date")."""
    lang = await _lang(query, tenant, shop)
    data = await state.get_data()
    await state.clear()
    message = BroadcastMessage(str(data.get("text", "")))
    arg = str(data.get("status", "all"))
    recipients = await console.admin_recipients(_status(arg))  # as of now, not the preview's
    if not recipients:
        raise InvalidBroadcast("no tenant admins to message")
    by = query.from_user.id
    progress = ProgressTarget(Recipient(tenant.id, by), lang)
    started = await console.start_broadcast().to_recipients(
        None, recipients, message, by=by, progress=progress, what=f"tenant admins ({arg})"
    )
    shown = t(lang, "console.bc_started", total=started.total)
    await _show(query, *views.home(lang), alert_text=shown)


async def broadcast_stop(
    query: CallbackQuery,
    callback_data: ConsoleCb,
    tenant: Tenant,
    shop: ShopServices,
    console: ConsoleServices,
) -> None:
    """The progress message's Cancel (views/notices.py): a platform broadcast only."""
    lang = await _lang(query, tenant, shop)
    arg = callback_data.arg
    if not (arg.isascii() and arg.isdigit() and len(arg) <= 19 and int(arg) <= MAX_ID):
        raise InvalidBroadcast("not a broadcast")  # forged: past int64, not a number
    await console.cancel_broadcast()(None, int(arg), by=query.from_user.id)
    await query.answer(t(lang, "broadcast.cancelled"))
