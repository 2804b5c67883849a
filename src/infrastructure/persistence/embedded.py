"""Embedded PostgreSQL for the zero-configuration quick start (`pgserver` wheel).

Used only when FLEET_DATABASE_URL is unset. The server listens on a Unix socket
inside the data directory (no TCP port to collide with) and keeps running
between commands so `just run` and `just test` start fast the second time.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)


def embedded_url(data_dir: Path, database: str = "fleet") -> str:
    """Start (or reuse) the embedded server and return an asyncpg URL to `database`."""
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on servers
        warnings.simplefilter("ignore")
        import pgserver  # heavy import, only on this path

    pgdata = (data_dir / "pg").resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    log.info("embedded postgresql starting", extra={"pgdata": str(pgdata)})
    server = pgserver.get_server(pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
    if not database.isidentifier():
        raise ValueError("embedded database names are plain identifiers")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    info = server.get_postmaster_info()
    host = quote(str(info.socket_dir), safe="/")
    return f"postgresql+asyncpg://postgres@/{database}?host={host}&port={info.port}"
