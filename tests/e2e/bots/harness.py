"""A whole Fleet process (real aiogram, real PostgreSQL) against the Bot API simulator."""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import uvicorn
from aiogram import Router
from dependency_injector import providers
from litestar import Litestar

from src.application.tenancy.create_tenant import CreateTenantInput
from src.core.ids import TenantId
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.interfaces.bot.runtime import RuntimeOptions
from src.interfaces.bot.webhook import webhook_route
from src.interfaces.platform import Platform
from src.sandbox.telegram import BotApiSimulator, SentMessage

_ids = itertools.count(8_100_000_001)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Shop:
    tenant: Tenant
    token: str

    @property
    def id(self) -> TenantId:
        return self.tenant.id


@dataclass
class Harness:
    sim: BotApiSimulator
    container: Container
    mode: str
    routers: tuple[Router, ...] = ()
    platform: Platform | None = None
    server: uvicorn.Server | None = None
    server_task: asyncio.Task[None] | None = None
    port: int = field(default_factory=free_port)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def new_token(self, username: str) -> str:
        bot_id = next(_ids)
        token = f"{bot_id}:AAF{'s' * 30}{bot_id % 997}"
        self.sim.add_bot(token, bot_id=bot_id, username=username, first_name=username)
        return token

    def use_master(self, token: str) -> None:
        """Start with FLEET_MASTER_BOT_TOKEN set to this (simulated) bot's token."""
        settings = replace(self.container.settings(), master_bot_token=token)
        self.container.settings.override(providers.Object(settings))

    async def start(self) -> None:
        options = RuntimeOptions(
            webhook_base=self.base_url if self.mode == "webhook" else None,
            poll_timeout=1,
            backoff_base=0.05,
            drain_timeout=2,
        )
        self.platform = Platform(
            self.container, self.container.settings(), options=options, routers=self.routers
        )
        if self.mode == "webhook":
            verify = self.container.webhook_secrets().verify
            app = Litestar(route_handlers=[webhook_route(self.platform.runtime, verify)])
            config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
            self.server = uvicorn.Server(config)
            self.server_task = asyncio.create_task(self.server.serve())
            while not self.server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
                await asyncio.sleep(0.01)
        await self.platform.start()

    async def stop(self) -> None:
        if self.platform is not None:
            await self.platform.stop(dispose=False)
            await self.container.broadcast().stop()
            await self.container.telegram_session().close()
        if self.server is not None and self.server_task is not None:
            self.server.should_exit = True
            await self.server_task

    async def add_shop(self, name: str, language: str = "en", admins: tuple[int, ...] = ()) -> Shop:
        token = self.new_token(f"{name.lower()}_bot")
        created = await self.container.create_tenant()(
            CreateTenantInput(
                name=name, telegram_token=token, default_language=language, admin_ids=admins
            )
        )
        return Shop(created.tenant, token)

    async def say(
        self,
        shop: Shop | str,
        user_id: int,
        text: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline is the point
    ) -> SentMessage:
        """Send `text` as the user and return the bot's next message to them."""
        token = shop if isinstance(shop, str) else shop.token
        self.sim.send_text(token, user_id, text)
        return await self.sim.wait_for_message(token, user_id, timeout=timeout)

    async def press(
        self, shop: Shop, user_id: int, message: SentMessage, label: str
    ) -> SentMessage:
        """Press the button labelled `label` in `message`; return the bot's next message."""
        self.sim.press_button(shop.token, user_id, message.message_id, message.button_data(label))
        return await self.sim.wait_for_message(shop.token, user_id)

    async def settled(self, shop: Shop, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """A positive signal for negative checks: every update Telegram holds for this
        bot was taken, and every update taken was handled (the runtime's queue is empty
        and no worker is busy). After this, a reply that did not come will not come."""
        await self.eventually(self._taken(shop), timeout)
        assert self.platform is not None
        await asyncio.wait_for(self.platform.runtime.queue.join(), timeout)

    def _taken(self, shop: Shop) -> Callable[[], Awaitable[bool]]:
        async def check() -> bool:
            return not self.sim.pending_updates(shop.token)

        return check

    async def eventually(
        self,
        check: Callable[[], Awaitable[bool]],
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline is the point
    ) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not await check():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("condition not reached in time")
            await asyncio.sleep(0.02)


def labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.buttons]
