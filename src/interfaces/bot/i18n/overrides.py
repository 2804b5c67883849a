"""A tenant's own wording of a text (docs/i18n.md#per-tenant-overrides): parsing and the
rules an override must pass before it is stored.

An override is the message's pattern in Fluent syntax, as the catalog writes it
(`Hello { $name }`, select expressions for plurals, several lines). It must parse, use
exactly the variables of the default message, be well-formed Telegram HTML (the tags
Telegram knows, balanced), and fit Telegram's limit where the text goes (4096 characters
for a message, 1024 for a photo caption) with sample arguments.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl

from src.core.errors import NotFound, ValidationError
from src.core.tenancy.tenant import LANGUAGES
from src.interfaces.bot.i18n.convert import fluent_id, pattern_variables

TEXT_MAX = 4096
CAPTION_MAX = 1024
SOURCE_MAX = 8000
PART_MAX = 2000
# Texts that end up in a photo caption (the receipt shown to the shop's admins) and
# texts of Telegram fields with their own limits (the Stars invoice).
LIMITS: dict[str, int] = {
    "receipt.admin": CAPTION_MAX,
    "receipt.text": CAPTION_MAX,
    "receipt.note": CAPTION_MAX,
    "receipt.approved_by": CAPTION_MAX,
    "receipt.rejected_by": CAPTION_MAX,
    "receipt.expired": CAPTION_MAX,
    "topup.stars_title": 32,
    "topup.stars_description": 255,
    "topup.stars_label": 32,
}
TELEGRAM_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "blockquote",
    }
)


class UnknownText(NotFound):
    code = "text_not_found"


class InvalidText(ValidationError):
    code = "invalid_text"


def _resource_text(key: str, source: str) -> str:
    lines = source.replace("\r\n", "\n").split("\n")
    body = "".join(f"    {line}\n" if line.strip() else '    { "" }\n' for line in lines)
    return f"{fluent_id(key)} =\n{body}"


def parse(key: str, source: str) -> ftl.Message | None:
    """The override as a Fluent message, or None when it does not parse."""
    resource = FluentParser(with_spans=False).parse(_resource_text(key, source))
    messages = [e for e in resource.body if isinstance(e, ftl.Message)]
    if len(resource.body) != 1 or len(messages) != 1:
        return None
    message = messages[0]
    if message.value is None or message.attributes:
        return None
    message.value.elements = [part for e in message.value.elements for part in _short(e)]
    return message


def _short(element: ftl.TextElement | ftl.Placeable) -> list[ftl.TextElement | ftl.Placeable]:
    """Fluent refuses a text part over 2500 characters: long text is cut into parts."""
    if not isinstance(element, ftl.TextElement) or len(element.value) <= PART_MAX:
        return [element]
    value = element.value
    return [ftl.TextElement(value[i : i + PART_MAX]) for i in range(0, len(value), PART_MAX)]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problem = self.problem or f"<{tag}> is not a tag Telegram knows"
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problem = self.problem or f"</{tag}> closes no open <{tag}>"
            return
        self.open.pop()


def html_problem(text: str) -> str | None:
    """Why `text` is not Telegram HTML Telegram accepts, or None."""
    if re.search(r"<(?![a-zA-Z/])", text):
        return "a bare '<' (write &lt;)"
    if re.search(r"&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)", text):
        return "a bare '&' (write &amp;)"
    tags = _Tags()
    tags.feed(text)
    tags.close()
    if tags.problem:
        return tags.problem
    if tags.open:
        return f"<{tags.open[-1]}> is never closed"
    return None


def limit_of(key: str) -> int:
    return LIMITS.get(key, TEXT_MAX)


def known(lang: str, key: str) -> None:
    """Raise `UnknownText` (404) unless the catalogs have the text `key` in `lang`."""
    from src.interfaces.bot.i18n import FALLBACK, catalog

    if lang not in LANGUAGES:
        raise UnknownText(f"no language {lang!r}; one of {', '.join(LANGUAGES)}")
    if key not in catalog(FALLBACK) and key not in catalog(lang):
        raise UnknownText(f"no text {key!r}")


def check(lang: str, key: str, source: str) -> None:
    """Raise unless `source` may replace the text `key` of `lang` (see the module doc)."""
    from src.interfaces.bot.i18n import TextContext, plain, render
    from src.interfaces.bot.i18n import text_variables as variables_of

    known(lang, key)
    if not source.strip():
        raise InvalidText("the text is empty; DELETE the override to use the default", field="text")
    if len(source) > SOURCE_MAX or "\x00" in source:
        raise InvalidText(f"the text must be under {SOURCE_MAX} characters, no NUL", field="text")
    message = parse(key, source)
    if message is None:
        raise InvalidText(
            "the text is not a Fluent pattern: write variables as { $name }, a literal brace "
            'as { "{" }, and start no line with [, * or .',
            field="text",
        )
    expected = variables_of(lang, key)
    used = pattern_variables(message)
    if used != expected:
        missing, extra = sorted(expected - used), sorted(used - expected)
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unknown {', '.join(extra)}"] if extra else []
        raise InvalidText(
            f"the text must use exactly the variables {', '.join(sorted(expected)) or '(none)'}"
            f": {'; '.join(parts)}",
            field="text",
        )
    sample = dict.fromkeys(expected, 1)
    text, errors = render(lang, key, sample, TextContext(overrides={(lang, key): source}))
    if errors:
        raise InvalidText(f"the text does not render: {errors[0]}", field="text")
    problem = html_problem(text)
    if problem:
        raise InvalidText(f"the text is not valid Telegram HTML: {problem}", field="text")
    limit = limit_of(key)
    if len(plain(text)) > limit:
        raise InvalidText(
            f"the text is longer than Telegram's limit of {limit} characters here", field="text"
        )
