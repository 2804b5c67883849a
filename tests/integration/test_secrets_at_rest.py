"""Secrets: sealed Telegram tokens, hashed API tokens, nothing secret in any log line."""

from __future__ import annotations

import hashlib
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.tenancy.ensure_master import EnsureMasterInput
from src.infrastructure.container import Container
from src.infrastructure.logging_setup import JsonFormatter, RedactingFilter
from tests.support.doubles import memory_telegram
from tests.support.factories import create_tenant, new_bot_token


async def test_stored_tokens_are_sealed_and_hashed(
    sql_container: Container, clean_db: AsyncEngine
) -> None:
    token = new_bot_token()
    created = await create_tenant(sql_container, telegram_token=token)
    async with clean_db.connect() as conn:
        row = (
            await conn.execute(
                text("SELECT telegram_token_sealed, api_token_hash FROM bots WHERE id = :id"),
                {"id": created.tenant.id},
            )
        ).one()
        dump = await conn.execute(text("SELECT row_to_json(b)::text FROM bots b"))
        everything = " ".join(r[0] for r in dump)
    sealed, api_hash = bytes(row[0]), row[1]
    assert token.encode() not in sealed
    assert token.split(":")[1] not in everything
    assert created.api_token not in everything
    assert api_hash == hashlib.sha256(created.api_token.encode()).hexdigest()
    assert sql_container.box().open(sealed) == token


async def test_a_different_platform_secret_cannot_open_a_token(sql_container: Container) -> None:
    from src.infrastructure.security import FernetSecretBox

    sealed = sql_container.box().seal("123:secret")
    with pytest.raises(ValueError, match="not sealed with this key"):
        FernetSecretBox("another-secret-" + "z" * 40).open(sealed)


async def test_no_log_line_contains_a_token(
    sql_container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    """Drive every tenancy path with SQL echo on; redacted output carries no secret."""
    master_token, shop_token = new_bot_token(), new_bot_token()
    memory_telegram(sql_container).register(master_token, "master_bot")
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        await sql_container.ensure_master()(EnsureMasterInput(master_token, (1,)))
        created = await create_tenant(sql_container, telegram_token=shop_token)
        rotated = await sql_container.rotate_api_token()(created.tenant.id)
        logging.getLogger("test").info("tenant %s created with %s", created.tenant.id, shop_token)
        logging.getLogger("test").info("api", extra={"token": rotated, "auth": f"Bearer {rotated}"})
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

    redactor, formatter = RedactingFilter(), JsonFormatter()
    lines = []
    for record in caplog.records:
        redactor.filter(record)
        lines.append(formatter.format(record))
    output = "\n".join(lines)
    assert len(caplog.records) > 5  # SQL echo really ran
    for secret in (master_token, shop_token, created.api_token, rotated):
        assert secret not in output
        assert secret.split(":")[-1] not in output
    assert "[REDACTED]" in output
