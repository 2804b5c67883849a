"""Browser tests: `fleet serve` in sandbox mode (real PostgreSQL, real aiogram, both
simulators) driven in the system's Chromium through Playwright.

Chromium is Debian's `chromium` package (never `playwright install`). Without it the
tests skip with the reason, except when FLEET_TEST_REQUIRE_BROWSER is set (CI), where
its absence fails. A failing test leaves a screenshot under test-artifacts/."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Generator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.async_api import Browser, Page, Route, async_playwright

from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.container import Container
from src.infrastructure.settings import load_settings
from src.interfaces.cli import server_builder
from tests.e2e.bots.harness import free_port
from tests.support.db import scratch_database

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost"}


@dataclass
class Sandbox:
    base_url: str
    container: Container
    data_dir: Path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = "no system Chromium (apt-get install chromium; .ci/run does)"
        if os.environ.get("FLEET_TEST_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required (FLEET_TEST_REQUIRE_BROWSER): {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
async def sandbox(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Sandbox]:
    """A sandbox exactly as `just run` serves it, on its own fresh database."""
    port, data_dir = free_port(), tmp_path_factory.mktemp("sandbox") / "data"
    settings = load_settings(
        {
            "FLEET_DATA_DIR": str(data_dir),
            "FLEET_SECRET_KEY": "web-secret-" + "w" * 32,
            "FLEET_MASTER_API_KEY": "web-master-" + "m" * 32,
            "FLEET_HTTP_PORT": str(port),
        }
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLEET_SANDBOX_TELEGRAM_PORT", str(free_port()))
        patch.setenv("FLEET_SANDBOX_PANEL_PORT", str(free_port()))
        async with scratch_database("fleet_web") as url:
            await migrate_async(url)
            app, container = server_builder(settings)(settings, url)
            config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
            server = uvicorn.Server(config)
            task = asyncio.create_task(server.serve())
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.05)
            try:
                yield Sandbox(f"http://127.0.0.1:{port}", container, data_dir)
            finally:
                server.should_exit = True
                await task
                await container.engine().dispose()


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        await launched.close()


async def offline(route: Route) -> None:
    """Nothing leaves the machine: a request to any other host is refused."""
    if urlsplit(route.request.url).hostname in LOOPBACK:
        await route.continue_()
    else:
        await route.abort("internetdisconnected")


@pytest.fixture
async def page(browser: Browser, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.route("**/*", offline)
    opened = await context.new_page()
    opened.set_default_timeout(15_000)
    opened.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    yield opened
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        await opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    await context.close()
