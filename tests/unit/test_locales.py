"""The catalogs: every language has every text, each compiles with sample arguments,
and its variables are the same in every language (docs/i18n.md#catalogs).

Edge cases: a variable only inside one plural variant still counts; a message whose
variant misses the default (`*[other]`) is a syntax error; a key with a dash could not
be told from a dotted key; Junk (a line Fluent cannot parse) anywhere fails the test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl

from src.core.money import Money
from src.core.tenancy.tenant import LANGUAGES
from src.interfaces.bot.i18n import (
    FALLBACK,
    Day,
    TextContext,
    catalog,
    default_source,
    keys,
    render,
    t,
    variables,
)
from src.interfaces.bot.i18n.overrides import check, html_problem

LOCALES = Path("src/interfaces/bot/i18n/locales")
NUMBERS = {"days", "count", "limit", "stars", "total", "invited", "paid", "percent"}
NUMBERS |= {"tenant_id", "user_id", "id", "users", "subscriptions", "failed", "suspended"}
NUMBERS |= {"low", "low_balance", "receipts", "pending", "telegram_id", "tenants"}


def sample(name: str, n: int) -> object:
    if name in NUMBERS:
        return n
    if name in {"balance", "price", "amount", "missing", "earned", "revenue", "min", "max"}:
        return Money(150_000, "RUB")
    if name in {"date", "expires", "sent", "created"}:
        return Day(datetime(2026, 3, 21, tzinfo=UTC))
    return f"<{name}&>"


def test_no_json_locale_files_are_left() -> None:
    """The converter moved them into the catalogs (`python -m src.interfaces.bot.i18n.convert`)."""
    assert not list(LOCALES.glob("*.json"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_parses_without_junk(lang: str) -> None:
    resource = FluentParser().parse((LOCALES / f"{lang}.ftl").read_text(encoding="utf-8"))
    junk = [e for e in resource.body if isinstance(e, ftl.Junk)]
    assert not junk, [j.annotations[0].message for j in junk]
    ids = [e.id.name for e in resource.body if isinstance(e, ftl.Message)]
    assert len(ids) == len(set(ids)), "a message id twice"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != FALLBACK])
def test_every_key_is_translated_with_the_same_variables(lang: str) -> None:
    assert set(catalog(lang)) == set(catalog(FALLBACK))
    for key in catalog(FALLBACK):
        assert variables(lang, key) == variables(FALLBACK, key), key


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("n", [0, 1, 2, 5, 11, 21, 22, 1_000_001])
def test_every_message_renders_with_sample_arguments(lang: str, n: int) -> None:
    for key in sorted(keys()):
        args = {name: sample(name, n) for name in variables(lang, key)}
        text, errors = render(lang, key, args, TextContext())
        assert not errors, (key, errors)
        assert "{???}" not in text and "???" not in text, key
        assert html_problem(text) is None, (key, text)
        # every argument's value is escaped (the samples all carry < and &)
        assert "<name&>" not in text, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_or_extra_variable_is_reported(lang: str) -> None:
    _text, errors = render(lang, "menu.title", {"name": "x"}, TextContext())
    assert errors  # balance missing
    text, errors = render(lang, "menu.buy", {"surplus": 1}, TextContext())
    assert not errors and text == t(lang, "menu.buy")  # extra arguments are ignored, but…
    assert variables(lang, "menu.buy") == frozenset()  # …the catalogs hold none (test above)


def test_unknown_language_and_key_fall_back() -> None:
    assert t("de", "menu.buy") == t("en", "menu.buy")
    assert t("en", "no.such.key") == "no.such.key"
    assert t("en", "<b>no</b>") == "&lt;b&gt;no&lt;/b&gt;"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_default_may_be_put_back_as_an_override(lang: str) -> None:
    """What GET /texts/{lang}/{key} shows as `default` passes PUT's checks and renders
    the same text as the catalog."""
    for key in sorted(keys()):
        source = default_source(lang, key)
        check(lang, key, source)
        args = {name: sample(name, 2) for name in variables(lang, key)}
        own = TextContext(overrides={(lang, key): source})
        assert render(lang, key, args, own) == render(lang, key, args, TextContext()), key
