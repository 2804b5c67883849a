"""Hostile bodies on the web sandbox's JSON routes (docs/sandbox.md).

The `/api/v1` routes answer a body nested too deep for the decoder with 422; the
sandbox's routes decoded it with Litestar's own decoder, whose RecursionError was an
unhandled 500 with a traceback in the log. The routes are tried without a database:
the body is refused before any handler runs.

Cases considered: JSON nested 100,000 deep (arrays and objects) on every JSON route;
a body of 10 MB (413 from the server's limit, held); ids past int64, unknown fields
and NUL (tests/e2e/web/test_web_sandbox_api.py, held).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from src.infrastructure.settings import load_settings
from src.interfaces.cli import server_builder

JSON_ROUTES = ("send", "press", "pay", "panel/traffic", "panel/mode")
DEPTH = 100_000


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(
        {
            "FLEET_DATA_DIR": str(tmp_path / "data"),
            "FLEET_SECRET_KEY": "attack-secret-" + "a" * 32,
            "FLEET_MASTER_API_KEY": "attack-master-" + "m" * 32,
        }
    )
    app, container = server_builder(settings)(settings, "postgresql+asyncpg://unused/none")
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]  # no lifespan: nothing starts
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    finally:
        await container.engine().dispose()


@pytest.mark.parametrize("path", JSON_ROUTES)
@pytest.mark.parametrize("nest", ["[]", '{"a":}'])
async def test_a_body_nested_too_deep_is_refused_not_a_500(
    http: httpx.AsyncClient, path: str, nest: str
) -> None:
    opening, closing = nest[:-1], nest[-1]
    body = opening * DEPTH + "1" + closing * DEPTH
    answer = await http.post(
        f"/sandbox/api/{path}", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code in (400, 422), answer.text
    assert answer.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    ("origin", "refused"),
    [("http://evil.example", True), ("http://test.evil.example", True), ("http://test", False)],
)
async def test_a_post_from_another_web_site_is_refused(
    http: httpx.AsyncClient, origin: str, refused: bool
) -> None:
    """Another site open in the developer's browser posts a text/plain form body (no
    CORS preflight) to switch the panel down; the page's own origin may."""
    body = b'{"mode": "down"}'
    answer = await http.post(
        "/sandbox/api/panel/mode",
        content=body,
        headers={"content-type": "text/plain", "origin": origin},
    )
    mode = (await http.get("/sandbox/api/panel")).json()["mode"]
    if refused:
        assert answer.status_code == 403 and mode == "ok", answer.text
    else:
        assert answer.status_code == 201 and mode == "down", answer.text


async def test_a_reset_from_another_web_site_is_refused_before_it_runs(
    http: httpx.AsyncClient,
) -> None:
    answer = await http.post("/sandbox/api/reset", headers={"origin": "http://evil.example"})
    assert answer.status_code == 403
