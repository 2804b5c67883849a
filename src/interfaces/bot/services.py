"""The use cases the bot handlers call, resolved once by `platform.shop_services`.

aiogram hands every key of the dispatcher's workflow data to handlers whose
parameter has that name; the bundle travels as `shop`.
"""

from __future__ import annotations

from dataclasses import dataclass

from src.application.growth.promo_codes import RedeemPromoCode
from src.application.growth.referrals import GetReferralScreen
from src.application.ports.clock import Clock
from src.application.shop.customer_view import (
    GetCustomer,
    SetAutoRenew,
    SetLanguage,
    UserLanguage,
)
from src.application.shop.get_plan import GetPlan
from src.application.shop.list_plans import ListPlans
from src.application.shop.purchase_plan import PurchasePlan
from src.application.shop.register_user import RegisterUser
from src.application.shop.start_trial import StartTrial
from src.application.tenancy.config import GetConfig
from src.application.tenancy.features import GetFeatures
from src.interfaces.bot.support_services import SupportServices


@dataclass(frozen=True, slots=True)
class ShopServices:
    currency: str
    clock: Clock
    register: RegisterUser
    customer: GetCustomer
    set_language: SetLanguage
    set_auto_renew: SetAutoRenew
    language: UserLanguage
    purchase: PurchasePlan
    trial: StartTrial
    features: GetFeatures
    config: GetConfig
    list_plans: ListPlans
    get_plan: GetPlan
    referrals: GetReferralScreen
    redeem_promo: RedeemPromoCode
    support: SupportServices  # support tickets (handlers/support.py)
