"""Everything `fleet serve` runs in one process, started and stopped in order.

The bot side's composition root: the one place its typed bundles are filled from the
container (docs/decisions/0006-composition-root.md).
"""

from __future__ import annotations

import asyncio
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
from src.interfaces.bot.console_services import ConsoleServices
from src.interfaces.bot.dispatcher import DispatcherServices, bind_services, build_dispatcher
from src.interfaces.bot.payment_services import PaymentServices
from src.interfaces.bot.runtime import BotRuntime, RuntimeOptions, RuntimeServices
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.support_services import SupportServices
from src.interfaces.bot.tenant_console_services import TenantConsoleServices
from src.interfaces.bot.texts import TextContextLoader, TextContexts
from src.interfaces.bot.views.notices import BotNoticeRenderer
from src.interfaces.jobs import Job, JobRunner

log = logging.getLogger(__name__)
BILLING_EVERY = 900.0  # seconds between consumption billing runs (docs/billing.md)
CARD_PAYMENT_EXPIRY_EVERY = 60.0  # seconds between expiry runs of pending card payments
UNSEEN_RECEIPTS_EVERY = 300.0  # seconds between checks for receipts no admin could see
ONLINE_PAYMENTS_EVERY = 60.0  # seconds between polls of pending online payments
DAILY_DIGEST_EVERY = 300.0  # seconds between tries; the day's row makes it once a day


def shop_services(c: Container) -> ShopServices:
    return ShopServices(
        currency=c.settings().currency,
        clock=c.clock(),
        register=c.register_user(),
        customer=c.get_customer(),
        set_language=c.set_language(),
        set_auto_renew=c.set_auto_renew(),
        language=c.user_language(),
        purchase=c.purchase_plan(),
        trial=c.start_trial(),
        features=c.get_features(),
        config=c.get_config(),
        list_plans=c.list_plans(),
        get_plan=c.get_plan(),
        referrals=c.get_referral_screen(),
        redeem_promo=c.redeem_promo_code(),
        support=support_services(c),
    )


def support_services(c: Container) -> SupportServices:
    return SupportServices(
        write=c.write_ticket(),
        mine=c.my_tickets(),
        show=c.show_ticket(),
        close=c.close_ticket(),
        answer=c.answer_ticket(),
        open_tickets=c.list_open_tickets(),
        waiting=c.offer_waiting_tickets(),
    )


def console_services(c: Container) -> ConsoleServices:
    return ConsoleServices(
        currency=c.settings().currency,
        box=c.box(),
        list_tenants=c.list_tenants(),
        get_tenant=c.get_tenant(),
        check_token=c.check_bot_token(),
        create=c.create_tenant(),
        activate=c.activate_tenant(),
        deactivate=c.deactivate_tenant(),
        suspend=c.suspend_tenant(),
        resume=c.resume_tenant(),
        features=c.get_features(),
        set_feature=c.set_feature(),
        wallet=c.get_wallet(),
        ledger=c.list_wallet_ledger(),
        top_up=c.top_up_wallet(),
        billing=c.update_wallet_settings(),
        rotate=c.rotate_api_token(),
        delete=c.delete_tenant(),
        statistics=c.platform_statistics(),
        audit=c.list_audit(),
        admins=c.master_admins(),
        tenant_admins=c.tenant_admins(),
        admin_recipients=c.tenant_admin_recipients(),
        start_broadcast=c.start_broadcast,
        cancel_broadcast=c.cancel_broadcast,
    )


def tenant_console_services(c: Container) -> TenantConsoleServices:
    return TenantConsoleServices(
        currency=c.settings().currency,
        pending_receipts=c.list_pending_receipts(),
        list_users=c.list_users(),
        get_user=c.get_user(),
        subscriptions=c.list_subscriptions(),
        block_user=c.block_user(),
        adjust_balance=c.adjust_balance(),
        list_plans=c.list_plans(),
        get_plan=c.get_plan(),
        create_plan=c.create_plan(),
        update_plan=c.update_plan(),
        move_plan=c.move_plan(),
        list_cards=c.list_payment_cards(),
        get_card=c.get_payment_card(),
        add_card=c.add_payment_card(),
        update_card=c.update_payment_card(),
        card_selections=c.card_selections_today(),
        config=c.get_config(),
        set_config=c.set_config_value(),
        statistics=c.get_statistics(),
        wallet=c.get_wallet(),
        wallet_ledger=c.list_wallet_ledger(),
        count_audience=c.count_audience,
        start_broadcast=c.start_broadcast,
        cancel_broadcast=c.cancel_broadcast,
        admins=c.tenant_admins(),
        provider_settings=c.list_provider_settings(),
        set_provider_credentials=c.set_provider_credentials(),
        clear_provider_credentials=c.clear_provider_credentials(),
        list_promos=c.list_promo_codes(),
        get_promo=c.get_promo_code(),
        create_promo=c.create_promo_code(),
        update_promo=c.update_promo_code(),
        delete_promo=c.delete_promo_code(),
        text_overrides=c.get_text_overrides(),
        set_text=c.set_text_override(),
        reset_text=c.reset_text_override(),
    )


