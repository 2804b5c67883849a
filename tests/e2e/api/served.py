"""The app served by a real uvicorn on a loopback port, in a thread with its own loop
(and so its own container and engine), for clients that speak real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from dependency_injector import providers

from src.infrastructure.container import Container
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.settings import Settings
from src.interfaces.api.app import create_app
from src.interfaces.composition import compose


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served_app(settings: Settings, database_url: str) -> Iterator[tuple[str, Container]]:
    """Yield (base URL, container); Telegram is the in-memory twin."""
    container = compose(settings=settings, database_url=database_url)
    container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
    port = free_port()
    config = uvicorn.Config(
        create_app(container),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="api-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", container
    finally:
        server.should_exit = True
        thread.join(timeout=20)
