"""Every language has every text, with the same placeholders."""

from __future__ import annotations

import re

import pytest

from src.core.tenancy.tenant import LANGUAGES
from src.interfaces.bot.i18n import catalog, t

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_key_is_translated_with_the_same_placeholders(lang: str) -> None:
    english, other = catalog("en"), catalog(lang)
    assert set(other) == set(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), key


def test_unknown_language_and_key_fall_back() -> None:
    assert t("de", "menu.buy") == t("en", "menu.buy")
    assert t("en", "no.such.key") == "no.such.key"
