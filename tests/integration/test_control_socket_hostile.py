"""The CLI control socket (src/interfaces/control.py) under hostile requests.

Cases considered: JSON nested past the parser's recursion limit within the 64 KiB line
(it closed the connection with no answer and an unhandled error in the server's loop;
now one answer "malformed"); a line past the 64 KiB limit; argv not a list of strings;
bytes that are not UTF-8; the socket's mode 0600; a good request after all of them.
(Which commands a server answers: src/interfaces/serve.py, tenants|jobs|doctor only.)
"""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import pytest

from src.interfaces.control import ControlServer, socket_path

pytestmark = pytest.mark.filterwarnings("error")


async def ask(path: Path, raw: bytes) -> dict[str, object]:
    reader, writer = await asyncio.open_unix_connection(str(path))
    writer.write(raw)
    await writer.drain()
    line = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    return json.loads(line)  # type: ignore[no-any-return]


async def test_hostile_requests_get_an_answer_and_the_server_goes_on(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    async def handle(argv: list[str]) -> tuple[int, str]:
        calls.append(argv)
        return 0, "ok"

    errors: list[dict[str, object]] = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _, context: errors.append(context))
    server = ControlServer(tmp_path, handle)
    assert await server.start()
    path = socket_path(tmp_path)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        deep = b"[" * 60_000 + b"\n"  # within the 64 KiB line limit
        assert (await ask(path, deep))["code"] == 2  # too deep for the parser: malformed
        for raw in (
            b'{"argv": "tenants"}\n',
            b'{"argv": [1, 2]}\n',
            b"\x00\xff\n",
            b'{"argv": ["' + b"a" * 70_000 + b'"]}\n',
        ):
            assert (await ask(path, raw))["code"] == 2, raw[:40]
        assert (await ask(path, b'{"argv": ["tenants"]}\n')) == {"code": 0, "out": "ok"}
        assert calls == [["tenants"]]
        assert errors == []
    finally:
        await server.stop()
    assert not path.exists()
