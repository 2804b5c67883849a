"""`--retag` of an import (docs/import.md) against the Remnawave simulator over HTTP.

Cases considered: the linked panel users get the tenant's tag, users already
tagged are skipped (so a retag stopped by the panel going down resumes where it
stopped), a linked panel user deleted on the panel is counted as missing, the
panel's own other users are left alone, without --retag the report counts the
untagged users, a dry run never touches the panel.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from src.application.importing.import_bedolaga import ImportBedolagaInput, ImportReport
from src.application.ports.importing import PanelRetagger
from src.application.ports.vpn_panel import NewPanelUser
from src.core.errors import PanelUnavailable
from src.core.ids import TenantId
from src.core.shop.user import panel_tag
from src.infrastructure.container import Container
from src.infrastructure.importing.bedolaga_source import SqlBedolagaSource
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from tests.support.bedolaga import RecordingProgress, bedolaga_database
from tests.support.factories import create_tenant

USERS = 120
NOW = datetime.fromisoformat("2026-01-01T00:00:00+00:00")


@pytest.fixture
async def panel() -> AsyncIterator[tuple[RemnawaveSimulator, HttpRemnawavePanel]]:
    sim = RemnawaveSimulator(token="t", now=lambda: NOW)
    url = await sim.start()
    client = HttpRemnawavePanel(url, "t", retries=1, backoff_s=0.01, timeout_s=2)
    yield sim, client
    await client.close()
    await sim.stop()


@pytest.fixture
async def linked_source(
    panel: tuple[RemnawaveSimulator, HttpRemnawavePanel],
) -> AsyncIterator[str]:
    """A source whose linked subscriptions point at panel users that exist (untagged)."""
    _, client = panel
    async with bedolaga_database(USERS, NOW) as url:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT s.id, u.telegram_id FROM subscriptions s JOIN users u"
                        " ON u.id = s.user_id WHERE s.remnawave_id IS NOT NULL"
                        " AND u.telegram_id IS NOT NULL"
                    )
                )
            ).all()
            for sub_id, telegram_id in rows:
                user = await client.create_user(
                    NewPanelUser(f"bedolaga_{telegram_id}", NOW + timedelta(days=30))
                )
                await conn.execute(
                    text("UPDATE subscriptions SET remnawave_id = :p WHERE id = :s"),
                    {"p": user.id, "s": sub_id},
                )
        await engine.dispose()
        await client.create_user(NewPanelUser("someone_else", NOW + timedelta(days=30)))
        yield url


class PanelGoesDown:
    """The real retagger, until the panel stops answering after `after` tags."""

    def __init__(self, inner: PanelRetagger, after: int) -> None:
        self._inner, self._left = inner, after

    def tagged_user_ids(self, tag: str) -> AsyncIterator[int]:
        return self._inner.tagged_user_ids(tag)

    async def set_tag(self, panel_user_id: int, tag: str) -> None:
        self._left -= 1
        if self._left < 0:
            raise PanelUnavailable("panel answered 503")
        await self._inner.set_tag(panel_user_id, tag)

    async def close(self) -> None:
        await self._inner.close()


async def run(
    container: Container, url: str, tenant_id: int, retagger: PanelRetagger | None, **kw: bool
) -> tuple[ImportReport, RecordingProgress]:
    source, progress = SqlBedolagaSource(url), RecordingProgress()
    try:
        report = await container.import_bedolaga()(
            ImportBedolagaInput(TenantId(tenant_id), batch_size=25, **kw),
            source,
            progress,
            retagger,
        )
    finally:
        await source.close()
    return report, progress


async def test_retag_tags_the_linked_panel_users_and_resumes_after_the_panel_fails(
    sql_container: Container,
    panel: tuple[RemnawaveSimulator, HttpRemnawavePanel],
    linked_source: str,
) -> None:
    sim, client = panel
    tenant = (await create_tenant(sql_container, "Tagged")).tenant
    tag = panel_tag(tenant.id)
    linked = [u for u in sim.users() if u.username.startswith("bedolaga_")]
    gone = linked.pop()
    await client.delete_user(gone.id)

    plain, _ = await run(sql_container, linked_source, tenant.id, client, dry_run=True)
    assert plain.panel.untagged == plain.panel.linked == len(linked) + 1
    assert all(u.tag is None for u in sim.users())  # a dry run never retags

    with pytest.raises(PanelUnavailable):
        await run(sql_container, linked_source, tenant.id, PanelGoesDown(client, 30), retag=True)
    assert sum(u.tag == tag for u in sim.users()) == 30

    report, progress = await run(sql_container, linked_source, tenant.id, client, retag=True)
    assert report.entities["users"].imported == 0  # the first run's import was committed
    assert (report.panel.already_tagged, report.panel.retagged) == (30, len(linked) - 30)
    assert report.panel.missing == 1 and report.panel.untagged == 0
    assert progress.phases["retag"] == [len(linked) + 1, len(linked) + 1]
    tags = {u.username: u.tag for u in sim.users()}
    assert all(tags[u.username] == tag for u in linked)
    assert tags["someone_else"] is None
