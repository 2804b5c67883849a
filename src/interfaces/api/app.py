"""The Litestar application: health probes, the management API (/api/v1), its OpenAPI.

The API's composition root: `api_services` is the one place the API's typed bundle is
filled from the container (docs/decisions/0006-composition-root.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Litestar, Request, Router, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT, HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ControllerRouterHandler
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from src.infrastructure.container import Container, start_container, stop_container
from src.interfaces.api.auth import authorizer
from src.interfaces.api.dependencies import (
    ApiServices,
    ApiUseCases,
    Readiness,
    api_dependencies,
    app_dependencies,
)
from src.interfaces.api.openapi import (
    API_PREFIX,
    SCHEMA_PLUGINS,
    SECURITY,
    docs_assets_router,
    openapi_config,
)
from src.interfaces.api.problems import EXCEPTION_HANDLERS
from src.interfaces.api.request_id import request_id_middleware
from src.interfaces.api.requests import ApiRequest
from src.interfaces.api.routes.audit import AuditController
from src.interfaces.api.routes.card_payments import CardPaymentsController
from src.interfaces.api.routes.cards import CardsController
from src.interfaces.api.routes.customers import CustomersController
from src.interfaces.api.routes.payment_providers import PaymentProvidersController
from src.interfaces.api.routes.plans import PlansController
from src.interfaces.api.routes.promo_codes import PromoCodesController
from src.interfaces.api.routes.settings import SettingsController
from src.interfaces.api.routes.tenants import TenantsController
from src.interfaces.api.routes.texts import TextsController
from src.interfaces.api.routes.tickets import TicketsController
from src.interfaces.api.routes.wallet import WalletController

API_CONTROLLERS = (
    TenantsController,
    SettingsController,
    TextsController,
    PlansController,
    CardsController,
    CustomersController,
    CardPaymentsController,
    WalletController,
    PromoCodesController,
    TicketsController,
    AuditController,
    PaymentProvidersController,
)


@get("/health", sync_to_thread=False, tags=["ops"])
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@get("/metrics", sync_to_thread=False, include_in_schema=False)
def metrics() -> Response[bytes]:
    """Prometheus text format; no tenant id in any label, so no auth (docs/deployment.md:
    keep it off the public proxy all the same)."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@get(
    "/ready",
    tags=["ops"],
    responses={
        503: ResponseSpec(
            dict[str, str], description="The database does not answer", generate_examples=False
        )
    },
)
async def ready(readiness: NamedDependency[Readiness]) -> Response[dict[str, str]]:
    """Readiness: the database answers. A configured Redis that does not answer makes it
    "degraded", still 200: the bots serve from process memory meanwhile. `panel` says
    whether provisioning can run (`compatible`, `incompatible`, `unreachable`,
    `unchecked`, `not configured`)."""
    if not await readiness.database():
        return Response(
            {"status": "database unavailable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE
        )
    body = {"status": "ready", "panel": readiness.panel()}
    if await readiness.redis() is False:
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


def api_router(services: ApiServices) -> Router:
    """`/api/v1`: every route behind the one `authorizer` guard."""
    return Router(
        path=API_PREFIX,
        route_handlers=list(API_CONTROLLERS),
        guards=[authorizer(services.master_api_key, services.authenticate)],
        dependencies=api_dependencies(services),
        security=SECURITY,
        request_class=ApiRequest,
    )


def api_services(c: Container) -> ApiServices:
    """The API's bundle: each field typed, so mypy checks every provider against it."""

    async def redis_answers() -> bool | None:
        guard = c.redis_guard()
        return None if guard is None else await guard.ping()

    async def database_answers() -> bool:
        return await c.readiness()()

    use_cases = ApiUseCases(
        create_tenant=c.create_tenant,
        list_tenants=c.list_tenants,
        get_tenant=c.get_tenant,
        update_tenant=c.update_tenant,
        activate_tenant=c.activate_tenant,
        deactivate_tenant=c.deactivate_tenant,
        delete_tenant=c.delete_tenant,
        rotate_api_token=c.rotate_api_token,
        get_features=c.get_features,
        set_feature=c.set_feature,
        get_config=c.get_config,
        set_config_value=c.set_config_value,
        reset_config_value=c.reset_config_value,
        get_text_overrides=c.get_text_overrides,
        set_text_override=c.set_text_override,
        reset_text_override=c.reset_text_override,
        list_plans=c.list_plans,
        get_plan=c.get_plan,
        create_plan=c.create_plan,
        update_plan=c.update_plan,
        delete_plan=c.delete_plan,
        list_payment_cards=c.list_payment_cards,
        get_payment_card=c.get_payment_card,
        add_payment_card=c.add_payment_card,
        update_payment_card=c.update_payment_card,
        delete_payment_card=c.delete_payment_card,
        list_users=c.list_users,
        get_user=c.get_user,
        adjust_balance=c.adjust_balance,
        list_subscriptions=c.list_subscriptions,
        list_card_payments=c.list_card_payments,
        decide_card_payment=c.decide_card_payment,
        get_wallet=c.get_wallet,
        list_wallet_ledger=c.list_wallet_ledger,
        top_up_wallet=c.top_up_wallet,
        update_wallet_settings=c.update_wallet_settings,
        list_audit=c.list_audit,
        list_promo_codes=c.list_promo_codes,
        get_promo_code=c.get_promo_code,
        create_promo_code=c.create_promo_code,
        update_promo_code=c.update_promo_code,
        delete_promo_code=c.delete_promo_code,
        list_tickets=c.list_tickets,
        list_provider_settings=c.list_provider_settings,
        set_provider_credentials=c.set_provider_credentials,
        clear_provider_credentials=c.clear_provider_credentials,
    )
    settings = c.settings()
    return ApiServices(
        master_api_key=settings.master_api_key,
        authenticate=c.authenticate_api_token,
        use_cases=use_cases,
        currency=settings.currency,
        readiness=Readiness(database_answers, lambda: c.panel_check().status, redis_answers),
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

    services = api_services(container)
    return Litestar(
        route_handlers=[
            health,
            ready,
            metrics,
            api_router(services),
            docs_assets_router(),
            *extra_routes,
        ],
        dependencies=app_dependencies(services),
        # for the sandbox's routes (src/sandbox/web), which stand outside the layers
        state=State({"container": container}),
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        middleware=[request_id_middleware],
        before_request=answer_options,
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(),
        plugins=list(SCHEMA_PLUGINS),
        logging_config=None,  # logging is ours (logging_setup): redaction, tenant id
        debug=False,
    )
