"""Move JSON locale entries into the Fluent catalogs (docs/i18n.md#the-converter).

    uv run python -m src.interfaces.bot.i18n.convert [--check]

For every language, each entry of `locales/<lang>.json` whose message is not in
`locales/<lang>.ftl` yet is appended to the catalog mechanically: the key's dots become
dashes (`shop.menu` -> `shop-menu`), `{name}` becomes `{ $name }`, `{{`/`}}` literal
braces and Fluent's special line starts are escaped, `&`, `<`, `>` become entities
(catalog messages are Telegram HTML) and a multi-line text becomes an indented block.
Converted entries leave the JSON file, which is deleted once empty. An entry whose
message the catalog already has is dropped from the JSON too and reported (the catalog
wins: it may hold a plural-aware rewrite of it), unless its variables differ from the
catalog's: then a REVIEW line asks for the catalog message to be reworded by hand (another
branch changed that text) and the exit status is 1. Each converted message is rendered
once and compared with `str.format` of the JSON text, so a conversion never changes
what a user reads.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast as ftl
from fluent.syntax import visitor

from src.core.tenancy.tenant import LANGUAGES

LOCALES = Path(__file__).with_name("locales")
_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


def fluent_id(key: str) -> str:
    """`shop.plan_details` -> `shop-plan_details` (keys never hold a dash)."""
    return key.replace(".", "-")


def key_of(message_id: str) -> str:
    return message_id.replace("-", ".")


def _line(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _FIELD.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=False))
        token = match.group(0)
        if match.group(1):
            out.append(f"{{ ${match.group(1)} }}")
        else:
            out.append('{ "{" }' if token[0] == "{" else '{ "}" }')
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    line = "".join(out)
    if line[:1] in ("[", "*", ".", " "):  # a variant, an attribute or lost indentation
        line = f'{{ "{line[0]}" }}{line[1:]}'
    return line


def to_fluent(key: str, text: str) -> str:
    """One JSON entry as a Fluent message."""
    lines = [_line(part) for part in text.split("\n")]
    if len(lines) == 1 and lines[0]:
        return f"{fluent_id(key)} = {lines[0]}\n"
    body = "".join(f"    {line}\n" if line else '    { "" }\n' for line in lines)
    return f"{fluent_id(key)} =\n{body}"


def _ids(source: str) -> set[str]:
    resource = FluentResource(source)
    return {e.id.name for e in resource.body if isinstance(e, ftl.Message)}


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)


def pattern_variables(node: ftl.BaseNode) -> frozenset[str]:
    """The variables a Fluent message (or pattern) uses, in every variant."""
    found = _Variables()
    found.visit(node)
    return frozenset(found.names)


def _variables(source: str) -> dict[str, frozenset[str]]:
    """Each catalog message's variables (to spot a JSON text another branch changed)."""
    return {
        entry.id.name: pattern_variables(entry)
        for entry in FluentResource(source).body
        if isinstance(entry, ftl.Message)
    }


def _check(lang: str, key: str, text: str, entry: str) -> None:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource(entry))
    args = {m.group(1): f"\0{m.group(1)}\0" for m in _FIELD.finditer(text) if m.group(1)}
    value = bundle.get_message(fluent_id(key)).value
    assert value is not None
    rendered, errors = bundle.format_pattern(value, args)
    if errors or rendered != html.escape(text.format(**args), quote=False):
        raise SystemExit(f"{lang}: {key} does not convert faithfully: {errors or rendered!r}")


def convert(locales: Path = LOCALES, *, write: bool = True) -> list[str]:
    """Convert every JSON locale file under `locales`; returns what it did, line by line."""
    done: list[str] = []
    writes: list[tuple[Path, str, Path]] = []  # all checked before any file changes
    for lang in LANGUAGES:
        source = locales / f"{lang}.json"
        if not source.exists():
            continue
        entries: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
        target = locales / f"{lang}.ftl"
        catalog = target.read_text(encoding="utf-8") if target.exists() else ""
        have = _ids(catalog)
        known = _variables(catalog)
        added: list[str] = []
        for key, text in entries.items():
            if "-" in key:
                raise SystemExit(f"{lang}: key {key!r} has a dash; keys are dotted words")
            if fluent_id(key) in have:
                names = {m.group(1) for m in _FIELD.finditer(text) if m.group(1)}
                if fluent_id(key) in known and names != known[fluent_id(key)]:
                    done.append(
                        f"REVIEW {lang}: {key}: the JSON text uses {sorted(names)}, the catalog"
                        f" {sorted(known[fluent_id(key)])}; reword the catalog's message by hand"
                    )
                else:
                    done.append(f"{lang}: {key} kept from the catalog (JSON copy dropped)")
                continue
            entry = to_fluent(key, text)
            _check(lang, key, text, entry)
            added.append(entry)
            have.add(fluent_id(key))
            done.append(f"{lang}: {key} converted")
        sep = "" if not catalog or catalog.endswith("\n") else "\n"
        writes.append((target, catalog + sep + "".join(added), source))
    if write:
        for target, text, source in writes:
            target.write_text(text, encoding="utf-8")
            source.unlink()
    return done


def main(argv: list[str]) -> int:
    check = "--check" in argv
    lines = convert(write=not check)
    for line in lines:
        print(line)
    if any(line.startswith("REVIEW") for line in lines):
        print("some JSON texts changed their variables: see REVIEW above", file=sys.stderr)
        return 1
    if check and lines:
        print("JSON locale entries are waiting to be converted", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
