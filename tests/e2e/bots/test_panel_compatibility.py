"""`fleet serve` checks the panel's version at start (docs/remnawave.md, "Version check").

Against the Remnawave simulator over HTTP, with real aiogram and PostgreSQL:
- a panel that is not 3.x: one error line, the panel jobs stay off, a buyer is told
  subscriptions cannot be activated, the panel is sent nothing but the metadata
  request, /ready says `incompatible`;
- a 3.x panel: `compatible`, the panel jobs run;
- a panel down at start (the unnamed case): start does not hang or fail, the jobs
  run and check the version again first, so a 2.x panel that comes up later is
  still refused before anything is provisioned.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.config import SetConfigInput
from src.core.shop.plan import PlanTerms
from src.infrastructure.container import check_panel
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.interfaces.api.app import create_app
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.e2e.bots.harness import Harness
from tests.support.shop import credit

USER = 640_001
PANEL_JOBS = {"job-provisioning", "job-expiry", "job-billing"}
Panel = Callable[[str], Awaitable[tuple[RemnawaveSimulator, HttpRemnawavePanel]]]


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def running_jobs() -> set[str]:
    return {t.get_name() for t in asyncio.all_tasks() if t.get_name().startswith("job-")}


@pytest.fixture
async def panel_of(harness: Harness) -> AsyncIterator[Panel]:
    """Start a simulated panel of the given version and point the harness's Fleet at it."""
    started: list[tuple[RemnawaveSimulator, HttpRemnawavePanel]] = []

    async def make(version: str) -> tuple[RemnawaveSimulator, HttpRemnawavePanel]:
        simulator = RemnawaveSimulator(token="panel-token", version=version)
        panel = HttpRemnawavePanel(await simulator.start(), "panel-token", retries=0)
        harness.container.panel.override(providers.Object(panel))
        started.append((simulator, panel))
        return simulator, panel

    yield make
    for simulator, panel in started:
        await panel.close()
        await simulator.stop()


async def ready(harness: Harness) -> object:
    """/ready's answer (the database ping is stubbed: the test client runs the app on a
    loop of its own, where this test's database pool cannot go)."""

    async def database_answers() -> bool:
        return True

    app = create_app(harness.container, manage_container=False)
    with harness.container.readiness.override(providers.Object(database_answers)):
        async with AsyncTestClient(app) as client:
            return (await client.get("/ready")).json()


async def test_an_incompatible_panel_is_refused_at_start_and_nothing_is_provisioned(
    harness: Harness, panel_of: Panel
) -> None:
    simulator, panel = await panel_of("2.7.4")
    squad = next(iter(simulator.state.squads))
    lines = Lines()  # its own handler: uvicorn (webhook mode) reconfigures the root's
    logging.getLogger("src.infrastructure.container").addHandler(lines)
    try:
        await harness.start()
    finally:
        logging.getLogger("src.infrastructure.container").removeHandler(lines)

    c = harness.container
    [line] = [r for r in lines.records if r.getMessage() == "panel refused: provisioning stays off"]
    assert line.levelno == logging.ERROR
    assert "2.7.4" in line.why  # type: ignore[attr-defined]
    assert c.panel() is None
    assert running_jobs().isdisjoint(PANEL_JOBS)
    assert await ready(harness) == {"status": "ready", "panel": "incompatible"}

    shop = await harness.add_shop("Old")
    terms = PlanTerms(name="Month", period_days=30, price=50_000, traffic_gb=40, device_limit=2)
    await c.create_plan()(CreatePlanInput(shop.id, terms))
    await c.set_config_value()(SetConfigInput(shop.id, "panel_squads", [squad], True))
    menu = await harness.say(shop, USER, "/start")
    async with c.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None
    await credit(c, shop.tenant, user.id, 100_000)
    plans = await harness.press(shop, USER, menu, "Buy")
    details = await harness.press(shop, USER, plans, "Month")
    buy = details.button_data("Buy for")
    update_id = harness.sim.press_button(shop.token, USER, details.message_id, buy)
    answer = await harness.sim.wait_callback_answer(shop.token, update_id)

    assert "cannot be activated right now" in (answer.text or "")
    async with c.uow().for_tenant(shop.id) as uow:
        after = await uow.users.by_telegram_id(USER)
    assert after is not None and after.balance == 100_000  # nothing was debited
    assert simulator.requests == [("GET", "/api/system/metadata")]
    assert simulator.users() == []
    assert panel._session is None  # closed: this process never talks to it again


async def test_a_3x_panel_is_compatible_and_the_panel_jobs_run(
    harness: Harness, panel_of: Panel
) -> None:
    _, panel = await panel_of("3.3.2")

    await harness.start()

    assert harness.container.panel() is panel
    assert harness.container.panel_check().detail == "3.3.2"
    assert running_jobs() >= PANEL_JOBS
    assert await ready(harness) == {"status": "ready", "panel": "compatible"}


async def test_a_panel_down_at_start_is_checked_again_before_it_is_used(
    harness: Harness, panel_of: Panel
) -> None:
    simulator, _ = await panel_of("2.7.4")
    simulator.fail_all(503)

    await harness.start()

    assert harness.container.panel_check().status == "unreachable"
    assert running_jobs() >= PANEL_JOBS  # they check again on every run
    assert await ready(harness) == {"status": "ready", "panel": "unreachable"}
    simulator.recover()
    assert await check_panel(harness.container) is False
    assert harness.container.panel_check().status == "incompatible"
    assert harness.container.panel() is None
    assert {path for _, path in simulator.requests} == {"/api/system/metadata"}
