"""Bot texts by language (fa, en, ru): Fluent catalogs beside this module (docs/i18n.md).

`t(lang, key, **params)` renders the message `key` (dotted, e.g. `shop.menu`; its Fluent
id is `shop-menu`) as Telegram HTML: the current tenant's override of it if it has one
(`TextContext`, set per update and per notice), else the catalog's, else English, else
the key itself. Arguments are escaped and formatted (`formatting.argument`): integers
stay numbers so Fluent picks the plural variant, `Money`, `Day` and `Moment` read as
the language and the tenant's calendar and digits want.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.resolver import CurrentEnvironment, Pattern, ResolverEnvironment
from fluent.syntax import ast as ftl
from fluent.syntax.serializer import serialize_pattern

from src.core.tenancy.tenant import LANGUAGES
from src.interfaces.bot.i18n.convert import fluent_id, key_of, pattern_variables
from src.interfaces.bot.i18n.formatting import (
    Day,
    Html,
    Moment,
    Style,
    argument,
    escape,
    plain,
)

__all__ = [
    "FALLBACK",
    "Day",
    "Html",
    "Moment",
    "Style",
    "TextContext",
    "catalog",
    "clip",
    "default_source",
    "escape",
    "keys",
    "plain",
    "rendering_for",
    "show",
    "t",
    "text_variables",
    "texts_of",
    "variables",
]

log = logging.getLogger(__name__)
FALLBACK = "en"
_PART = 2000
_DIR = Path(__file__).with_name("locales")


class _Bundle(FluentBundle):
    """A bundle that keeps our argument types (Fluent would turn `Number` into a plain
    FluentInt and lose its digits) and never adds its own isolation marks."""

    def __init__(self, lang: str) -> None:
        super().__init__([lang], use_isolating=False)

    def render(self, pattern: Pattern, args: Mapping[str, Any]) -> tuple[str, list[Exception]]:
        errors: list[Exception] = []
        env = ResolverEnvironment(
            context=self, current=CurrentEnvironment(args=dict(args)), errors=errors
        )
        try:
            result = pattern(env)
        except ValueError as e:
            errors.append(e)
            result = "{???}"
        return str(result), errors


@dataclass(frozen=True, slots=True)
class TextContext:
    """The tenant a text is rendered for: its overrides ((lang, key) -> Fluent pattern
    source) and its formatting style."""

    tenant_id: int | None = None
    style: Style = field(default_factory=Style)
    overrides: Mapping[tuple[str, str], str] = field(default_factory=dict)


_DEFAULT = TextContext()
_current: ContextVar[TextContext] = ContextVar("texts", default=_DEFAULT)


def texts_of() -> TextContext:
    return _current.get()


@contextmanager
def rendering_for(context: TextContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)


@cache
def _resource(lang: str) -> ftl.Resource:
    path = _DIR / f"{lang}.ftl"
    if lang not in LANGUAGES or not path.exists():
        return ftl.Resource(body=[])
    return FluentResource(path.read_text(encoding="utf-8"))


@cache
def _bundle(lang: str) -> _Bundle:
    bundle = _Bundle(lang)
    bundle.add_resource(_resource(lang))
    return bundle


@cache
def catalog(lang: str) -> Mapping[str, ftl.Message]:
    """The catalog's messages of `lang` by dotted key."""
    return {
        key_of(entry.id.name): entry
        for entry in _resource(lang).body
        if isinstance(entry, ftl.Message)
    }


def keys() -> frozenset[str]:
    return frozenset(catalog(FALLBACK))


@cache
def variables(lang: str, key: str) -> frozenset[str]:
    """The variables the catalog's message `key` of `lang` uses."""
    message = catalog(lang).get(key)
    return pattern_variables(message) if message is not None else frozenset()


def text_variables(lang: str, key: str) -> frozenset[str]:
    """The variables of the default text `key` of `lang` (English when `lang` lacks it)."""
    return variables(lang, key) if key in catalog(lang) else variables(FALLBACK, key)


def default_source(lang: str, key: str) -> str:
    """The default text `key` of `lang` in Fluent syntax, as an override would write it."""
    message = catalog(lang).get(key) or catalog(FALLBACK).get(key)
    if message is None or message.value is None:
        return ""
    source = serialize_pattern(message.value)
    lines = source.split("\n")
    if len(lines) > 1 and not lines[0].strip():
        lines = lines[1:]
    return "\n".join(line[4:] if line.startswith("    ") else line for line in lines).rstrip()


@lru_cache(maxsize=4096)
def _override(lang: str, key: str, source: str) -> tuple[_Bundle, Pattern] | None:
    from src.interfaces.bot.i18n.overrides import parse

    message = parse(key, source)
    if message is None:
        return None
    bundle = _Bundle(lang)
    bundle.add_resource(ftl.Resource(body=[message]))
    value = bundle.get_message(fluent_id(key)).value
    return (bundle, value) if value is not None else None


def _pattern(lang: str, key: str, context: TextContext) -> tuple[_Bundle, Pattern] | None:
    source = context.overrides.get((lang, key))
    if source is not None:
        found = _override(lang, key, source)
        if found is not None:
            return found
    bundle = _bundle(lang)
    if not bundle.has_message(fluent_id(key)):
        return None
    value = bundle.get_message(fluent_id(key)).value
    return (bundle, value) if value is not None else None


def render(
    lang: str, key: str, params: Mapping[str, object], context: TextContext
) -> tuple[Html, list[Exception]]:
    """The text and Fluent's complaints (a missing variable, a bad reference)."""
    found = _pattern(lang, key, context)
    if found is None and lang != FALLBACK:
        lang = FALLBACK
        found = _pattern(lang, key, context)
    if found is None:
        return escape(key), []
    bundle, pattern = found
    args = {name: argument(value, lang, context.style) for name, value in params.items()}
    # Fluent refuses a part over 2500 characters (a guard against expansion attacks); a
    # long value (a receipt, a joined list) is put in after it has done its work
    long = {
        f"\x00{name}\x00": v for name, v in args.items() if isinstance(v, str) and len(v) > _PART
    }
    args.update(
        {name: Html(f"\x00{name}\x00") for name, v in args.items() if f"\x00{name}\x00" in long}
    )
    text, errors = bundle.render(pattern, args)
    for mark, value in long.items():
        text = text.replace(mark, value)
    return Html(text), errors


def t(lang: str, key: str, /, **params: object) -> str:
    """The text as Telegram HTML (an `Html`, so placing it into another text keeps it);
    typed `str` so callers may extend it (an extension joined to it with `Html(...)` is
    kept as it is when it becomes an argument again)."""
    text, errors = render(lang, key, params, _current.get())
    if errors:
        log.warning("text %s/%s: %s", lang, key, "; ".join(map(str, errors)))
    return text


def show(lang: str, value: object) -> Html:
    """One value as the language writes it, outside a message (a list line, a button)."""
    return Html(argument(value, lang, _current.get().style))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """`text` (HTML) cut so Telegram shows at most `limit` characters (counted as Telegram
    does, in UTF-16 code units: an emoji is two); a cut text loses its tags rather than a
    tag or an entity being cut in half."""
    shown = plain(text)
    if _utf16(shown) <= limit:
        return text
    cut = shown[: limit - 1]
    while _utf16(cut) > limit - 1:
        cut = cut[: -max(1, (_utf16(cut) - limit + 2) // 2)]
    return escape(cut + "…")
