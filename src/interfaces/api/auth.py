"""Who is calling: `Authorization: Bearer <token>` -> a `Caller`, checked once per request.

The `authorizer` guard sits on the whole `/api/v1` router, so no route can skip it:
- the master key (FLEET_MASTER_API_KEY, compared in constant time) may do everything;
- any other token is a tenant API token, resolved by AuthenticateApiToken (SHA-256,
  cached: no database round trip on a hit);
- a route marked master-only answers a tenant token 403;
- a route under `/tenants/{tenant_id}` answers a tenant token for another tenant
  404 (`tenant_not_found`), exactly as if that tenant did not exist: no oracle.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from src.application.tenancy.authenticate import AuthenticateApiToken
from src.core.errors import Forbidden, TenantNotFound, Unauthenticated
from src.core.ids import TenantId
from src.infrastructure.logging_setup import current_tenant

MASTER_ONLY: dict[str, Any] = {"master_only": True}
_STATE_KEY = "fleet_caller"


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated principal: the platform owner, or one tenant."""

    is_master: bool
    tenant_id: TenantId | None = None

    def may_touch(self, tenant_id: int) -> bool:
        return self.is_master or self.tenant_id == tenant_id


MASTER = Caller(is_master=True)


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    header = connection.headers.get("authorization")
    if not header:
        raise Unauthenticated("missing Authorization: Bearer <token>")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("the Authorization header must be `Bearer <token>`")
    return token


def authorizer(master_api_key: str, authenticate: Callable[[], AuthenticateApiToken]) -> Guard:
    """The guard. A closure, not an object: Litestar deep-copies guard objects (and
    would copy what they hold), while functions are shared."""
    master_key = master_api_key.encode()

    async def resolve(token: str) -> Caller:
        if hmac.compare_digest(token.encode(), master_key):
            return MASTER
        return Caller(is_master=False, tenant_id=await authenticate()(token))

    async def authorize(
        connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
    ) -> None:
        caller = await resolve(bearer_token(connection))
        path_tenant = connection.path_params.get("tenant_id")
        current_tenant.set(path_tenant if isinstance(path_tenant, int) else caller.tenant_id)
        if handler.opt.get("master_only") and not caller.is_master:
            raise Forbidden("this call needs the master key")
        if path_tenant is not None and not caller.may_touch(path_tenant):
            raise TenantNotFound(f"tenant {path_tenant} not found")
        connection.state[_STATE_KEY] = caller

    return authorize


def provide_caller(request: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    caller = request.state.get(_STATE_KEY)
    if not isinstance(caller, Caller):  # only reachable if a route escaped the guard
        raise Unauthenticated("not authenticated")
    return caller
