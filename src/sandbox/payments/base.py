"""What both provider simulators share: an aiohttp server, the API switch (up, down,
hanging), the checkout page a user opens from the bot, the record of which credentials
created which payment, and the notification delivery to Fleet.

The checkout page (`GET /checkout/{id}`) has Pay and Cancel buttons; paying delivers
the notification at once, as the provider would. Tests drive the same steps from Python.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import aiohttp
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Delivery:
    status: int
    body: str


class ProviderSimulator:
    """Base of the simulators: `api_prefix` is where the provider's API lives."""

    api_prefix = "/api"
    provider = ""

    def __init__(self) -> None:
        self.down = False  # the API answers 503
        self.hang_s = 0.0  # the API answers only after this long
        self.fleet_url: str | None = None  # where notifications go (Fleet's base URL)
        self.created_by: dict[str, str] = {}  # payment id -> the credential that created it
        self.deliveries: list[Delivery] = []
        self.url = ""
        self._runner: web.AppRunner | None = None
        self.app = web.Application(middlewares=[self._gate])
        self.app.router.add_get("/checkout/{id}", self._checkout)
        self.app.router.add_post("/checkout/{id}/{action}", self._checkout_action)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.url = f"http://{host}:{self._runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What FLEET_{PROVIDER}_API_URL is set to."""
        return f"{self.url}{self.api_prefix}"

    def checkout_url(self, payment_id: str) -> str:
        return f"{self.url}/checkout/{payment_id}"

    @web.middleware
    async def _gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(self.api_prefix + "/"):
            if self.hang_s:
                await asyncio.sleep(self.hang_s)
            if self.down:
                return web.json_response({"error": "service unavailable"}, status=503)
        return await handler(request)

    # --- the provider's own rules, per simulator -----------------------------------

    def status_of(self, payment_id: str) -> str | None:
        raise NotImplementedError

    def pay(self, payment_id: str) -> None:
        raise NotImplementedError

    def cancel(self, payment_id: str) -> None:
        raise NotImplementedError

    async def notify(self, payment_id: str) -> Delivery:
        raise NotImplementedError

    # --- delivery --------------------------------------------------------------------

    async def post(self, tenant_id: int, body: bytes, headers: Mapping[str, str]) -> Delivery:
        if self.fleet_url is None:
            raise RuntimeError("fleet_url is not set: nowhere to deliver")
        url = f"{self.fleet_url}/payments/{self.provider}/{tenant_id}"
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                url, data=body, headers={**headers, "Content-Type": "application/json"}
            ) as response,
        ):
            delivery = Delivery(response.status, await response.text())
        self.deliveries.append(delivery)
        return delivery

    # --- the checkout page -----------------------------------------------------------

    async def _checkout(self, request: web.Request) -> web.Response:
        payment_id = request.match_info["id"]
        status = self.status_of(payment_id)
        if status is None:
            raise web.HTTPNotFound()
        safe = html.escape(payment_id)
        page = (
            f"<h1>{html.escape(self.provider)} (simulated)</h1><p>payment {safe}: "
            f"{html.escape(status)}</p>"
            f'<form method="post" action="/checkout/{safe}/pay"><button>Pay</button></form>'
            f'<form method="post" action="/checkout/{safe}/cancel"><button>Cancel</button></form>'
        )
        return web.Response(text=page, content_type="text/html")

    async def _checkout_action(self, request: web.Request) -> web.Response:
        payment_id, action = request.match_info["id"], request.match_info["action"]
        if self.status_of(payment_id) is None or action not in ("pay", "cancel"):
            raise web.HTTPNotFound()
        (self.pay if action == "pay" else self.cancel)(payment_id)
        delivery = await self.notify(payment_id)
        return web.Response(text=f"{action}: Fleet answered {delivery.status}")
