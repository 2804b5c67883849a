"""`FLEET_LOG_FORMAT=json`: every line one JSON object, with tenant_id, update_id and
request_id where known, and no secret (docs/deployment.md, "Logs").

Cases considered:
- a line logged while an update is handled carries its tenant id and update id; a
  line logged after it carries neither (the context is reset);
- an API request: the caller's X-Request-ID is on every line and echoed; a missing,
  over-long or non-token X-Request-ID (spaces, CRLF, a JSON quote) is replaced by a
  generated one, echoed too; a response refused by auth (401) still gets its id;
- secrets inside the message, inside string extras and inside non-string extras (a
  card number as an int, a token inside a dict) never reach a line;
- a message with a newline or a NUL stays on one line (JSON escapes it).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiogram.types import TelegramObject
from litestar import get
from litestar.testing import AsyncTestClient

from src.infrastructure.container import Container
from src.infrastructure.logging_setup import configure_logging
from src.interfaces.api.app import create_app
from tests.support.botfeed import feed_bot

log = logging.getLogger("fleet.test")
TOKEN = "123456789:AAHk-secretsecretsecretsecret1"
CARD = 4111_1111_1111_1111
API_TOKEN = "flt_abcdefghijklmnopqrstuvwxyz0123"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def lines_of(stream: io.StringIO) -> list[dict[str, Any]]:
    text = stream.getvalue()
    for secret in (TOKEN, "AAHk-secret", str(CARD), API_TOKEN, "hunter2"):
        assert secret not in text, f"{secret!r} reached the log"
    lines = [json.loads(line) for line in text.splitlines()]  # every line one object
    for line in lines:
        assert {"ts", "level", "logger", "msg"} <= line.keys()
    return lines


async def test_a_line_logged_while_an_update_is_handled_carries_tenant_and_update(
    memory_container: Container, captured: io.StringIO
) -> None:
    shop = await feed_bot(memory_container, "Logs")

    async def noisy(
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        log.warning(
            "handling with token %s\nand a NUL \x00",
            TOKEN,
            extra={"card": CARD, "nested": {"auth": f"Bearer {API_TOKEN}"}, "pan": str(CARD)},
        )
        return await handler(event, data)

    shop.dp.update.middleware(noisy)  # inner: runs inside the tenant context
    await shop.say(730_100, "/start")
    log.info("after the update")
    lines = lines_of(captured)
    during = [line for line in lines if line["msg"].startswith("handling with token")]
    assert len(during) == 1
    assert during[0]["tenant_id"] == shop.tenant.id
    assert during[0]["update_id"] == 1
    assert "\x00" in during[0]["msg"] and "[REDACTED]" in during[0]["msg"]
    assert during[0]["card"] == "[CARD]" and during[0]["pan"] == "[CARD]"
    assert "[REDACTED]" in during[0]["nested"]
    after = next(line for line in lines if line["msg"] == "after the update")
    assert "tenant_id" not in after and "update_id" not in after


@get("/_probe", sync_to_thread=False)
def probe() -> dict[str, str]:
    log.warning("probe answered", extra={"secret": f"redis://:hunter2@h/0 {TOKEN}"})
    return {"ok": "yes"}


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("req-42.a:b_c", True),
        (None, False),
        ("x" * 65, False),
        ("two words", False),
        ('q"uote', False),
    ],
)
async def test_an_api_request_id_is_on_every_line_and_echoed(
    memory_container: Container, captured: io.StringIO, sent: str | None, kept: bool
) -> None:
    app = create_app(memory_container, extra_routes=[probe])
    headers = {} if sent is None else {"X-Request-ID": sent}
    async with AsyncTestClient(app) as client:
        answer = await client.get("/_probe", headers=headers)
        refused = await client.get("/api/v1/tenants", headers={"X-Request-ID": "r-401"})
    assert answer.status_code == 200
    echoed = answer.headers["x-request-id"]
    if kept:
        assert echoed == sent
    else:
        assert echoed != sent and len(echoed) == 32 and echoed.isalnum()
    assert refused.status_code == 401 and refused.headers["x-request-id"] == "r-401"
    lines = lines_of(captured)
    probes = [line for line in lines if line["msg"] == "probe answered"]
    assert len(probes) == 1 and probes[0]["request_id"] == echoed
    assert "[REDACTED]" in probes[0]["secret"]
