"""How the shop looks in Telegram: texts from the locale files, keyboards from flags."""

from __future__ import annotations

import io
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

import segno
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from src.application.growth.referrals import ReferralScreen
from src.application.shop.customer_view import CustomerView
from src.core.billing.settings import GIB
from src.core.money import Money
from src.core.shop.ledger import LedgerEntry
from src.core.shop.plan import Plan
from src.core.shop.user import ShopUser
from src.core.tenancy.config import PLATFORMS
from src.core.tenancy.features import FeatureState
from src.core.tenancy.tenant import LANGUAGES, Tenant
from src.interfaces.bot.callbacks import BuyCb, LangCb, MenuCb, PlanCb, SubCb, TopUpCb
from src.interfaces.bot.i18n import Day, Html, show, t

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "fa": "فارسی"}


GB_SHOWN_MAX = 10**12  # a terabyte of terabytes


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


SCREEN_HISTORY = 10  # balance movements on the subscription screen
BAR_CELLS = 10
PERCENT_SHOWN_MAX = 999


def subscription(
    lang: str,
    view: CustomerView,
    now: datetime,
    currency: str,
    *,
    renew: bool,
    auto_renew: bool | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """docs/shop.md#my-subscription: what is known, even when the panel is down (no live
    numbers then, and a note saying why); `renew`: a Renew button (the user's plan is on
    sale); `auto_renew`: the switch's state, None when the tenant's flag is off."""
    parts = [_subscription_text(lang, view, now)]
    if view.history:
        parts.append(history(lang, view.history, currency))
    rows: list[list[InlineKeyboardButton]] = []
    sub = view.subscription
    if renew:
        rows.append([_button(t(lang, "sub.renew"), SubCb(action="renew").pack())])
    if auto_renew is not None and sub is not None:
        label = t(lang, "sub.auto_on" if auto_renew else "sub.auto_off")
        rows.append([_button(label, SubCb(action="auto").pack())])
    if sub is not None and subscription_link(view) is not None:
        rows.append([_button(t(lang, "sub.qr"), SubCb(action="qr").pack())])
        rows.append(
            [
                _button(t(lang, f"sub.platform_{p}"), SubCb(action="guide", platform=p).pack())
                for p in PLATFORMS
            ]
        )
    rows.append([_button(t(lang, "menu.back"), MenuCb(action="home").pack())])
    return "\n\n".join(parts), _kb(rows)


def subscription_link(view: CustomerView) -> str | None:
    """The link: the panel's live one, else the one stored at provisioning."""
    sub = view.subscription
    live = view.panel.subscription_url if view.panel else None
    return live or (sub.subscription_url if sub else None) or None


def _subscription_text(lang: str, view: CustomerView, now: datetime) -> str:
    sub = view.subscription
    if sub is None:
        return t(lang, "shop.no_subscription")
    if not sub.provisioned and sub.expires_at > now:
        status = t(lang, "shop.status_activating")
    else:
        status = t(lang, f"shop.status_{sub.status(now).value}")
    limit = sub.traffic_limit_bytes
    used = view.panel.used_traffic_bytes if view.panel else None
    text = t(
        lang,
        "shop.subscription",
        status=status,
        date=date(sub.expires_at),
        days=sub.days_left(now),
        used="—" if used is None else _gb(lang, used),
        limit=t(lang, "shop.unlimited") if limit == 0 else _gb(lang, limit),
        bar=f"\n{traffic_bar(used, limit)}" if used is not None and limit > 0 else "",
        devices=sub.device_limit or t(lang, "shop.unlimited"),
        link=subscription_link(view) or "—",
    )
    return f"{text}\n\n{t(lang, 'shop.panel_slow')}" if view.live_unavailable else text


def traffic_bar(used: int, limit: int) -> str:
    """`▰▰▰▱▱▱▱▱▱▱ 30%` of a positive `limit`; integers only, so any number the panel
    sends fits (a bar never overflows: past the limit it is full and says how far)."""
    used = max(0, used)
    filled = min(BAR_CELLS, used * BAR_CELLS // limit)
    percent = used * 100 // limit
    shown = f">{PERCENT_SHOWN_MAX}" if percent > PERCENT_SHOWN_MAX else str(percent)
    return f"{'▰' * filled}{'▱' * (BAR_CELLS - filled)} {shown}%"


def history(lang: str, rows: Sequence[LedgerEntry], currency: str) -> str:
    """The newest balance movements, newest first, amounts exact (`Money.format`)."""
    lines = [t(lang, "sub.history_title")]
    for row in rows:
        sign = "+" if row.amount > 0 else ""
        lines.append(
            t(
                lang,
                "sub.history_row",
                date=date(row.created_at),
                amount=f"{sign}{show(lang, money(row.amount, currency))}",
                kind=t(lang, f"sub.kind_{row.kind.value}"),
            )
        )
    return "\n".join(lines)


def guide(
    lang: str, platform: str, app: Mapping[str, str], link: str
) -> tuple[str, InlineKeyboardMarkup]:
    """How to connect on one platform: install the tenant's app, add the link."""
    text = t(
        lang,
        "sub.guide",
        platform=t(lang, f"sub.platform_{platform}"),
        app=app["name"],
        url=app["url"],
        link=link,
    )
    return text, _kb(
        [
            [InlineKeyboardButton(text=t(lang, "sub.install", app=app["name"]), url=app["url"])],
            [_button(t(lang, "menu.back"), MenuCb(action="sub").pack())],
        ]
    )


def qr_png(link: str) -> bytes:
    """The link as a QR code PNG, made here (no service sees the link)."""
    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def _gb(lang: str, size: int) -> str:
    """Bytes as GB with two places, rounded half up, as the language writes them (display
    only). Integer arithmetic first, so any number a hostile panel sends still formats."""
    hundredths = (max(0, size) * 200 + GIB) // (2 * GIB)
    if hundredths > GB_SHOWN_MAX * 100:  # past any real traffic: a short line, not 400 digits
        return Html("&gt;" + t(lang, "shop.gb", gb=Decimal(GB_SHOWN_MAX)))  # HTML already
    whole, cents = divmod(hundredths, 100)
    return t(lang, "shop.gb", gb=Decimal(f"{whole}.{cents:02d}"))  # exact: no context rounds


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


def languages(default: str, current: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    """The tenant's default language first (docs/shop.md#start-and-language); the
    reader's current one marked."""
    return t(current or default, "shop.language_title"), _kb(
        [[button] for button in language_buttons(default, current or default)]
    )


def language_buttons(default: str, current: str) -> list[InlineKeyboardButton]:
    order = [default, *(code for code in LANGUAGES if code != default)]
    return [
        _button(
            f"✓ {LANGUAGE_NAMES[code]}" if code == current else LANGUAGE_NAMES[code],
            LangCb(code=code).pack(),
        )
        for code in order
    ]


def first_contact(
    tenant: Tenant, greeting: str, menu: tuple[str, InlineKeyboardMarkup], current: str
) -> tuple[str, InlineKeyboardMarkup]:
    """A new user's first /start (docs/shop.md#first-contact): the greeting and the
    menu, usable at once in the tenant's default language, whose last row (in place of
    the Language button) is the languages with that default preselected (✓); a press
    on another language switches. The menu's buttons keep their places."""
    text, markup = menu
    body = f"{greeting}\n\n{text}\n\n{t(current, 'start.choose_language')}"
    language = MenuCb(action="lang").pack()
    rows = [row for row in markup.inline_keyboard if row[0].callback_data != language]
    return body, _kb([*rows, language_buttons(tenant.default_language, current)])


def help_text(lang: str, features: Mapping[str, FeatureState], *, trial: bool) -> str:
    """/help: what this user can do in this tenant, by its flags (the menu's rule)."""
    on = {key for key, state in features.items() if state.enabled}
    lines = ["buy", "subscription"]
    if trial and "trial_subscription" in on:
        lines.append("trial")
    lines.append("balance")
    for key, line in (
        ("referral_program", "referrals"),
        ("promo_codes", "promo"),
        ("support_tickets", "support"),
    ):
        if key in on:
            lines.append(line)
    lines.append("language")
    listed = Html("\n".join(t(lang, f"help.line_{line}") for line in lines))  # rendered by t
    return t(lang, "help.text", lines=listed)


def help_menu(lang: str) -> InlineKeyboardMarkup:
    return _kb([[_button(t(lang, "help.menu"), MenuCb(action="home").pack())]])
