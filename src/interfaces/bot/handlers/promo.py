"""A user enters a promo code from the menu (docs/growth.md, "Promo codes").

Menu -> Promo code -> the bot asks for the code -> the next text is redeemed. A
wrong code keeps the question open (the limit of wrong codes is the use case's);
a command or another menu button leaves the flow.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from src.application.growth.promo_codes import Redeemed
from src.application.shop.errors import FeatureDisabled
from src.core.growth.promo import PromoKind, PromoRefused, TooManyPromoAttempts
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.callbacks import MenuCb
from src.interfaces.bot.editing import edit_text
from src.interfaces.bot.handlers.topup import NOT_COMMAND, leave_flow
from src.interfaces.bot.i18n import t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views import shop as views


class PromoStates(StatesGroup):
    code = State()


def build_router() -> Router:
    router = Router(name="promo")
    router.message.register(leave_flow, StateFilter(PromoStates), F.text.startswith("/"))
    router.callback_query.register(
        leave_flow, StateFilter(PromoStates), MenuCb.filter(F.action != "promo")
    )
    router.callback_query.register(ask_code, MenuCb.filter(F.action == "promo"))
    router.message.register(code_entered, PromoStates.code, F.text, NOT_COMMAND)
    return router


async def ask_code(
    query: CallbackQuery, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    lang = await shop.language(tenant, query.from_user.id)
    if not await shop.features.is_enabled(tenant.id, "promo_codes"):
        await query.answer(t(lang, "shop.feature_off"), show_alert=True)
        return
    await state.set_state(PromoStates.code)
    if isinstance(query.message, Message) and query.message.text is not None:
        await edit_text(query.message, t(lang, "promo.ask"), views.back(lang))
    await query.answer()


async def code_entered(
    message: Message, tenant: Tenant, shop: ShopServices, state: FSMContext
) -> None:
    if message.from_user is None or message.text is None:
        return
    user_id = message.from_user.id
    lang = await shop.language(tenant, user_id)
    try:
        redeemed = await shop.redeem_promo(tenant, user_id, message.text)
    except PromoRefused as exc:
        text = t(lang, f"promo.refused_{exc.reason}")
    except TooManyPromoAttempts:
        await state.clear()
        text = t(lang, "promo.too_many")
    except FeatureDisabled:
        await state.clear()
        text = t(lang, "shop.feature_off")
    else:
        await state.clear()
        text = _redeemed_text(lang, redeemed, shop.currency)
    await message.answer(text, reply_markup=views.back(lang))


def _redeemed_text(lang: str, redeemed: Redeemed, currency: str) -> str:
    if redeemed.kind is PromoKind.BALANCE:
        return t(
            lang,
            "promo.balance_credited",
            amount=views.money(redeemed.value, currency),
            balance=views.money(redeemed.balance, currency),
        )
    if redeemed.kind is PromoKind.DISCOUNT:
        return t(lang, "promo.discount_pending", percent=redeemed.value)
    if redeemed.subscription is not None and not redeemed.pending:
        date = views.date(redeemed.subscription.expires_at)
        return t(lang, "promo.days_added", days=redeemed.value, date=date)
    return t(lang, "promo.days_pending", days=redeemed.value)
