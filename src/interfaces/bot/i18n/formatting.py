"""How values read in each language (docs/i18n.md#formatting), and the HTML/RTL safety
of every value placed into a message (docs/i18n.md#safe-formatting, #right-to-left).

Values are formatted here, before Fluent sees them: amounts with Babel as each
language writes them, dates in the tenant's calendar (Solar Hijri for a `jalali`
tenant's Persian users), digits Latin or Persian. Every inserted string is HTML-escaped
unless it is `Html` (a text this package rendered already). In Persian, a value is
wrapped in a directional isolate: LRI…PDI when it has no right-to-left letter (card
and tracking numbers, links, Latin-digit amounts), FSI…PDI otherwise.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, localcontext
from typing import Any

import jdatetime
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from fluent.runtime.types import FluentInt

from src.core.money import CURRENCY_EXPONENTS, Money

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
RTL_LANGUAGES = frozenset({"fa"})
_PERSIAN_DIGITS = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Babel writes symbols of some currencies it knows poorly as codes; these read better
_SYMBOLS = {"XTR": "XTR", "USDT": "USDT", "IRT": "IRT"}
_PERSIAN_NAMES = {"IRT": "تومان", "IRR": "ریال"}


class Html(str):
    """Telegram HTML this package produced: placed into another text as it is."""

    __slots__ = ()


def escape(value: str) -> Html:
    return Html(html.escape(value, quote=False))


def plain(text: str) -> str:
    """A rendered text for a place Telegram shows without parsing (buttons, alerts,
    invoices): tags dropped, entities resolved."""
    return html.unescape(re.sub(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>", "", text))


@dataclass(frozen=True, slots=True)
class Day:
    """A date to show without its time."""

    moment: datetime


@dataclass(frozen=True, slots=True)
class Moment:
    """A date and time to show (UTC)."""

    moment: datetime


@dataclass(frozen=True, slots=True)
class Style:
    """Per-tenant choices that shape formatting (tenant config `calendar`, `digits`)."""

    calendar: str = "gregorian"
    digits: str = "latin"


def digits(text: str, lang: str, style: Style) -> str:
    if lang == "fa" and style.digits == "persian":
        return text.translate(_PERSIAN_DIGITS)
    return text


def isolate(text: str, lang: str) -> str:
    """In a right-to-left language, keep a value's own direction (Unicode UAX #9)."""
    if lang not in RTL_LANGUAGES or not text:
        return text
    return f"{FSI if _RTL_LETTER.search(text) else LRI}{text}{PDI}"


def money(value: Money, lang: str, style: Style) -> str:
    """ru as Russian writes it ("1 500,00 ₽"); en and fa with the amount first and the
    currency code after it ("1,500.00 RUB"), Persian naming the rial and the toman."""
    exponent = CURRENCY_EXPONENTS[value.currency]
    amount = Decimal(value.amount).scaleb(-exponent)
    if lang == "ru" and value.currency not in _SYMBOLS:
        text = format_currency(
            amount, value.currency, locale=lang, format_type="standard", currency_digits=False
        )
        text = text.replace("\u200e", "")
    else:
        number = format_decimal(
            amount,
            locale="ru" if lang == "ru" else "en",
            format="#,##0" + ("." + "0" * exponent if exponent else ""),
        )
        symbol = (_PERSIAN_NAMES if lang == "fa" else _SYMBOLS).get(value.currency, value.currency)
        text = f"{number} {symbol}"
    return digits(text, lang, style)


def decimal(value: Decimal, lang: str, style: Style) -> str:
    """A quantity with the places it was given ("40.00" stays two places), grouped and
    with the decimal sign of the language."""
    shape = value.as_tuple()
    places = -shape.exponent if isinstance(shape.exponent, int) and shape.exponent < 0 else 0
    with localcontext() as exact:  # every digit of a long number (a hostile panel's bytes)
        exact.prec = max(exact.prec, len(shape.digits) + places + 2)
        text = format_decimal(
            value, locale=lang, format="#,##0" + ("." + "0" * places if places else "")
        )
    return digits(text, lang, style)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def day(moment: datetime, lang: str, style: Style) -> str:
    moment = _aware(moment).astimezone(UTC)
    if lang == "fa" and style.calendar == "jalali":
        solar = jdatetime.date.fromgregorian(date=moment.date())
        # the month as a Persian reader writes it (Farvardin = فروردین), digits as configured
        month = jdatetime.date.j_months_fa[solar.month - 1]
        return digits(f"{solar.day} {month} {solar.year}", lang, style)
    return digits(format_date(moment.date(), "long", locale=lang), lang, style)


def moment(value: datetime, lang: str, style: Style) -> str:
    value = _aware(value).astimezone(UTC)
    if lang == "fa" and style.calendar == "jalali":
        return f"{day(value, lang, style)} {digits(value.strftime('%H:%M'), lang, style)} UTC"
    text = format_datetime(value, "d MMMM y, HH:mm", locale=lang, tzinfo=UTC)
    return digits(f"{text} UTC", lang, style)


class Number(FluentInt):
    """An integer argument: Fluent picks plural variants by its value; it reads in the
    tenant's digits."""

    style: Style
    lang: str

    def format(self, locale: Locale) -> str:
        text = digits(format_decimal(int(self), locale=self.lang), self.lang, self.style)
        return isolate(text, self.lang) if self.style.digits == "latin" else text


def number(value: int, lang: str, style: Style) -> Number:
    n = Number(value)
    n.style, n.lang = style, lang
    return n


def argument(value: object, lang: str, style: Style) -> Any:
    """One message argument, ready for Fluent: escaped, formatted, isolated."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        return number(value, lang, style)
    if isinstance(value, Html):
        return Html(isolate(value, lang))
    if isinstance(value, Money):
        text = money(value, lang, style)
    elif isinstance(value, Decimal):
        text = decimal(value, lang, style)
    elif isinstance(value, Day):
        text = day(value.moment, lang, style)
    elif isinstance(value, Moment):
        text = moment(value.moment, lang, style)
    elif isinstance(value, datetime):
        text = moment(value, lang, style)
    else:
        text = str(value)
    return Html(isolate(html.escape(text, quote=False), lang))
