"""The Litestar application: health probes, the management API (/api/v1), its OpenAPI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Litestar, Request, Router, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT, HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ControllerRouterHandler

from src.infrastructure.container import Container, start_container, stop_container
from src.interfaces.api.auth import authorizer
from src.interfaces.api.dependencies import api_dependencies
from src.interfaces.api.openapi import (
    API_PREFIX,
    SCHEMA_PLUGINS,
    SECURITY,
    docs_assets_router,
    openapi_config,
)
from src.interfaces.api.problems import EXCEPTION_HANDLERS
from src.interfaces.api.requests import ApiRequest
from src.interfaces.api.routes.audit import AuditController
from src.interfaces.api.routes.card_payments import CardPaymentsController
from src.interfaces.api.routes.cards import CardsController
from src.interfaces.api.routes.customers import CustomersController
from src.interfaces.api.routes.payment_providers import PaymentProvidersController
from src.interfaces.api.routes.plans import PlansController
from src.interfaces.api.routes.settings import SettingsController
from src.interfaces.api.routes.tenants import TenantsController
from src.interfaces.api.routes.wallet import WalletController

API_CONTROLLERS = (
    TenantsController,
    SettingsController,
    PlansController,
    CardsController,
    CustomersController,
    CardPaymentsController,
    WalletController,
    AuditController,
    PaymentProvidersController,
)


@get("/health", sync_to_thread=False, tags=["ops"])
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@get(
    "/ready",
    tags=["ops"],
    responses={
        503: ResponseSpec(
            dict[str, str], description="The database does not answer", generate_examples=False
        )
    },
)
async def ready(state: State) -> Response[dict[str, str]]:
    """Readiness: the database answers. A configured Redis that does not answer makes it
    "degraded", still 200: the bots serve from process memory meanwhile. `panel` says
    whether provisioning can run (`compatible`, `incompatible`, `unreachable`,
    `unchecked`, `not configured`)."""
    container: Container = state.container
    if not await container.readiness()():
        return Response(
            {"status": "database unavailable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE
        )
    body = {"status": "ready", "panel": container.panel_check().status}
    guard = container.redis_guard()
    if guard is not None and not await guard.ping():
        body.update(status="degraded", redis="unavailable")
    return Response(body, status_code=HTTP_200_OK)


def answer_options(request: Request[Any, Any, Any]) -> Response[None] | None:
    """OPTIONS: `Allow` lists every method of the path. Litestar 2 lists only the
    methods of the first handler registered on a path (litestar-org/litestar#4169,
    fixed in v3), so `/plans` answered `OPTIONS, POST` without GET."""
    if request.method != "OPTIONS":
        return None
    path = request.scope["path_template"]
    routes = [route for route in request.app.routes if route.path_format == path]
    allow = ", ".join(sorted({method for route in routes for method in route.methods}))
    return Response(None, status_code=HTTP_204_NO_CONTENT, headers={"Allow": allow})


def api_router(container: Container) -> Router:
    """`/api/v1`: every route behind the one `authorizer` guard."""
    return Router(
        path=API_PREFIX,
        route_handlers=list(API_CONTROLLERS),
        guards=[authorizer(container)],
        dependencies=api_dependencies(container),
        security=SECURITY,
        request_class=ApiRequest,
    )


def create_app(
    container: Container,
    *,
    manage_container: bool = True,
    extra_routes: Sequence[ControllerRouterHandler] = (),
) -> Litestar:
    async def on_startup() -> None:
        if manage_container:
            await start_container(container)

    async def on_shutdown() -> None:
        if manage_container:
            await stop_container(container)

    return Litestar(
        route_handlers=[health, ready, api_router(container), docs_assets_router(), *extra_routes],
        state=State({"container": container}),
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        before_request=answer_options,
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(),
        plugins=list(SCHEMA_PLUGINS),
        logging_config=None,  # logging is ours (logging_setup): redaction, tenant id
        debug=False,
    )