def payment_services(c: Container) -> PaymentServices:
    return PaymentServices(
        currency=c.settings().currency,
        customer=c.get_customer(),
        options=c.top_up_options(),
        start_card=c.start_card_top_up(),
        submit_receipt=c.submit_card_receipt(),
        decide=c.decide_card_payment(),
        details=c.get_card_payment_details(),
        waiting_receipts=c.offer_waiting_receipts(),
        offer_stars=c.offer_stars_invoice(),
        check_stars=c.check_stars_checkout(),
        credit_stars=c.credit_stars_payment(),
        start_online=c.start_online_top_up(),
    )


def dispatcher_services(c: Container) -> DispatcherServices:
    return DispatcherServices(
        fsm_storage=c.fsm_storage,
        bots=c.bot_registry,
        get_tenant=c.get_tenant,
        dedup=c.dedup,
        shop=lambda: shop_services(c),
        payments=lambda: payment_services(c),
        console=lambda: console_services(c),
        tenant_console=lambda: tenant_console_services(c),
        is_blocked=c.is_blocked,
        texts=lambda: text_contexts(c),
    )


def text_contexts(c: Container) -> TextContextLoader:
    """Per update: the tenant's text overrides, calendar and digits (docs/i18n.md); what
    it loads is kept for the notice renderer, which cannot await."""
    renderer = c.notice_renderer()
    known = renderer.contexts if isinstance(renderer, BotNoticeRenderer) else TextContexts()
    return TextContextLoader(known, c.get_text_overrides(), c.get_config())


def runtime_services(c: Container) -> RuntimeServices:
    return RuntimeServices(
        registry=c.bot_registry(),
        list_serving_bots=c.list_serving_bots,
        load_serving_bot=c.load_serving_bot,
        mark_tenant_failed=c.mark_tenant_failed,
        events=c.events,
        token_rejected=c.token_rejected,
        webhook_secret=lambda tenant_id: c.webhook_secrets().for_tenant(tenant_id),
        leases=c.leases,
    )


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
        self._bot_services = dispatcher_services(container)
        self.dispatcher = build_dispatcher(self._bot_services, routers=routers)
        self.runtime = BotRuntime(
            runtime_services(container),
            self.dispatcher,
            options
            or RuntimeOptions(webhook_base=settings.public_url, lease_ttl=settings.lease_ttl),
        )
        self._run_jobs = jobs
        self.jobs = JobRunner([])
        self.master: Tenant | None = None
        self._delivery: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await start_container(self.container)
        # before anything provisions: an incompatible panel switches provisioning off,
        # so the handlers' use cases are resolved after the check
        await check_panel(self.container)
        bind_services(self.dispatcher, self._bot_services)
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
            # one worker per period runs each job (docs/deployment.md)
            self.jobs = JobRunner(self.job_list(), self.container.leases().start_period)
        self.jobs.start()
        if self._run_jobs:
            # broadcasts: whichever process holds the lease delivers (docs/broadcasts.md)
            delivery = self.container.broadcast_delivery()
            self._delivery = asyncio.create_task(delivery.run(), name="broadcast-delivery")

    def job_list(self) -> list[Job]:
        """Every periodic job this platform runs (`fleet jobs run NAME` runs one now)."""
        return [*self._jobs(), *self._payment_jobs()]

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
        """Card-to-card payments expire after their time (docs/payments.md#card-to-card), panel
        or not; the master admins hear of receipts no admin of a tenant could be shown;
        pending online payments are re-read from their provider (lost webhooks, failed
        re-reads, docs/payments.md#online-providers)."""
        c = self.container

        async def expire() -> int:
            return await c.expire_card_payments()()

        async def unseen() -> int:
            return await c.alert_unseen_receipts()()

        async def digest() -> object:
            return await c.send_daily_digest()()

        async def online() -> dict[str, int]:
            return await c.poll_online_payments()()

        return [
            Job("card-payment-expiry", CARD_PAYMENT_EXPIRY_EVERY, expire),
            Job("unseen-receipts", UNSEEN_RECEIPTS_EVERY, unseen),
            Job("daily-digest", DAILY_DIGEST_EVERY, digest),
            Job("online-payments", ONLINE_PAYMENTS_EVERY, online),
        ]

    async def stop(self, *, dispose: bool = True) -> None:
        if self._delivery is not None:
            # before the bots stop: the message in flight is finished and recorded
            self.container.broadcast_delivery().stop()
            await self._delivery
            self._delivery = None
        await self.jobs.stop()
        await self.runtime.stop()
        if dispose:
            await stop_container(self.container)
