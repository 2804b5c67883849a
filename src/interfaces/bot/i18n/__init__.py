"""Bot texts by language (fa, en, ru), loaded once from the JSON files beside this module.

`t(lang, key, **params)` falls back to English for a missing language or key, so a
text added in English first never breaks the other languages.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from src.core.tenancy.tenant import LANGUAGES

FALLBACK = "en"
_DIR = Path(__file__).with_name("locales")


@cache
def catalog(lang: str) -> dict[str, str]:
    path = _DIR / f"{lang}.json"
    if lang not in LANGUAGES or not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def t(lang: str, key: str, /, **params: object) -> str:
    text = catalog(lang).get(key) or catalog(FALLBACK).get(key) or key
    return text.format(**params) if params else text
