"""Secrets never reach a log line, whatever carries them."""

from __future__ import annotations

import pytest

from src.infrastructure.logging_setup import redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("token 123456789:AAHk-secretsecretsecretsecret1 rejected", "AAHk-secret"),
        ("api token flt_abcdefghijklmnopqrstuvwxyz0123", "flt_abcdef"),
        ("Authorization: Bearer abc.def-ghi_jkl", "abc.def"),
        ("connect to postgresql+asyncpg://fleet:s3cr3t@db:5432/fleet failed", "s3cr3t"),
        ("redis://:hunter2@127.0.0.1:6379/0 is down", "hunter2"),
        ("yookassa key live_QUjLf9bnJr0fa4HV9k3rW2nd7sZx", "live_QUjLf9"),
        ("Authorization: Basic MTIzNDU2OnRlc3Rfc2VjcmV0", "MTIzNDU2"),
        ("Crypto-Pay-API-Token: 12345:AAzQcZWQqQAbsfgPnOLr4FHC8Doa4L7KryC", "AAzQcZ"),
    ],
)
def test_secrets_are_redacted(text: str, secret: str) -> None:
    assert secret not in redact(text)
    assert "[REDACTED]" in redact(text)


def test_urls_without_credentials_stay_readable() -> None:
    text = "GET https://panel.example.com/api/users/by-username/t1_2 and mailto a@b"
    assert redact(text) == text


def test_card_numbers_are_redacted_in_any_grouping_and_long_ids_stay() -> None:
    for card in ("4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111"):
        assert redact(f"paid with {card} today") == "paid with [CARD] today"
    assert redact("update 4111111111111112") == "update 4111111111111112"  # fails Luhn


def test_secrets_in_non_string_fields_are_redacted_and_context_fields_added() -> None:
    import logging

    from src.infrastructure.logging_setup import (
        RedactingFilter,
        current_request,
        current_update,
    )

    record = logging.makeLogRecord(
        {
            "msg": "x",
            "card": 4111111111111111,
            "body": {"token": "123456789:AAHk-secretsecretsecretsecret1"},
            "count": 3,
            "ok": True,
        }
    )
    update, request = current_update.set(77), current_request.set("r1")
    try:
        assert RedactingFilter().filter(record)
    finally:
        current_update.reset(update)
        current_request.reset(request)
    fields = vars(record)
    assert fields["card"] == "[CARD]"
    assert "AAHk" not in fields["body"] and "[REDACTED]" in fields["body"]
    assert fields["count"] == 3 and fields["ok"] is True
    assert fields["update_id"] == 77 and fields["request_id"] == "r1"
