"""Real `fleet serve` worker processes for the scale-out tests (docs/deployment.md)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.e2e.test_quickstart import ROOT, free_port

SECRET_KEY = "workers-secret-" + "w" * 32
MASTER_KEY = "workers-master-" + "m" * 32


@dataclass
class Worker:
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    proc: asyncio.subprocess.Process | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, log: Path) -> None:
        self.log = log
        env = {**self.env, "FLEET_HTTP_PORT": str(self.port)}
        with log.open("wb") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "src.interfaces.cli", "serve",
                cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True,
            )  # fmt: skip

    async def wait_ready(self, timeout: float = 180.0) -> None:  # noqa: ASYNC109
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession() as http:
            while asyncio.get_running_loop().time() < deadline:
                assert self.proc is not None and self.proc.returncode is None, self.output()
                try:
                    async with http.get(f"{self.url}/ready") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"worker on {self.port} never ready:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""

    def kill(self) -> None:
        """kill -9: no shutdown hook runs, its leases stay until they expire."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)

    async def stop(self, timeout: float = 30.0) -> int:  # noqa: ASYNC109
        """SIGTERM and wait: the graceful path (leases handed back)."""
        if self.proc is None:
            return 0
        if self.proc.returncode is not None:
            return self.proc.returncode
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            os.killpg(self.proc.pid, signal.SIGKILL)
            await self.proc.wait()
            raise AssertionError(f"worker did not stop in {timeout} s:\n{self.output()}") from None


def worker_env(
    database_url: str, telegram_url: str, master_token: str, **extra: str
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLEET_")}
    env.update(
        FLEET_DATABASE_URL=database_url,
        FLEET_SECRET_KEY=SECRET_KEY,
        FLEET_MASTER_API_KEY=MASTER_KEY,
        FLEET_MASTER_BOT_TOKEN=master_token,
        FLEET_TELEGRAM_API_URL=telegram_url,
        **extra,
    )
    return env


async def eventually(
    check: Callable[[], Awaitable[bool]],
    timeout: float,  # noqa: ASYNC109 - a deadline is the point
    what: str,
) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        await asyncio.sleep(0.2)
