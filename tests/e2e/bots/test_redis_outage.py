"""Redis down never stops the bots (PRODUCT 2.5): FSM state and update dedup fall back
to this process's memory, one warning per outage, back to Redis when it returns;
`/ready` says "degraded", not down. Real aiogram, real PostgreSQL, a real Redis
server this test starts and stops itself.

Cases considered (unnamed in the issue):
- Redis never reachable (a closed port, connection refused at once): covered;
- Redis going away mid-conversation and coming back: covered, the FSM step taken
  during the outage is answered from memory and the step after recovery lands in
  the restarted Redis;
- several updates during the outage: covered, the warning is logged once, not
  once per update (the guard does not ask a dead Redis on every update);
- Redis hanging instead of refusing (a stopped process): bounded by the guard's
  call deadline (1 s) and breaker, not separately tested here;
- the master API and tenant events over a dead Redis: pub/sub already reconnects
  with backoff (`test_redis_cache.py`), unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace

import httpx
import pytest
from dependency_injector import providers
from redis.asyncio import Redis
from redis.exceptions import RedisError

from src.interfaces.api.app import create_app
from tests.e2e.bots.harness import Harness, free_port

USER = 640_001
OUTAGE = "redis unreachable"
BACK = "redis answers again"


@dataclass
class RedisServer:
    port: int
    binary: str
    process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no"),
            stdout=asyncio.subprocess.DEVNULL,
        )
        client = Redis.from_url(self.url)
        deadline = asyncio.get_running_loop().time() + 10
        try:
            while True:
                with contextlib.suppress(RedisError, OSError):
                    if await client.ping():
                        return
                if asyncio.get_running_loop().time() > deadline:
                    raise AssertionError("redis-server did not start")
                await asyncio.sleep(0.05)
        finally:
            await client.aclose()

    async def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 10)
            self.process = None


@pytest.fixture
async def redis_server() -> AsyncIterator[RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port(), binary)
    await server.start()
    yield server
    await server.stop()


def _use_redis(harness: Harness, url: str) -> None:
    settings = replace(harness.container.settings(), redis_url=url)
    harness.container.settings.override(providers.Object(settings))


async def _ready(harness: Harness) -> httpx.Response:
    app = create_app(harness.container, manage_container=False)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://fleet.test") as client:
        return await client.get("/ready")


class Notices(logging.Handler):
    """The guard's own log lines (the webhook harness's Litestar reconfigures the
    root logging, so caplog does not see them in that mode)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)


@pytest.fixture
def notices() -> Iterator[Notices]:
    handler = Notices()
    logger = logging.getLogger("src.infrastructure.redis_guard")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


async def _fsm_values(url: str) -> list[bytes]:
    client = Redis.from_url(url)
    try:
        keys = await client.keys("fsm:*")
        values = [await client.get(k) for k in keys]
        return [v if isinstance(v, bytes) else v.encode() for v in values if v is not None]
    finally:
        await client.aclose()


async def test_bots_serve_with_redis_at_a_closed_port(harness: Harness, notices: Notices) -> None:
    _use_redis(harness, f"redis://127.0.0.1:{free_port()}/0")
    await harness.start()
    shop = await harness.add_shop("Cache")

    assert "Welcome to Cache" in ((await harness.say(shop, USER, "/start")).text or "")
    assert (await harness.say(shop, USER, "/remember blue")).text == "remembered blue"
    assert (await harness.say(shop, USER, "/recall")).text == "recalled blue"
    assert (await harness.say(shop, USER + 1, "/recall")).text == "recalled None"  # per user

    answer = await _ready(harness)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["status"], body["redis"]) == ("degraded", "unavailable")
    assert notices.count(OUTAGE) == 1


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_redis_stopped_and_restarted_mid_conversation(
    harness: Harness, redis_server: RedisServer, notices: Notices
) -> None:
    _use_redis(harness, redis_server.url)
    await harness.start()
    shop = await harness.add_shop("Steady")
    assert "Welcome to Steady" in ((await harness.say(shop, USER, "/start")).text or "")
    assert (await harness.say(shop, USER, "/remember one")).text == "remembered one"
    assert any(b"one" in v for v in await _fsm_values(redis_server.url))
    assert (await _ready(harness)).json()["status"] == "ready"

    await redis_server.stop()
    assert (await harness.say(shop, USER, "/remember two")).text == "remembered two"
    assert (await harness.say(shop, USER, "/recall")).text == "recalled two"
    assert "Steady" in ((await harness.say(shop, USER, "/start")).text or "")
    answer = await _ready(harness)
    assert (answer.status_code, answer.json()["status"]) == (200, "degraded")
    assert notices.count(OUTAGE) == 1  # once per outage, not once per update

    await redis_server.start()  # the same port, an empty Redis

    async def back() -> bool:
        return bool((await _ready(harness)).json()["status"] == "ready")

    await harness.eventually(back, timeout=10)
    assert (await harness.say(shop, USER, "/remember three")).text == "remembered three"
    assert any(b"three" in v for v in await _fsm_values(redis_server.url))
    assert (await harness.say(shop, USER, "/recall")).text == "recalled three"
    assert (notices.count(OUTAGE), notices.count(BACK)) == (1, 1)
