"""parse_mode handling as Telegram does it (pure functions, no server)."""

from __future__ import annotations

import pytest

from src.sandbox.telegram import ApiError
from src.sandbox.telegram.formatting import command_entities, format_text


def _spans(entities: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(e["type"], e["offset"], e["length"]) for e in entities]


def test_html_nesting_utf16_offsets_and_pre_language() -> None:
    text, entities = format_text(
        '  <b>💳 <i>Card</i></b>\n<pre><code class="language-py">x &amp;&#33;</code></pre> ',
        "HTML",
        None,
    )
    assert text == "💳 Card\nx &!"
    assert _spans(entities) == [("bold", 0, 7), ("italic", 3, 4), ("pre", 8, 4)]
    assert entities[2]["language"] == "py"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("1 < 2", "byte offset 2"),
    ],
)
def test_html_errors(source: str, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        format_text(source, "HTML", None)
    assert caught.value.error_code == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert message in caught.value.description


def test_markdown_v2_and_legacy_markdown() -> None:
    text, entities = format_text(
        "*bold* __u__ [site](https://a.b/c) `a\\`b` 2\\+2", "MarkdownV2", None
    )
    assert text == "bold u site a`b 2+2"
    assert _spans(entities) == [
        ("bold", 0, 4),
        ("underline", 5, 1),
        ("text_link", 7, 4),
        ("code", 12, 3),
    ]
    assert entities[2]["url"] == "https://a.b/c"
    legacy, found = format_text("*Total:* 1.5 _stars_", "Markdown", None)
    assert legacy == "Total: 1.5 stars" and _spans(found) == [("bold", 0, 6), ("italic", 11, 5)]
    with pytest.raises(ApiError, match="Can't find end of the entity"):
        format_text("*open", "MarkdownV2", None)


def test_explicit_entities_and_commands() -> None:
    entities = [{"type": "bold", "offset": 0, "length": 2}]
    assert format_text("hi there", None, entities) == ("hi there", entities)
    assert _spans(command_entities("/start@shop_bot ref")) == [("bot_command", 0, 15)]
    assert command_entities("start") == []
