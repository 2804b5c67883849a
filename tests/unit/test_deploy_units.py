"""The systemd units of docs/deployment.md: `systemd-analyze verify` accepts them where
the tool exists (the binary they start is faked, so only the units are judged);
otherwise their sections and keys are parsed."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def parse(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path)
    return parser


@pytest.mark.parametrize("name", ["fleet@.service", "fleet-migrate.service"])
def test_units_start_fleet_with_its_environment_file(name: str) -> None:
    unit = parse(UNITS / name)
    assert unit.sections() == ["Unit", "Service", "Install"]
    assert unit["Service"]["ExecStart"].startswith("/opt/fleet/.venv/bin/fleet ")
    assert unit["Service"]["EnvironmentFile"] == "/etc/fleet/fleet.env"


def test_the_worker_unit_drains_within_its_stop_timeout() -> None:
    service = parse(UNITS / "fleet@.service")["Service"]
    assert "Environment=FLEET_HTTP_PORT=%i" in (UNITS / "fleet@.service").read_text()
    assert int(service["TimeoutStopSec"]) > 10  # the runtime's drain bound


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    fake = tmp_path / "opt" / "fleet" / ".venv" / "bin"
    fake.mkdir(parents=True)
    units = tmp_path / "units"
    units.mkdir()
    for unit in UNITS.iterdir():
        text = unit.read_text().replace("/opt/fleet", str(tmp_path / "opt" / "fleet"))
        target = units / (unit.name.replace("@.", "@8080.") if "@" in unit.name else unit.name)
        target.write_text(text)
    (fake / "fleet").write_text("#!/bin/sh\n")
    (fake / "fleet").chmod(0o755)
    result = subprocess.run(  # noqa: S603 - a fixed tool on our own files
        ["systemd-analyze", "verify", "--man=no", *map(str, units.iterdir())],  # noqa: S607
        capture_output=True,
        text=True,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
        check=False,
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "fleet" in line and "not found" not in line.lower() and "user" not in line.lower()
    ]
    assert result.returncode == 0 or not problems, result.stdout + result.stderr
