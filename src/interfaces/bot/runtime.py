"""The multi-bot runtime: registry, pollers or webhooks, workers, lifecycle (docs/runtime.md)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError

from src.application.ports.events import TenantEvents
from src.application.tenancy.mark_tenant_failed import MarkTenantFailed
from src.application.tenancy.serving_bots import ListServingBots, LoadServingBot
from src.core.ids import TenantId
from src.infrastructure.metrics import (
    QUEUE_DEPTH,
    TENANT_QUEUE_HIGH_WATER,
    UPDATE_SECONDS,
    UPDATES,
)
from src.interfaces.bot.fair_queue import FairQueue
from src.interfaces.bot.ownership import Leases, PollingOwnership
from src.interfaces.bot.polling import Backoff, Job, poll

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RuntimeOptions:
    webhook_base: str | None = None  # set = webhook mode
    sync_webhooks: bool = True  # call setWebhook at start (off when already set at Telegram)
    workers: int = 16
    workers_per_tenant: int = 4  # the bulkhead: updates of one tenant in flight at once
    start_concurrency: int = 32
    poll_timeout: int = 25
    backoff_base: float = 0.5
    queue_size: int = 10_000
    queue_per_tenant: int = 1_000
    drain_timeout: float = 10.0
    lease_ttl: float = 15.0  # polling mode: a dead worker's bots move after about 4/3 of it


class RunningBots(Protocol):
    """The bots of this process by tenant (the registry the dispatcher reads too)."""

    def add(self, tenant_id: TenantId, token: str) -> Bot: ...

    def remove(self, tenant_id: TenantId) -> Bot | None: ...

    def get(self, tenant_id: TenantId) -> Bot | None: ...

    def tenant_of(self, telegram_bot_id: int) -> TenantId | None: ...

    def __contains__(self, tenant_id: object) -> bool: ...

    def __len__(self) -> int: ...

    def tenant_ids(self) -> list[TenantId]: ...


TokenListener = Callable[[Bot], Awaitable[None]]


class TokenRejections(Protocol):
    """Tells its listeners which bot Telegram answered 401."""

    def subscribe(self, listener: TokenListener) -> None: ...

    def unsubscribe(self, listener: TokenListener) -> None: ...


@dataclass(frozen=True, slots=True)
class RuntimeServices:
    """Exactly what the runtime reaches, filled by `platform.runtime_services`. Factories
    are called when used, so an overridden provider is seen as before."""

    registry: RunningBots
    list_serving_bots: Callable[[], ListServingBots]
    load_serving_bot: Callable[[], LoadServingBot]
    mark_tenant_failed: Callable[[], MarkTenantFailed]
    events: Callable[[], TenantEvents]
    token_rejected: Callable[[], TokenRejections]
    webhook_secret: Callable[[TenantId], str]
    leases: Callable[[], Leases]


class BotRuntime:
    """Runs every serving tenant's bot in this process.

    Start: bots are registered concurrently with a bound; in polling mode each gets
    a supervised poller while this worker holds its lease (`PollingOwnership`: one
    poller per bot across workers), in webhook mode their webhooks are (re)set in the
    background. Tenant events start and stop single bots without a restart.
    Stop: pollers stop first (their leases handed back), then in-flight updates
    drain, then the workers end.
    """

    def __init__(
        self, services: RuntimeServices, dispatcher: Dispatcher, options: RuntimeOptions
    ) -> None:
        self._s, self._dp, self._opt = services, dispatcher, options
        self.registry = services.registry
        self.queue: FairQueue[Job] = FairQueue(
            options.queue_size, options.queue_per_tenant, options.workers_per_tenant
        )
        self._pollers: dict[TenantId, asyncio.Task[None]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._background: set[asyncio.Task[None]] = set()
        self._allowed = dispatcher.resolve_used_update_types()
        self._lock = asyncio.Lock()
        self._started = False
        self._rejecting: set[TenantId] = set()
        self.ownership: PollingOwnership | None = None
        QUEUE_DEPTH.set_function(lambda: len(self.queue))
        TENANT_QUEUE_HIGH_WATER.set_function(lambda: self.queue.high_water)

    @property
    def webhook_mode(self) -> bool:
        return self._opt.webhook_base is not None

    def webhook_url(self, tenant_id: TenantId) -> str:
        return f"{self._opt.webhook_base}/telegram/{tenant_id}"

    # --- start / stop ---------------------------------------------------------------

    async def start(self) -> None:
        self._s.token_rejected().subscribe(self._token_rejected)
        self._workers = [
            asyncio.create_task(self._work(), name=f"update-worker-{i}")
            for i in range(self._opt.workers)
        ]
        self._s.events().subscribe(self._on_tenant_event)
        serving = await self._s.list_serving_bots()()
        bound = asyncio.Semaphore(self._opt.start_concurrency)

        async def one(tenant_id: TenantId, token: str) -> None:
            async with bound:
                await self._run_bot(tenant_id, token, at_start=True)

        await asyncio.gather(*(one(b.tenant_id, b.token) for b in serving))
        if not self.webhook_mode:
            self.ownership = PollingOwnership(
                self._s.leases(),
                lambda: set(self.registry.tenant_ids()),
                self._converge_pollers,
                ttl=self._opt.lease_ttl,
                every=self._opt.lease_ttl / 3,
            )
            await self.ownership.start()
        self._started = True
        log.info(
            "bot runtime started", extra={"bots": len(self.registry), "webhook": self.webhook_mode}
        )

    async def stop(self) -> None:
        self._s.token_rejected().unsubscribe(self._token_rejected)
        if self.ownership is not None:
            await self.ownership.stop()
        for task in [*self._pollers.values(), *self._background]:
            task.cancel()
        await asyncio.gather(*self._pollers.values(), *self._background, return_exceptions=True)
        self._pollers.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.queue.join(), self._opt.drain_timeout)
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers.clear()

    # --- one bot --------------------------------------------------------------------

    async def _run_bot(self, tenant_id: TenantId, token: str, *, at_start: bool = False) -> None:
        async with self._lock:
            previous = self.registry.get(tenant_id)
            bot = self.registry.add(tenant_id, token)
            if previous is not None and previous is not bot:
                await self._stop_poller(tenant_id)
            if not self.webhook_mode:
                if self.ownership is None:
                    return  # at start: the first lease tick starts the pollers
                if tenant_id in self.ownership.held and tenant_id not in self._pollers:
                    self._start_poller(tenant_id, bot)
                self.ownership.nudge()
                return
        if at_start and not self._opt.sync_webhooks:
            return
        self._spawn(self._set_webhook(tenant_id, bot))

    def _start_poller(self, tenant_id: TenantId, bot: Bot) -> None:
        self._pollers[tenant_id] = asyncio.create_task(
            poll(
                tenant_id,
                bot,
                self.queue,
                timeout=self._opt.poll_timeout,
                allowed_updates=self._allowed,
                backoff=Backoff(base=self._opt.backoff_base),
            ),
            name=f"poller-{tenant_id}",
        )

    async def _converge_pollers(self, held: set[TenantId]) -> None:
        """Poll exactly the bots whose lease this worker holds."""
        async with self._lock:
            for tenant_id in [t for t in self._pollers if t not in held]:
                await self._stop_poller(tenant_id)
            for tenant_id in held - self._pollers.keys():
                bot = self.registry.get(tenant_id)
                if bot is not None:
                    self._start_poller(tenant_id, bot)

    async def _stop_bot(self, tenant_id: TenantId) -> None:
        async with self._lock:
            await self._stop_poller(tenant_id)
            bot = self.registry.remove(tenant_id)
        if self.ownership is not None:
            self.ownership.nudge()
        if bot is not None and self.webhook_mode:
            with contextlib.suppress(TelegramAPIError):
                await bot.delete_webhook()

    async def _stop_poller(self, tenant_id: TenantId) -> None:
        task = self._pollers.pop(tenant_id, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _set_webhook(self, tenant_id: TenantId, bot: Bot) -> None:
        try:
            await bot.set_webhook(
                self.webhook_url(tenant_id),
                secret_token=self._s.webhook_secret(tenant_id),
                allowed_updates=self._allowed,
            )
        except TelegramAPIError as exc:  # a 401 is the token watch's (_token_rejected)
            log.warning("setWebhook failed", extra={"tenant_id": tenant_id, "error": repr(exc)})

    async def _token_rejected(self, bot: Bot) -> None:
        """Telegram answered 401 to a call of `bot` (any method, any mode): the
        tenant running this very token becomes failed and the master admins are
        told, once per failure (MarkTenantFailed skips a tenant already failed;
        concurrent 401s of one tenant make one call)."""
        tenant_id = self.registry.tenant_of(bot.id)
        if tenant_id is None or tenant_id in self._rejecting:
            return
        running = self.registry.get(tenant_id)
        if running is None or running.token != bot.token:
            return  # a token check of a bot not (or no longer) running with this token
        log.error("telegram rejected the token", extra={"tenant_id": tenant_id})
        self._rejecting.add(tenant_id)
        try:
            await self._s.mark_tenant_failed()(tenant_id)
        finally:
            self._rejecting.discard(tenant_id)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- events and work --------------------------------------------------------------

    async def _on_tenant_event(self, tenant_id: TenantId) -> None:
        """Re-read the tenant from the database (not the cache) and converge."""
        serving = await self._s.load_serving_bot()(tenant_id)
        if serving is not None:
            await self._run_bot(tenant_id, serving.token)
        else:
            await self._stop_bot(tenant_id)

    async def _work(self) -> None:
        while True:
            tenant_id, (bot, update) = await self.queue.get()
            started = time.perf_counter()
            try:
                await self._dp.feed_update(bot, update)
                UPDATES.labels("handled").inc()
            except Exception:
                UPDATES.labels("failed").inc()
                log.exception(
                    "update handling failed",
                    extra={"tenant_id": tenant_id, "update_id": update.update_id},
                )
            finally:
                UPDATE_SECONDS.observe(time.perf_counter() - started)
                self.queue.task_done(tenant_id)
