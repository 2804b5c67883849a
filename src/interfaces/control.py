"""`fleet tenants|jobs|doctor` answered by a running `fleet serve` (docs/deployment.md).

A CLI process that builds its own container pays for importing aiogram's types and
the whole composition (seconds) before its first query. While `fleet serve` runs on
the same data directory, it listens on the Unix socket `<data dir>/control.sock`
(mode 0600: whoever may use it can read the data directory's keys anyway); the CLI
sends its arguments there and prints the answer, so the command runs on the
server's started container, its connection pool and its embedded PostgreSQL, and
answers in a fraction of a second. No server (no socket, or nobody listening): the
command runs in its own process as before. `fleet --direct ...` never forwards.

One JSON line each way: `{"argv": [...]}` then `{"code": 0, "out": "..."}`.
This module imports only the standard library (the client side must stay light).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

SOCKET_NAME = "control.sock"
FORWARDED = frozenset({"tenants", "jobs", "doctor"})  # commands a running server answers
MAX_REQUEST = 64 * 1024
MAX_PATH = 100  # sun_path is 108 bytes on Linux, 104 on macOS
CONNECT_TIMEOUT = 0.5
ANSWER_TIMEOUT = 600.0  # a job run may take long

Handler = Callable[[list[str]], Awaitable[tuple[int, str]]]


def socket_path(data_dir: Path) -> Path:
    return data_dir.resolve() / SOCKET_NAME


def forward(data_dir: Path, argv: Sequence[str]) -> tuple[int, str] | None:
    """The running server's answer (exit code, output), or None when no server listens."""
    path = socket_path(data_dir)
    if len(str(path)) > MAX_PATH or not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with sock:
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(str(path))
        except OSError:
            return None  # a socket file left by a server that is gone
        sock.settimeout(ANSWER_TIMEOUT)
        sock.sendall(json.dumps({"argv": list(argv)}).encode() + b"\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    try:
        answer = json.loads(b"".join(chunks))
        return int(answer["code"]), str(answer["out"])
    except (ValueError, KeyError, TypeError):
        # the command may have run: never run it a second time here
        return 1, "fleet: the running `fleet serve` closed the connection without an answer"


class ControlServer:
    """The server side: one socket per data directory; a second `fleet serve` on the
    same directory finds it answered and leaves it to the first."""

    def __init__(self, data_dir: Path, handle: Handler) -> None:
        self._path = socket_path(data_dir)
        self._handle = handle
        self._server: asyncio.AbstractServer | None = None
        self._inode: int | None = None

    async def start(self) -> bool:
        path = self._path
        if len(str(path)) > MAX_PATH:
            log.warning("control socket off: data directory path too long")
            return False
        if path.exists():
            try:
                _, writer = await asyncio.open_unix_connection(str(path))
            except OSError:
                path.unlink(missing_ok=True)  # left by a server that is gone
            else:
                writer.close()
                log.info("control socket kept by another fleet serve")
                return False
        path.parent.mkdir(parents=True, exist_ok=True)
        old_umask = os.umask(0o177)
        try:
            self._server = await asyncio.start_unix_server(
                self._client, path=str(path), limit=MAX_REQUEST
            )
        finally:
            os.umask(old_umask)
        self._inode = path.stat().st_ino
        return True

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        self._server = None
        with contextlib.suppress(FileNotFoundError):
            if self._path.stat().st_ino == self._inode:
                self._path.unlink()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            code, out = await self._answer(reader)
            writer.write(json.dumps({"code": code, "out": out}).encode() + b"\n")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[int, str]:
        try:
            request = json.loads(await reader.readline())
            argv = request["argv"]
            if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)):
                raise TypeError
        except (ValueError, KeyError, TypeError, RecursionError):  # JSON nested too deep
            return 2, "fleet: malformed control request"
        try:
            return await self._handle(argv)
        except SystemExit as exc:  # argparse refused the arguments
            return (exc.code if isinstance(exc.code, int) else 2), "fleet: invalid arguments"
        except Exception:
            log.exception("forwarded command failed")
            return 1, "fleet: the command failed in the running server (see its log)"
