"""The sanitiser for text Telegram hands us (names): it can only be cleaned, never refused."""

from __future__ import annotations

import pytest

from src.core.text import clean_line


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Ali", "Ali"),
        ("A\x00li", "Ali"),
        ("\ud800Ali\udfff", "Ali"),  # lone surrogates: not storable as UTF-8
        ("  Ali\n\t", "Ali"),
        ("Zoë 🚀", "Zoë 🚀"),
        ("\x00\x07 ", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_line_drops_what_postgres_cannot_store(raw: str | None, cleaned: str | None) -> None:
    assert clean_line(raw, max_length=64) == cleaned


def test_clean_line_cuts_to_the_column_width_without_a_trailing_space() -> None:
    assert clean_line("a" * 200, max_length=128) == "a" * 128
    assert clean_line("ab cd", max_length=3) == "ab"
