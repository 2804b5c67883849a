"""Embedded PostgreSQL for the zero-configuration quick start (`pgserver` wheel).

Used only when FLEET_DATABASE_URL is unset. The server listens on a Unix socket
inside the data directory (no TCP port to collide with).

Lifecycle (docs/deployment.md, "Embedded PostgreSQL"): every Fleet process that
uses the server registers itself in `<data dir>/pg-users/`: one file per process,
named by its pid and held under an exclusive `flock` for the process's lifetime.
The kernel drops the lock when the process ends, however it ends (kill -9
included), so a file whose lock can be taken belongs to a dead process and is
ignored (and removed). When a process exits normally it removes its own file and,
if no other file is still locked, stops the server (`pg_ctl stop -m fast`). So the
server runs while `fleet serve` runs, a CLI command in between reuses it, and the
last one out stops it; a crashed user never stops it under a live one.
Start and stop are serialized by `<data dir>/pg-users.lock`.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import quote

log = logging.getLogger(__name__)

_held: dict[Path, IO[bytes]] = {}  # pgdata -> this process's registry file (held locked)


def embedded_url(data_dir: Path, database: str = "fleet") -> str:
    """Start (or reuse) the embedded server, register this process as one of its
    users, and return an asyncpg URL to `database`."""
    if not database.isidentifier():
        raise ValueError("embedded database names are plain identifiers")
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on servers
        warnings.simplefilter("ignore")
        import pgserver  # heavy import, only on this path

    pgdata = (data_dir / "pg").resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    with _registry_lock(pgdata):
        log.info("embedded postgresql starting", extra={"pgdata": str(pgdata)})
        server = pgserver.get_server(pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
        _register(pgdata)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    info = server.get_postmaster_info()
    host = quote(str(info.socket_dir), safe="/")
    return f"postgresql+asyncpg://postgres@/{database}?host={host}&port={info.port}"


def users_dir(pgdata: Path) -> Path:
    return pgdata.parent / "pg-users"


def live_users(pgdata: Path) -> list[int]:
    """Pids of the live processes registered as users of this server (this one
    included when registered); entries of dead processes are removed."""
    live: list[int] = []
    folder = users_dir(pgdata)
    if not folder.is_dir():
        return live
    for entry in folder.iterdir():
        if not entry.name.isdigit():
            continue
        mine = _held.get(pgdata)
        if mine is not None and entry.name == str(os.getpid()):
            live.append(int(entry.name))
            continue
        try:
            with entry.open("rb") as file:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            live.append(int(entry.name))  # locked: its process is alive
        except FileNotFoundError:
            continue
        else:  # the lock was free: a stale entry of a dead process
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
    return sorted(live)


def release(pgdata: Path) -> bool:
    """Unregister this process; stop the server when no live user remains. True when
    it stopped the server. Runs at exit; callable earlier (tests)."""
    file = _held.pop(pgdata, None)
    if file is None:
        return False
    with _registry_lock(pgdata):
        with contextlib.suppress(FileNotFoundError):
            (users_dir(pgdata) / str(os.getpid())).unlink()
        file.close()  # drops the flock
        others = live_users(pgdata)
        if others:
            log.info("embedded postgresql kept", extra={"users": len(others)})
            return False
        return stop_server(pgdata)


def stop_server(pgdata: Path) -> bool:
    """`pg_ctl stop -m fast` when a server runs on `pgdata`."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs it as this user under root
    try:
        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=pgdata, user=user)
    except Exception as exc:  # already stopped, or the binary is gone: nothing to do
        log.warning("embedded postgresql stop failed", extra={"error": type(exc).__name__})
        return False
    log.info("embedded postgresql stopped", extra={"pgdata": str(pgdata)})
    return True


def _register(pgdata: Path) -> None:
    if pgdata in _held:
        return
    folder = users_dir(pgdata)
    folder.mkdir(parents=True, exist_ok=True)
    file = (folder / str(os.getpid())).open("wb")
    fcntl.flock(file, fcntl.LOCK_EX)  # held until this process ends
    _held[pgdata] = file
    atexit.register(release, pgdata)


@contextlib.contextmanager
def _registry_lock(pgdata: Path) -> Iterator[None]:
    with (pgdata.parent / "pg-users.lock").open("wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
