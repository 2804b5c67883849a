"""How the shop looks in Telegram: texts from the locale files, keyboards from flags."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.growth.referrals import ReferralScreen
from src.application.shop.customer_view import CustomerView
from src.core.billing.settings import GIB
from src.core.money import Money
from src.core.shop.plan import Plan
from src.core.shop.user import ShopUser
from src.core.tenancy.features import FeatureState
from src.core.tenancy.tenant import LANGUAGES, Tenant
from src.interfaces.bot.callbacks import BuyCb, LangCb, MenuCb, PlanCb, TopUpCb
from src.interfaces.bot.i18n import Day, t

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "fa": "فارسی"}


def _kb(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows])


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def money(amount: int, currency: str) -> Money:
    """An amount for `t`, which writes it as the reader's language does."""
    return Money(amount, currency)


def date(when: datetime) -> Day:
    """A date for `t`, in the reader's language and the tenant's calendar."""
    return Day(when)


def back(lang: str) -> InlineKeyboardMarkup:
    return _kb([[_button(t(lang, "menu.back"), MenuCb(action="home").pack())]])


def main_menu(
    tenant: Tenant,
    user: ShopUser,
    features: Mapping[str, FeatureState],
    currency: str,
    *,
    trial: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """docs/shop.md#menu: only what the tenant's flags enable (handlers re-check anyway);
    `trial`: the trial is offered to this user (`trial_offered`)."""
    lang = user.language
    on = {key for key, state in features.items() if state.enabled}
    rows: list[list[InlineKeyboardButton]] = [
        [_button(t(lang, "menu.buy"), MenuCb(action="buy").pack())],
        [_button(t(lang, "menu.subscription"), MenuCb(action="sub").pack())],
    ]
    if "trial_subscription" in on and trial:
        rows.append([_button(t(lang, "menu.trial"), MenuCb(action="trial").pack())])
    rows.append([_button(t(lang, "menu.balance"), MenuCb(action="balance").pack())])
    extras = [
        ("referral_program", "menu.referrals", "ref"),
        ("promo_codes", "menu.promo", "promo"),
        ("support_tickets", "menu.support", "support"),
    ]
    row = [
        _button(t(lang, label), MenuCb(action=a).pack()) for key, label, a in extras if key in on
    ]
    if row:
        rows.append(row)
    rows.append([_button(t(lang, "menu.language"), MenuCb(action="lang").pack())])
    text = t(lang, "menu.title", name=tenant.name, balance=money(user.balance, currency))
    return text, _kb(rows)


def plans(lang: str, items: Sequence[Plan], currency: str) -> tuple[str, InlineKeyboardMarkup]:
    on_sale = [p for p in items if p.terms.active]
    if not on_sale:
        return t(lang, "shop.no_plans"), back(lang)
    rows = [
        [
            _button(
                t(lang, "shop.plan_button", name=p.name, price=money(p.terms.price, currency)),
                PlanCb(plan_id=p.id).pack(),
            )
        ]
        for p in on_sale
    ]
    rows.append([_button(t(lang, "menu.back"), MenuCb(action="home").pack())])
    return t(lang, "shop.plans_title"), _kb(rows)


def traffic(lang: str, gb: int) -> str:
    return t(lang, "shop.unlimited") if gb == 0 else t(lang, "shop.gb", gb=gb)


def plan_details(
    lang: str, plan: Plan, balance: int, currency: str, *, changed: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    """The plan and its confirm button, which carries the deal shown (`Plan.offer`);
    `changed`: shown again because the plan changed since the last confirmation."""
    terms = plan.terms
    price = money(terms.price, currency)
    text = t(
        lang,
        "shop.plan_details",
        name=plan.name,
        days=terms.period_days,
        traffic=traffic(lang, terms.traffic_gb),
        devices=terms.device_limit or t(lang, "shop.unlimited"),
        price=price,
        balance=money(balance, currency),
    )
    if changed:
        text = f"{t(lang, 'shop.plan_changed')}\n\n{text}"
    nonce = secrets.token_hex(6)
    confirm = BuyCb(plan_id=plan.id, nonce=nonce, offer=plan.offer).pack()
    return text, _kb(
        [
            [_button(t(lang, "shop.confirm", price=price), confirm)],
            [_button(t(lang, "menu.back"), MenuCb(action="buy").pack())],
        ]
    )


def insufficient(
    lang: str, price: int, balance: int, missing: int, currency: str, *, plan_id: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """Short of balance: a top-up of the missing amount that finishes the purchase."""
    text = t(
        lang,
        "shop.insufficient",
        price=money(price, currency),
        balance=money(balance, currency),
        missing=money(missing, currency),
    )
    top_up = t(lang, "shop.top_up_missing", missing=money(missing, currency))
    return text, _kb(
        [
            [_button(top_up, TopUpCb(action="menu", plan_id=plan_id).pack())],
            [_button(t(lang, "menu.back"), MenuCb(action="home").pack())],
        ]
    )


def subscription(lang: str, view: CustomerView, now: datetime) -> str:
    sub = view.subscription
    if sub is None:
        return t(lang, "shop.no_subscription")
    if not sub.provisioned and sub.expires_at > now:
        status = t(lang, "shop.status_activating")
    else:
        status = t(lang, f"shop.status_{sub.status(now).value}")
    used = view.panel.used_traffic_bytes if view.panel else 0
    link = (view.panel.subscription_url if view.panel else None) or sub.subscription_url or "—"
    limit = sub.traffic_limit_bytes
    text = t(
        lang,
        "shop.subscription",
        status=status,
        date=date(sub.expires_at),
        days=sub.days_left(now),
        used=_gb(lang, used),
        limit=t(lang, "shop.unlimited") if limit == 0 else _gb(lang, limit),
        devices=sub.device_limit or t(lang, "shop.unlimited"),
        link=link,
    )
    return f"{text}\n\n{t(lang, 'shop.panel_slow')}" if view.live_unavailable else text


def _gb(lang: str, size: int) -> str:
    """Bytes as GB with two places, as the language writes them (display only)."""
    return t(lang, "shop.gb", gb=(Decimal(size) / GIB).quantize(Decimal("0.01")))


def referrals(lang: str, screen: ReferralScreen, currency: str) -> str:
    summary = screen.summary
    return t(
        lang,
        "shop.referrals",
        link=screen.link,
        percent=screen.terms.percent,
        source=t(lang, f"referral.source_{screen.terms.source.value}"),
        invited=summary.invited,
        paid=summary.paid,
        earned=money(summary.earned, currency),
    )


def languages(default: str) -> tuple[str, InlineKeyboardMarkup]:
    """The tenant's default language first (docs/shop.md#start-and-language)."""
    order = [default, *(code for code in LANGUAGES if code != default)]
    rows = [[_button(LANGUAGE_NAMES[code], LangCb(code=code).pack())] for code in order]
    return t(default, "shop.language_title"), _kb(rows)
