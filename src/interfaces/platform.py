"""Everything `fleet serve` runs in one process, started and stopped in order."""

from __future__ import annotations

import logging

from aiogram import Router

from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.errors import DomainError
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import (
    Container,
    check_panel,
    start_container,
    stop_container,
)
from src.infrastructure.settings import Settings
from src.interfaces.bot.dispatcher import bind_services, build_dispatcher
from src.interfaces.bot.runtime import BotRuntime, RuntimeOptions
from src.interfaces.jobs import Job, JobRunner

log = logging.getLogger(__name__)
BILLING_EVERY = 900.0  # seconds between consumption billing runs (PRODUCT 6)
CARD_PAYMENT_EXPIRY_EVERY = 60.0  # seconds between expiry runs of pending card payments
UNSEEN_RECEIPTS_EVERY = 300.0  # seconds between checks for receipts no admin could see
ONLINE_PAYMENTS_EVERY = 60.0  # seconds between polls of pending online payments


class Platform:
    """Start: container services, the master tenant (from settings), the bots.
    Stop: the bots (draining in-flight updates), then the container services."""

    def __init__(
        self,
        container: Container,
        settings: Settings,
        *,
        options: RuntimeOptions | None = None,
        routers: tuple[Router, ...] = (),
        jobs: bool = True,
    ) -> None:
        self.container, self.settings = container, settings
        self.dispatcher = build_dispatcher(container, routers=routers)
        self.runtime = BotRuntime(
            container,
            self.dispatcher,
            options or RuntimeOptions(webhook_base=settings.public_url),
        )
        self._run_jobs = jobs
        self.jobs = JobRunner([])
        self.master: Tenant | None = None

    async def start(self) -> None:
        await start_container(self.container)
        # before anything provisions: an incompatible panel switches provisioning off,
        # so the handlers' use cases are resolved after the check
        await check_panel(self.container)
        bind_services(self.dispatcher, self.container)
        if self.settings.master_bot_token:
            try:
                master = EnsureMasterInput(
                    self.settings.master_bot_token, self.settings.master_admin_ids
                )
                self.master = await self.container.ensure_master()(master)
            except DomainError as exc:
                log.error("master tenant not ensured", extra={"code": exc.code, "why": exc.message})
        await self.runtime.start()
        if self._run_jobs:
            self.jobs = JobRunner([*self._jobs(), *self._payment_jobs()])
        self.jobs.start()

    def _jobs(self) -> list[Job]:
        c = self.container
        if c.panel() is None:
            why = c.panel_check().detail or "FLEET_REMNAWAVE_URL is unset"
            log.warning("provisioning and renewals are off", extra={"why": why})
            return []

        # each run first makes sure the panel's version was checked (it may have been
        # unreachable at start)
        async def drain() -> int:
            return await c.drain_provisioning()() if await check_panel(c) else 0

        async def expiry() -> object:
            return await c.run_expiry_jobs()() if await check_panel(c) else None

        async def billing() -> object:
            return await c.bill_traffic()() if await check_panel(c) else None

        return [
            Job("provisioning", 5.0, drain),
            Job("expiry", 600.0, expiry),
            Job("billing", BILLING_EVERY, billing),
        ]

    def _payment_jobs(self) -> list[Job]:
        """Card-to-card payments expire after their time (PRODUCT 5.1), panel or not; the
        master admins hear of receipts no admin of a tenant could be shown; pending online
        payments are re-read from their provider (lost webhooks, failed re-reads)."""
        c = self.container

        async def expire() -> int:
            return await c.expire_card_payments()()

        async def unseen() -> int:
            return await c.alert_unseen_receipts()()

        async def online() -> dict[str, int]:
            return await c.poll_online_payments()()

        return [
            Job("card-payment-expiry", CARD_PAYMENT_EXPIRY_EVERY, expire),
            Job("unseen-receipts", UNSEEN_RECEIPTS_EVERY, unseen),
            Job("online-payments", ONLINE_PAYMENTS_EVERY, online),
        ]

    async def stop(self, *, dispose: bool = True) -> None:
        await self.jobs.stop()
        await self.runtime.stop()
        if dispose:
            await stop_container(self.container)
