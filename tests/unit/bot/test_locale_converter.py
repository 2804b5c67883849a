"""The JSON -> Fluent converter the integrator runs after merging branches that still add
JSON locale entries (docs/i18n.md#the-converter).

Edge cases: a multi-line text with a blank line, literal braces (`{{`), `&` and `<`, a
line starting with `*` or `[` (Fluent syntax there), an entry the catalog already has
(the catalog wins), a key with a dash (refused), `--check` with nothing to do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource

from src.interfaces.bot.i18n.convert import convert, main

ENTRIES = {
    "menu.title": "{name}\nBalance: {balance}",
    "tickets.list": "Your tickets ({count}):\n\n* {first}\n[{second}] & <more> {{literal}}",
    "tickets.empty": "No tickets.",
}


def write(tmp: Path, lang: str, entries: dict[str, str], ftl: str = "") -> None:
    (tmp / f"{lang}.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    if ftl:
        (tmp / f"{lang}.ftl").write_text(ftl, encoding="utf-8")


def render(tmp: Path, lang: str, msg: str, **args: str) -> str:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource((tmp / f"{lang}.ftl").read_text(encoding="utf-8")))
    value = bundle.get_message(msg).value
    assert value is not None
    text, errors = bundle.format_pattern(value, args)
    assert not errors
    return str(text)


def test_entries_are_appended_faithfully_and_the_json_goes(tmp_path: Path) -> None:
    write(tmp_path, "en", ENTRIES, "menu-title = { $name } { $balance } (kept)\n")
    done = convert(tmp_path)
    assert "en: menu.title kept from the catalog (JSON copy dropped)" in done
    assert "en: tickets.list converted" in done
    assert not (tmp_path / "en.json").exists()
    assert render(tmp_path, "en", "menu-title", name="A", balance="1") == "A 1 (kept)"
    listed = render(tmp_path, "en", "tickets-list", count="2", first="a", second="b")
    assert listed == "Your tickets (2):\n\n* a\n[b] &amp; &lt;more&gt; {literal}"
    assert render(tmp_path, "en", "tickets-empty") == "No tickets."
    assert convert(tmp_path) == []  # idempotent: nothing left
    assert main(["--check"]) in (0, 1)


def test_a_dashed_key_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "ru", {"shop.top-up": "x"})
    with pytest.raises(SystemExit, match="dash"):
        convert(tmp_path)
    assert (tmp_path / "ru.json").exists()  # nothing half-done


def test_the_repository_has_nothing_left_to_convert() -> None:
    assert main(["--check"]) == 0


def test_a_text_whose_variables_changed_elsewhere_is_flagged(tmp_path: Path) -> None:
    write(tmp_path, "ru", {"menu.title": "{name} {balance} {bonus}"}, "menu-title = { $name }\n")
    [line] = convert(tmp_path)
    assert line.startswith("REVIEW ru: menu.title") and "'bonus'" in line
