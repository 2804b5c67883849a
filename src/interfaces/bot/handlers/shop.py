"""The shop in Telegram (docs/shop.md): parse input, call one use case, render a view.

Every handler re-checks what it serves: a hidden button is not access control.
A refusal (`DomainError`) rises to the one error path (src/interfaces/bot/errors.py);
a handler catches one only to do something else than refuse (`buy`).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from src.application.shop.errors import (
    NotEnoughBalance,
    PlanChanged,
    PlanUnavailable,
)
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput
from src.application.shop.register_user import Registered, RegisterInput
from src.core.ids import PlanId
from src.core.shop.subscription import trial_offered
from src.core.tenancy.config import PLATFORMS, connect_app
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.callbacks import BuyCb, LangCb, MenuCb, PlanCb, SubCb
from src.interfaces.bot.editing import edit_text
from src.interfaces.bot.i18n import escape, t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views import shop as views


def build_router() -> Router:
    router = Router(name="shop")
    router.message.register(start, CommandStart())
    router.callback_query.register(menu, MenuCb.filter(F.action == "home"))
    router.callback_query.register(show_plans, MenuCb.filter(F.action == "buy"))
    router.callback_query.register(show_plan, PlanCb.filter())
    router.callback_query.register(buy, BuyCb.filter())
    router.callback_query.register(stale_confirmation, F.data.startswith(f"{BuyCb.__prefix__}:"))
    router.callback_query.register(my_subscription, MenuCb.filter(F.action == "sub"))
    router.callback_query.register(subscription_action, SubCb.filter())
    router.callback_query.register(trial, MenuCb.filter(F.action == "trial"))
    # "balance" (the balance and the top-up menu) is handled by handlers.topup
    # "promo" (entering a promo code) is handled by handlers.promo
    # "support" (tickets) is handled by handlers.support
    router.callback_query.register(referrals, MenuCb.filter(F.action == "ref"))
    router.callback_query.register(choose_language, MenuCb.filter(F.action == "lang"))
    router.callback_query.register(set_language, LangCb.filter())
    return router


async def _menu(
    tenant: Tenant, telegram_id: int, shop: ShopServices, registered: Registered | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The main menu. After /start pass `registered`: a new user has no subscription
    and a used trial is offered to nobody, so neither needs another read."""
    if registered is not None and (registered.created or registered.user.trial_used):
        user, trial = registered.user, not registered.user.trial_used
    else:
        view = await shop.customer(tenant.id, telegram_id, live=False)
        user, trial = view.user, trial_offered(view.user, view.subscription)
    features = await shop.features(tenant.id)
    return views.main_menu(tenant, user, features, shop.currency, trial=trial)


async def _lang(tenant: Tenant, telegram_id: int, shop: ShopServices) -> str:
    return await shop.language(tenant, telegram_id)  # cached


async def _show(
    query: CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    alert: bool = False,
    alert_text: str | None = None,
) -> None:
    """Edit the menu message in place; fall back to a new message. `alert`: the text
    (or `alert_text`) is also the press's alert (a client that shows no alerts still
    sees the message)."""
    if isinstance(query.message, Message) and query.message.text is not None:
        await edit_text(query.message, text, markup)
    elif query.message is not None:
        await query.bot.send_message(query.message.chat.id, text, reply_markup=markup)  # type: ignore[union-attr]
    shown = alert_text or (text if alert else None)
    await query.answer(shown, show_alert=True if shown else None)


async def start(
    message: Message, tenant: Tenant, shop: ShopServices, command: CommandObject
) -> None:
    if message.from_user is None:
        return
    registered = await shop.register(
        RegisterInput(
            tenant,
            message.from_user.id,
            username=message.from_user.username,
            first_name=message.from_user.first_name,
            start_payload=command.args,
        )
    )
    menu = await _menu(tenant, message.from_user.id, shop, registered)
    text, markup = menu
    if registered.created:  # first contact: the language choice on the menu
        lang = registered.user.language
        welcome = (await shop.config(tenant.id))["welcome_text"]
        greeting = escape(welcome) if welcome else t(lang, "start.greeting", name=tenant.name)
        text, markup = views.first_contact(tenant, greeting, menu, lang)
    await message.answer(text, reply_markup=markup)


