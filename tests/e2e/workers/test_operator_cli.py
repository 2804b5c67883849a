"""Operator commands: `fleet doctor`, `fleet jobs run`, `fleet tenants activate|deactivate|top-up`.

Cases considered: a tenant whose token Telegram now refuses (doctor says which, exit 1),
a top-up repeated with the same key (credited once), deactivating the master tenant
(refused, nothing changes), a job whose feature is off (the panel unset: said, exit 1),
an unknown tenant id (error JSON, exit 1).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from src.infrastructure.container import Container
from src.infrastructure.settings import Settings, load_settings
from src.interfaces.cli import build_parser
from src.interfaces.doctor_cli import run_doctor
from src.interfaces.jobs_cli import run_job_now
from src.interfaces.tenants_cli import run_tenants
from src.sandbox.telegram import BotApiSimulator
from tests.e2e.workers.conftest import add_shops
from tests.e2e.workers.fleet_workers import MASTER_KEY, SECRET_KEY

pytestmark = pytest.mark.e2e


def cli_settings(tmp_path: Path, database_url: str, sim: BotApiSimulator) -> Settings:
    return load_settings(
        {
            "FLEET_DATA_DIR": str(tmp_path / "cli"),
            "FLEET_DATABASE_URL": database_url,
            "FLEET_SECRET_KEY": SECRET_KEY,
            "FLEET_MASTER_API_KEY": MASTER_KEY,
            "FLEET_TELEGRAM_API_URL": sim.base_url,
        }
    )


def args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


async def test_doctor_checks_every_token_and_names_the_refused_one(
    sim: BotApiSimulator, setup: Container, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _, shops = await add_shops(setup, sim, 3)
    refused_id, refused_token = next(iter(shops.items()))
    sim.fail_token(refused_token)
    assert await run_doctor(cli_settings(tmp_path, database_url, sim)) == 1
    out = capsys.readouterr().out
    assert "database" in out and "bot api" in out
    lines = {line.split()[2]: line for line in out.splitlines() if "│ tenant" in line}
    assert "FAILED" in lines[str(refused_id)]
    assert sum("ok" in line.split("│")[2] for line in lines.values()) == len(shops)  # master too


async def test_tenants_top_up_activate_deactivate_from_the_command_line(
    sim: BotApiSimulator, setup: Container, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    settings = cli_settings(tmp_path, database_url, sim)
    _, shops = await add_shops(setup, sim, 1)
    tenant = str(next(iter(shops)))
    top_up = args("tenants", "top-up", tenant, "--amount", "500", "--key", "k1")
    for _ in range(2):  # the same key twice: credited once
        assert await run_tenants(settings, top_up) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (first["credited"], first["balance"]) == (500, 500)
    assert (second["credited"], second["balance"], second["replayed"]) == (0, 500, True)

    assert await run_tenants(settings, args("tenants", "deactivate", tenant)) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "disabled"
    assert await run_tenants(settings, args("tenants", "activate", tenant)) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "active"
    assert await run_tenants(settings, args("tenants", "activate", "999999")) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "tenant_not_found"


async def test_jobs_run_runs_once_and_says_so(
    sim: BotApiSimulator, setup: Container, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    settings = cli_settings(tmp_path, database_url, sim)
    assert await run_job_now(settings, "card-expiry") == 0
    assert json.loads(capsys.readouterr().out) == {"job": "card-expiry", "ran": True, "result": 0}
    assert await run_job_now(settings, "billing") == 1  # no panel configured: off
    assert json.loads(capsys.readouterr().out)["ran"] is False
