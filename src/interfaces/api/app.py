"""The Litestar application: health probes now, the management API (/api/v1) later."""

from __future__ import annotations

from litestar import Litestar, get
from litestar.datastructures import State
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from src.infrastructure.container import Container, start_container, stop_container


@get("/health", sync_to_thread=False, include_in_schema=True, tags=["ops"])
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@get("/ready", tags=["ops"])
async def ready(state: State) -> Response[dict[str, str]]:
    """Readiness: the database answers."""
    container: Container = state.container
    if await container.readiness()():
        return Response({"status": "ready"}, status_code=HTTP_200_OK)
    return Response({"status": "database unavailable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE)


def create_app(container: Container, *, manage_container: bool = True) -> Litestar:
    async def on_startup() -> None:
        if manage_container:
            await start_container(container)

    async def on_shutdown() -> None:
        if manage_container:
            await stop_container(container)

    return Litestar(
        route_handlers=[health, ready],
        state=State({"container": container}),
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        debug=False,
    )
