"""Message formatting as Telegram applies it: ``parse_mode`` to text + entities.

Offsets and lengths of entities are in UTF-16 code units, as in the Bot API.
Errors use Telegram's wording ("can't parse entities: ...") so that an app
that forgets to escape user input fails here as it would in production.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError, bad_request

Entity = dict[str, Any]

_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ATTR_RE = re.compile(r"([a-zA-Z_-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_CHARREF_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_COMMAND_RE = re.compile(r"/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parse_error(message: str) -> ApiError:
    return bad_request(f"can't parse entities: {message}")


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


class _Builder:
    """Accumulates plain text and entities, tracking the UTF-16 position."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[Entity] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def open(self, kind: str, **extra: Any) -> Entity:
        entity: Entity = {"type": kind, "offset": self.pos, "length": 0, **extra}
        self.entities.append(entity)
        return entity

    def close(self, entity: Entity) -> None:
        entity["length"] = self.pos - entity["offset"]

    def result(self) -> tuple[str, list[Entity]]:
        return "".join(self.parts), [e for e in self.entities if e["length"] > 0]


def _html_attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR_RE.finditer(raw)
    }


def _html_entity(tag: str, attrs: dict[str, str], source: str, index: int) -> dict[str, Any]:
    kind = _HTML_TAGS[tag]
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise _parse_error(
            f'Unsupported start tag "span" at byte offset {_byte_offset(source, index)}'
        )
    if kind == "text_link":
        return {"type": kind, "url": attrs.get("href", "")}
    if kind == "custom_emoji":
        return {"type": kind, "custom_emoji_id": attrs.get("emoji-id", "")}
    if kind == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    return {"type": kind}


def parse_html(source: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[tuple[str, Entity]] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "<":
            match = _TAG_RE.match(source, i)
            offset = _byte_offset(source, i)
            if match is None:
                raise _parse_error(f"Unexpected end of name token at byte offset {offset}")
            closing, tag = match.group(1) == "/", match.group(2).lower()
            if closing:
                if not stack:
                    raise _parse_error(f"Unexpected end tag at byte offset {offset}")
                open_tag, entity = stack.pop()
                if open_tag != tag:
                    raise _parse_error(
                        f'Unmatched end tag at byte offset {offset}, expected "</{open_tag}>", '
                        f'found "</{tag}>"'
                    )
                out.close(entity)
            else:
                if tag not in _HTML_TAGS:
                    raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {offset}')
                spec = _html_entity(tag, _html_attrs(match.group(3)), source, i)
                if tag == "code" and stack and stack[-1][0] == "pre":
                    language = _html_attrs(match.group(3)).get("class", "")
                    if language.startswith("language-"):
                        stack[-1][1]["language"] = language.removeprefix("language-")
                    entity = {"type": "_nested_code", "offset": out.pos, "length": 0}
                else:
                    kind = spec.pop("type")
                    entity = out.open(kind, **spec)
                stack.append((tag, entity))
            i = match.end()
        elif char == "&":
            match = _CHARREF_RE.match(source, i)
            if match is None:
                out.add("&")
                i += 1
                continue
            name = match.group(1)
            if name.startswith("#"):
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                out.add(chr(code) if 0 < code <= 0x10FFFF else "\ufffd")
            else:
                out.add(_NAMED.get(name, match.group(0)))
            i = match.end()
        else:
            j = i + 1
            while j < n and source[j] not in "<&":
                j += 1
            out.add(source[i:j])
            i = j
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


_MD2_MARKS = (
    ("||", "spoiler"),
    ("__", "underline"),
    ("*", "bold"),
    ("_", "italic"),
    ("~", "strikethrough"),
)


def _md_code(source: str, i: int, out: _Builder, *, v2: bool) -> int:
    """Parse `code` or ```pre``` starting at ``source[i]``; returns the next index."""
    fence = "```" if source.startswith("```", i) else "`"
    start = i + len(fence)
    j, body = start, []
    while j < len(source) and not source.startswith(fence, j):
        if v2 and source[j] == "\\" and j + 1 < len(source):
            body.append(source[j + 1])
            j += 2
        else:
            body.append(source[j])
            j += 1
    if j >= len(source):
        raise _parse_error(
            f"Can't find end of the entity starting at byte offset {_byte_offset(source, i)}"
        )
    text = "".join(body)
    extra: dict[str, Any] = {}
    if fence == "```":
        first, newline, rest = text.partition("\n")
        if newline and first and " " not in first:
            extra["language"], text = first, rest
        elif newline and not first:
            text = rest
    entity = out.open("pre" if fence == "```" else "code", **extra)
    out.add(text)
    out.close(entity)
    return j + len(fence)


def parse_markdown(source: str, *, v2: bool) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[tuple[str, Entity, int]] = []
    marks = _MD2_MARKS if v2 else (("*", "bold"), ("_", "italic"))
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if v2 and char == "\\" and i + 1 < n:
            out.add(source[i + 1])
            i += 2
            continue
        if char == "`":
            i = _md_code(source, i, out, v2=v2)
            continue
        mark = next(((m, k) for m, k in marks if source.startswith(m, i)), None)
        if mark is not None:
            if stack and stack[-1][0] == mark[0]:
                out.close(stack.pop()[1])
            else:
                stack.append((mark[0], out.open(mark[1]), i))
            i += len(mark[0])
            continue
        if char == "[":
            stack.append(("[", out.open("text_link", url=""), i))
            i += 1
            continue
        if char == "]" and stack and stack[-1][0] == "[" and source.startswith("(", i + 1):
            end = source.find(")", i + 2)
            if end < 0:
                raise _parse_error(
                    f"Can't find end of a URL at byte offset {_byte_offset(source, i)}"
                )
            _, entity, _ = stack.pop()
            entity["url"] = source[i + 2 : end].replace("\\)", ")").replace("\\\\", "\\")
            out.close(entity)
            i = end + 1
            continue
        if v2 and char in _MD2_RESERVED:
            raise _parse_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.add(char)
        i += 1
    if stack:
        offset = _byte_offset(source, stack[-1][2])
        raise _parse_error(f"Can't find end of the entity starting at byte offset {offset}")
    return out.result()


def _strip(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Telegram trims surrounding whitespace and moves the entities along."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    moved: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] - shift + entity["length"], size)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return stripped, moved


def command_entities(text: str) -> list[Entity]:
    """The ``bot_command`` entity Telegram adds to a message starting with /command."""
    match = _COMMAND_RE.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def format_text(text: str, parse_mode: str | None, entities: Any) -> tuple[str, list[Entity]]:
    """Text and entities of a message as Telegram stores it."""
    mode = (parse_mode or "").lower()
    if entities:  # explicit entities win over parse_mode
        if not isinstance(entities, list):
            raise bad_request("can't parse entities JSON object")
        return _strip(text, [dict(e) for e in entities if isinstance(e, dict)])
    if mode == "html":
        plain, found = parse_html(text)
    elif mode == "markdownv2":
        plain, found = parse_markdown(text, v2=True)
    elif mode == "markdown":
        plain, found = parse_markdown(text, v2=False)
    elif mode:
        raise bad_request(f'unsupported parse_mode "{parse_mode}"')
    else:
        plain, found = text, []
    return _strip(plain, [e for e in found if e["type"] != "_nested_code"])
