"""Checks for human text stored in the database (names, holder names, texts).

PostgreSQL refuses NUL in text and JSONB, and control characters in a name are
never intended, so text typed into the API is refused here with a field-naming
validation error instead of failing (or being stored) further down. Text that
Telegram hands us about a user (their first name, their username) cannot be
refused, so `clean_line` sanitises it instead.
"""

from __future__ import annotations

import unicodedata

from src.core.errors import ValidationError

_ALLOWED_IN_MULTILINE = frozenset("\n\r\t")


def _forbidden(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs")


def has_forbidden_chars(value: str, *, multiline: bool = False) -> bool:
    """True when `value` holds a control or unpaired surrogate character."""
    for char in value:
        if multiline and char in _ALLOWED_IN_MULTILINE:
            continue
        if _forbidden(char):
            return True
    return False


def check_line(value: str, field: str, *, max_length: int, min_length: int = 1) -> str:
    """A single line of text, stripped, `min_length..max_length` characters."""
    value = value.strip()
    if len(value) < min_length:
        raise ValidationError(f"{field} must not be empty", field=field)
    if len(value) > max_length:
        raise ValidationError(f"{field} must be at most {max_length} characters", field=field)
    if has_forbidden_chars(value):
        raise ValidationError(f"{field} must not contain control characters", field=field)
    return value


def clean_line(value: str | None, *, max_length: int) -> str | None:
    """Text we cannot refuse, made storable: control characters (NUL included) and
    unpaired surrogates dropped, whitespace trimmed, cut to `max_length`; nothing
    left -> None."""
    if value is None:
        return None
    cleaned = "".join(char for char in value if not _forbidden(char)).strip()[:max_length]
    return cleaned.strip() or None
