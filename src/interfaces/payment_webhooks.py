"""`POST /payments/{yookassa|cryptopay}/{tenant_id}`: the providers' notifications
(docs/payments.md, "Online providers"). Outside /api/v1: no bearer token; each
provider's own proof (signature, sender address) is checked by its adapter.

Answers: 401 for a notification that does not prove its origin (nothing read, nothing
credited); 200 for everything else (settled, ignored, or deferred to the poll job), so
the provider stops resending; 404 for an unknown provider or a tenant id no tenant can
have; 413 for a body no notification needs. The re-read of an unsigned notification
gets a short deadline, so the answer comes within 2 s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any

from litestar import Request, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import Parameter
from litestar.response import Response

from src.application.payments.online_top_up import HandleNotification
from src.application.ports.online_payments import Notification
from src.core.ids import MAX_ID, TenantId
from src.core.payments.online import PROVIDERS, ForgedNotification
from src.core.payments.senders import Network, client_ip

log = logging.getLogger(__name__)
JSON = "application/json"
BODY_MAX = 64 * 1024


def _answer(status: int, text: str) -> Response[bytes]:
    return Response(b'{"status":"%s"}' % text.encode(), status_code=status, media_type=JSON)


def payment_webhook_route(
    handle_notification: Callable[[], HandleNotification], proxies: tuple[Network, ...]
) -> HTTPRouteHandler:
    """The route, given the use case's factory and the trusted proxies' addresses (whose
    X-Forwarded-For is believed), both from the composition root (`serve`)."""

    @post(
        "/payments/{provider:str}/{tenant_id:int}",
        include_in_schema=False,
        status_code=200,
        request_max_body_size=BODY_MAX,  # refused (413) while reading, never held whole
    )
    async def payment_notification(
        provider: Annotated[str, Parameter(max_length=16)],
        tenant_id: Annotated[int, Parameter()],
        request: Request[Any, Any, Any],
    ) -> Response[bytes]:
        if provider not in PROVIDERS or not 0 < tenant_id <= MAX_ID:
            return _answer(404, "unknown")
        body = await request.body()
        if len(body) > BODY_MAX:
            return _answer(413, "too large")
        peer = request.client.host if request.client else None
        notification = Notification(
            body,
            {k.lower(): v for k, v in request.headers.items()},
            client_ip(peer, request.headers.get("x-forwarded-for"), proxies),
        )
        handle = handle_notification()
        try:
            outcome = await handle(provider, TenantId(tenant_id), notification)
        except ForgedNotification:
            log.warning(
                "forged payment notification refused",
                extra={"tenant_id": tenant_id, "provider": provider},
            )
            return _answer(401, "forged")
        return _answer(200, outcome.value)

    return payment_notification