async def menu(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    text, markup = await _menu(tenant, query.from_user.id, shop)
    await _show(query, text, markup)


async def show_plans(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    lang = await _lang(tenant, query.from_user.id, shop)
    text, markup = views.plans(lang, await shop.list_plans(tenant.id), shop.currency)
    await _show(query, text, markup)


async def show_plan(
    query: CallbackQuery, callback_data: PlanCb, tenant: Tenant, shop: ShopServices
) -> None:
    view = await shop.customer(tenant.id, query.from_user.id, live=False)
    plan = await shop.get_plan(tenant.id, PlanId(callback_data.plan_id))
    if not plan.terms.active:
        raise PlanUnavailable("not on sale")
    text, markup = views.plan_details(view.user.language, plan, view.user.balance, shop.currency)
    await _show(query, text, markup)


async def buy(
    query: CallbackQuery, callback_data: BuyCb, tenant: Tenant, shop: ShopServices
) -> None:
    user_id = query.from_user.id
    lang = await _lang(tenant, user_id, shop)
    request = PurchaseInput(
        tenant,
        user_id,
        PlanId(callback_data.plan_id),
        f"{user_id}:{callback_data.nonce}",
        offer=callback_data.offer,
    )
    try:
        outcome = await shop.purchase(request)
    except PlanChanged as exc:  # the new deal, for a fresh confirmation
        balance = (await shop.customer(tenant.id, user_id, live=False)).user.balance
        text, markup = views.plan_details(lang, exc.plan, balance, shop.currency, changed=True)
        await _show(query, text, markup)
        return
    except NotEnoughBalance as exc:  # not a refusal: the top-up that makes it possible
        balance = exc.price - exc.missing
        text, markup = views.insufficient(
            lang, exc.price, balance, exc.missing, shop.currency, plan_id=callback_data.plan_id
        )
        await _show(query, text, markup)
        return
    sub = outcome.subscription
    if outcome.provisioning is Provisioned.DONE:
        text = t(lang, "shop.purchased", date=views.date(sub.expires_at), link=sub.subscription_url)
    elif outcome.provisioning is Provisioned.REFUNDED:
        text = t(lang, "shop.activation_refunded")
    else:
        text = t(lang, "shop.activating")
    await _show(query, text, views.back(lang))


async def stale_confirmation(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    """A confirm button that does not carry a deal (sent before buttons carried one,
    or forged, e.g. an id past int64): nothing is bought; the press is answered as
    out of date, like any other stale button, and the plans are shown for a fresh
    confirmation."""
    lang = await _lang(tenant, query.from_user.id, shop)
    text, markup = views.plans(lang, await shop.list_plans(tenant.id), shop.currency)
    await _show(query, text, markup, alert_text=t(lang, "common.stale_button"))


async def my_subscription(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    await _subscription_screen(query, tenant, shop)


async def _subscription_screen(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, *, alert: str | None = None
) -> None:
    view = await shop.customer(
        tenant.id, query.from_user.id, live=True, history=views.SCREEN_HISTORY
    )
    auto = await shop.features.is_enabled(tenant.id, "auto_renewal")
    text, markup = views.subscription(
        view.user.language,
        view,
        shop.clock.now(),  # the platform clock, not the menu message's date (days old maybe)
        shop.currency,
        renew=view.subscription is not None,
        auto_renew=view.user.auto_renew if auto else None,
    )
    await _show(query, text, markup, alert_text=alert)


async def subscription_action(
    query: CallbackQuery, callback_data: SubCb, tenant: Tenant, shop: ShopServices
) -> None:
    """The subscription screen's buttons; each reads the pressing user's own account,
    so a forged press can only show the presser what is theirs."""
    user_id = query.from_user.id
    if callback_data.action == "renew":
        await _renew(query, tenant, shop)
        return
    if callback_data.action == "auto":  # flips the stored switch; refused with the flag off
        current = (await shop.customer(tenant.id, user_id, live=False)).user
        on = await shop.set_auto_renew(tenant.id, user_id, not current.auto_renew)
        notice = t(current.language, "sub.auto_set_on" if on else "sub.auto_set_off")
        await _subscription_screen(query, tenant, shop, alert=notice)
        return
    view = await shop.customer(tenant.id, user_id, live=callback_data.action in {"qr", "guide"})
    lang = view.user.language
    link = views.subscription_link(view)
    if view.subscription is None or link is None:
        text = t(lang, "shop.no_subscription" if view.subscription is None else "sub.no_link")
        await query.answer(text, show_alert=True)
        return
    if callback_data.action == "qr":
        await query.answer()
        if query.message is not None:
            photo = BufferedInputFile(views.qr_png(link), filename="subscription.png")
            await query.bot.send_photo(  # type: ignore[union-attr]
                query.message.chat.id, photo, caption=t(lang, "sub.qr_caption", link=link)
            )
        return
    if callback_data.action == "guide" and callback_data.platform in PLATFORMS:
        apps = (await shop.config(tenant.id))["connect_apps"]
        app = connect_app(apps, callback_data.platform)
        text, markup = views.guide(lang, callback_data.platform, app, link)
        await _show(query, text, markup)
        return
    await query.answer(t(lang, "common.stale_button"), show_alert=True)


async def _renew(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    """Renew = the purchase's confirmation of the user's plan (its confirm button carries
    the terms shown, so a price changed before the press is refused and shown again);
    a trial, or a plan no longer on sale, leads to the plans on sale instead."""
    view = await shop.customer(tenant.id, query.from_user.id, live=False)
    lang = view.user.language
    on_sale = [p for p in await shop.list_plans(tenant.id) if p.terms.active]
    sub = view.subscription
    current = [p for p in on_sale if sub is not None and p.id == sub.plan_id]
    if current:
        text, markup = views.plan_details(lang, current[0], view.user.balance, shop.currency)
    else:
        text, markup = views.plans(lang, on_sale, shop.currency)
    await _show(query, text, markup)


async def trial(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    lang = await _lang(tenant, query.from_user.id, shop)
    outcome = await shop.trial(tenant, query.from_user.id)
    sub = outcome.subscription
    if outcome.provisioning is Provisioned.DONE:
        text = t(
            lang, "shop.trial_started", date=views.date(sub.expires_at), link=sub.subscription_url
        )
    elif outcome.provisioning is Provisioned.REFUNDED:
        text = t(lang, "common.error")
    else:
        text = t(lang, "shop.trial_activating")
    await _show(query, text, views.back(lang))


async def referrals(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    lang = await _lang(tenant, query.from_user.id, shop)
    if not await shop.features.is_enabled(tenant.id, "referral_program"):
        await query.answer(t(lang, "shop.feature_off"), show_alert=True)
        return
    screen = await shop.referrals(tenant, query.from_user.id)  # refusals: bot/errors.py
    await _show(query, views.referrals(lang, screen, shop.currency), views.back(lang))


async def choose_language(query: CallbackQuery, tenant: Tenant, shop: ShopServices) -> None:
    current = await _lang(tenant, query.from_user.id, shop)
    text, markup = views.languages(tenant.default_language, current)
    await _show(query, text, markup)


async def set_language(
    query: CallbackQuery, callback_data: LangCb, tenant: Tenant, shop: ShopServices
) -> None:
    if await shop.set_language(tenant.id, query.from_user.id, callback_data.code) is None:
        await query.answer()
        return
    text, markup = await _menu(tenant, query.from_user.id, shop)
    await query.answer(t(callback_data.code, "shop.language_set"))
    if isinstance(query.message, Message):
        await edit_text(query.message, text, markup)
