"""The embedded PostgreSQL's lifecycle, and the CLI while `fleet serve` runs
(docs/deployment.md, "Embedded PostgreSQL").

Hostile and edge cases covered here:
- two users: the first to exit leaves the server running; the last one stops it;
- one user killed with kill -9 (no atexit): it never stops the server under a live
  user, and the other's exit still stops it (the dead one's entry is ignored);
- a stale registry entry (a dead pid, or a name that is not a pid) is ignored and removed;
- `fleet serve` stopped with SIGTERM (uvicorn re-raises the signal) still runs the
  last-user stop;
- a CLI command while `fleet serve` is up answers from the server in < 1 s (bound 2 s,
  measured and printed), and does not stop the server's PostgreSQL when it exits;
- a control socket left by a server that is gone: the CLI runs the command itself;
- a malformed or oversized control request, a command the server does not run
  (`migrate`), a huge tenant id failing inside the server: each answered with an exit
  code, and the server keeps answering.

One data directory per module (the server's start costs seconds).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from src.infrastructure.persistence.embedded import live_users, stop_server, users_dir
from src.interfaces.control import forward, socket_path
from tests.e2e.test_quickstart import ROOT, free_port, get

pytestmark = pytest.mark.e2e

USER = (
    "import sys; from pathlib import Path;"
    "from src.infrastructure.persistence.embedded import embedded_url;"
    "print(embedded_url(Path(sys.argv[1])), flush=True); sys.stdin.read()"
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("embedded") / "data"
    path.mkdir()
    yield path
    stop_server((path / "pg").resolve())


def pg_running(data_dir: Path) -> bool:
    pid_file = data_dir.resolve() / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().splitlines()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLEET_")}
    env.update(FLEET_DATA_DIR=str(data_dir), **extra)
    return env


def start_user(data_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", USER, str(data_dir)],
        cwd=ROOT,
        env=env_for(data_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the URL: registered and the server answers
    assert line.startswith("postgresql+asyncpg://"), line
    return proc


def finish(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0


def test_the_server_runs_until_the_last_of_two_users_exits(data_dir: Path) -> None:
    first, second = start_user(data_dir), start_user(data_dir)
    pgdata = (data_dir / "pg").resolve()
    assert {first.pid, second.pid} <= set(live_users(pgdata))
    finish(first)
    assert pg_running(data_dir), "the first user out stopped the server under the second"
    assert first.pid not in live_users(pgdata)
    finish(second)
    assert not pg_running(data_dir), "the last user out left the server running"
    assert live_users(pgdata) == []


def test_a_killed_user_never_stops_the_server_and_the_other_one_still_does(
    data_dir: Path,
) -> None:
    killed, survivor = start_user(data_dir), start_user(data_dir)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    assert pg_running(data_dir)
    pgdata = (data_dir / "pg").resolve()
    assert killed.pid not in live_users(pgdata)  # its lock died with it
    finish(survivor)
    assert not pg_running(data_dir)


def test_stale_registry_entries_are_ignored_and_removed(data_dir: Path) -> None:
    pgdata = (data_dir / "pg").resolve()
    folder = users_dir(pgdata)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "4194303999").write_bytes(b"")  # a huge pid nobody holds
    (folder / "not-a-pid").write_bytes(b"")
    user = start_user(data_dir)
    assert live_users(pgdata) == [user.pid]
    assert not (folder / "4194303999").exists()
    finish(user)
    assert not pg_running(data_dir), "a stale entry kept the server running"


def test_the_cli_answers_from_a_running_serve_fast_and_serve_stops_the_server(
    data_dir: Path,
) -> None:
    port = free_port()
    env = env_for(
        data_dir,
        FLEET_HTTP_PORT=str(port),
        FLEET_SANDBOX_TELEGRAM_PORT=str(free_port()),
        FLEET_SANDBOX_PANEL_PORT=str(free_port()),
    )
    cli = [sys.executable, "-m", "src.interfaces.cli"]
    migrate = [*cli, "migrate"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    assert not pg_running(data_dir), "`fleet migrate` alone left the server running"
    serve = subprocess.Popen(  # noqa: S603 - our own command line
        [*cli, "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and get(f"http://127.0.0.1:{port}/ready") != 200:
            assert serve.poll() is None, "fleet serve exited"
            time.sleep(0.3)
        assert socket_path(data_dir).exists()
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            done = subprocess.run(  # noqa: S603 - our own command line
                [*cli, "tenants", "list"], cwd=ROOT, env=env, capture_output=True, text=True
            )
            timings.append(time.perf_counter() - started)
            assert done.returncode == 0, done.stderr
            assert '"is_master": true' in done.stdout  # the sandbox's master tenant
        best = min(timings)
        print(
            f"\n`fleet tenants list` while serve is up: {', '.join(f'{t:.2f}' for t in timings)} s"
        )
        assert best < 2.0, f"the CLI took {best:.2f} s with fleet serve up"
        # a bad request does not take the control socket down
        with socket.socket(socket.AF_UNIX) as raw:
            raw.connect(str(socket_path(data_dir)))
            raw.sendall(b"x" * 70_000 + b"\n")
            assert b'"code": 2' in raw.recv(4096)
        code, out = forward(data_dir, ["tenants", "show", "1"]) or (None, "")
        assert code == 0 and '"id": 1' in out
        # a refusal is the command's answer; a command the server does not run is refused;
        # an id past int64 fails inside the server, which keeps answering
        assert forward(data_dir, ["tenants", "show", "999999"]) == (
            1,
            '{"error": "tenant_not_found", "detail": "tenant 999999 not found"}',
        )
        assert (forward(data_dir, ["migrate"]) or (None,))[0] == 2
        assert (forward(data_dir, ["tenants", "show", "9" * 30]) or (None,))[0] == 1
        assert (forward(data_dir, ["tenants", "list"]) or (None,))[0] == 0
        assert pg_running(data_dir), "the CLI's exit stopped serve's PostgreSQL"
    finally:
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
    assert not socket_path(data_dir).exists()
    assert not pg_running(data_dir), "fleet serve stopped, PostgreSQL still running"


def test_a_socket_left_by_a_dead_server_is_ignored(tmp_path: Path) -> None:
    path = socket_path(tmp_path)
    with socket.socket(socket.AF_UNIX) as orphan:
        orphan.bind(str(path))  # bound, never listening: a server that is gone
    assert path.exists()
    assert forward(tmp_path, ["tenants", "list"]) is None
