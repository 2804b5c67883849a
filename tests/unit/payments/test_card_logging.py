"""Card numbers never reach a log line, whatever a caller passes to the logger."""

from __future__ import annotations

import logging

from src.infrastructure.logging_setup import RedactingFilter, redact


def test_card_numbers_are_redacted_in_every_spelling() -> None:
    for number in ("6037997512345670", "6037 9975 1234 5670", "6037-9975-1234-5670"):
        assert redact(f"card {number} chosen") == "card [CARD] chosen"


def test_ids_and_non_luhn_digit_runs_stay_readable() -> None:
    for text in ("tenant 42", "chat -1001234567890", "ts 1732680000123456789", "6037997512345671"):
        assert redact(text) == text


def test_the_filter_redacts_arguments_and_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"msg": "picked %s", "args": ("4111111111111111",), "holder": "4111 1111 1111 1111"}
    )
    RedactingFilter().filter(record)
    assert record.getMessage() == "picked [CARD]"
    assert record.holder == "[CARD]"  # type: ignore[attr-defined]
