"""`fleet import bedolaga` end to end through the command line (docs/import.md):
the printed table, the JSON report, the exit codes.

Cases considered: a clean import exits 0 and writes the JSON report; a dry run
says so and exits 0; no --tenant without a master tenant exits 2 with a reason;
--retag without a configured panel exits 2; an unreachable source exits non-zero.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from src.infrastructure.container import Container
from src.interfaces.cli import main
from tests.support.bedolaga import bedolaga_database
from tests.support.factories import create_tenant

NOW = datetime.now(UTC)  # the command runs on the system clock


@pytest.fixture
async def source() -> AsyncIterator[str]:
    async with bedolaga_database(300, NOW) as url:
        yield url


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> None:
    monkeypatch.setenv("FLEET_DATABASE_URL", database_url)
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FLEET_SECRET_KEY", "cli-secret-" + "s" * 32)
    monkeypatch.setenv("FLEET_MASTER_API_KEY", "cli-master-" + "m" * 32)
    for name in ("FLEET_REMNAWAVE_URL", "FLEET_REMNAWAVE_TOKEN", "FLEET_CURRENCY"):
        monkeypatch.delenv(name, raising=False)


async def fleet(*args: str) -> int:
    return await asyncio.to_thread(main, ["import", "bedolaga", *args])


async def test_import_prints_the_table_writes_the_json_and_exits_0(
    env: None,
    sql_container: Container,
    source: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tenant = (await create_tenant(sql_container, "Cli")).tenant
    report_file = tmp_path / "report.json"

    dry = await fleet("--source", source, "--tenant", str(tenant.id), "--dry-run")
    out = capsys.readouterr().out
    assert dry == 0 and "dry run: nothing written" in out and "OK: balances" in out

    code = await fleet("--source", source, "--tenant", str(tenant.id), "--report", str(report_file))
    out = capsys.readouterr().out
    assert code == 0
    assert "users" in out and "not imported: feature not in Fleet yet" in out
    data = json.loads(report_file.read_text())
    assert data["ok"] is True and data["mismatches"] == []
    assert data["entities"]["users"]["source"] == 300
    assert data["balance_expected"] == data["balance_fleet"] > 0
    assert data["panel"]["untagged"] == data["panel"]["linked"] > 0
    assert "kopeks" in data["conversion"]
    assert data["active_source"] == data["active_fleet"] > 0


async def test_the_command_refuses_what_it_cannot_do(
    env: None,
    sql_container: Container,
    source: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await fleet("--source", source) == 2  # no master tenant in this database
    assert "no master tenant" in capsys.readouterr().err
    tenant = (await create_tenant(sql_container, "Cli")).tenant
    assert await fleet("--source", source, "--tenant", str(tenant.id), "--retag") == 2
    assert "FLEET_REMNAWAVE_URL" in capsys.readouterr().err
    gone = source.rsplit("/", 1)[0] + "/no_such_database"
    assert await fleet("--source", gone, "--tenant", str(tenant.id)) == 2
    assert "the source database cannot be opened" in capsys.readouterr().err
