"""The README contract: `just run` with nothing configured serves /ready = 200, and in
sandbox mode (no FLEET_MASTER_BOT_TOKEN) the demo master bot answers."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return int(response.status)
    except Exception:
        return 0


def post_json(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except OSError:
        return 0, {}


def talk_to_master(sim_url: str, bot_id: str) -> str:
    """As user 1000, send /start to the demo master bot; return its answer."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the bot exists once its poller has started
        status, _ = post_json(
            f"{sim_url}/_control/updates/text", {"bot": bot_id, "user_id": 1000, "text": "/start"}
        )
        if status == 200:
            break
        time.sleep(0.3)
    _, answer = post_json(
        f"{sim_url}/_control/wait_for_message", {"bot": bot_id, "chat_id": 1000, "timeout": 15}
    )
    return str(answer.get("text", ""))


def stop_embedded(data_dir: Path) -> None:
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    pgdata = data_dir / "pg"
    if (pgdata / "postmaster.pid").exists():
        user = "pgserver" if os.geteuid() == 0 else None
        pg_ctl(["-m", "fast", "stop"], pgdata=pgdata, user=user)


@pytest.mark.e2e
def test_just_run_with_nothing_configured_serves_ready_and_its_sandbox_bot_answers(
    tmp_path: Path,
) -> None:
    port, sim_port, panel_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLEET_")}
    env.update(
        FLEET_DATA_DIR=str(tmp_path / "data"),
        FLEET_HTTP_PORT=str(port),
        FLEET_SANDBOX_TELEGRAM_PORT=str(sim_port),
        FLEET_SANDBOX_PANEL_PORT=str(panel_port),
    )
    just = shutil.which("just")
    command = [just, "run"] if just else [sys.executable, "-m", "src.interfaces.cli", "serve"]
    if not just:
        subprocess.run(
            [sys.executable, "-m", "src.interfaces.cli", "migrate"], cwd=ROOT, env=env, check=True
        )
    proc = subprocess.Popen(  # noqa: S603 - our own command line
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline, status = time.monotonic() + 90, 0
        while time.monotonic() < deadline and proc.poll() is None:
            status = get(f"http://127.0.0.1:{port}/ready")
            if status == 200:
                break
            time.sleep(0.3)
        assert get(f"http://127.0.0.1:{port}/health") == 200
        assert status == 200, "/ready never answered 200"
        # sandbox mode: the demo master bot answers over the simulated Bot API
        master_bot = (tmp_path / "data" / "sandbox_master_token").read_text().split(":")[0]
        greeting = talk_to_master(f"http://127.0.0.1:{sim_port}", master_bot)
        assert greeting.startswith("Welcome to Master")
        # a browser tab left open on the web sandbox: its live stream must not hold the stop
        tab = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        tab.request("GET", f"/sandbox/api/stream?bot={master_bot}&chat=1000")
        stream = tab.getresponse()
        assert stream.status == 200 and stream.readline().strip() == b"event: chat"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        stopped = True
        try:
            out, _ = proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            stopped = False
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        # the last Fleet process out stops the embedded PostgreSQL (docs/deployment.md)
        left_running = (tmp_path / "data" / "pg" / "postmaster.pid").exists()
        stop_embedded(tmp_path / "data")
    assert stopped, "`just run` did not stop on SIGTERM within 40 s"
    assert not left_running, "the embedded PostgreSQL kept running after `just run` ended"
    text = out.decode(errors="replace")
    assert "serving on" in text
    assert "sandbox mode" in text
    assert (
        f"fleet sandbox chat --bot {master_bot} --user 1000 --url http://127.0.0.1:{sim_port}"
        in text
    )
    assert f"http://127.0.0.1:{port}/sandbox" in text
    assert "demo shop         : Demo VPN" in text  # seeded on the empty database
    key = (tmp_path / "data" / "master_api_key").read_text().strip()
    assert key in text  # printed once at first start, as API.md promises
