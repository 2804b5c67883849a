"""The composition root: the one place that knows every concrete class.

Entry points build a `Container` from `Settings` (with the database URL already
resolved, embedded or not) and ask it for use cases. Tests override providers
(e.g. `uow`); `tests/support/containers.py` builds one on in-memory adapters.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from dependency_injector import containers, providers
from redis.asyncio import Redis

from src.application.audit.audit_trail import ListAudit, RecordAudit
from src.application.billing.notices import WalletNotices
from src.application.billing.sale_billing import WalletSaleBilling
from src.application.billing.status import AnnounceStatus
from src.application.billing.update_settings import UpdateWalletSettings
from src.application.billing.wallet_view import GetWallet, ListWalletLedger
from src.application.broadcasts.delivery import BroadcastDelivery
from src.application.broadcasts.start_broadcast import (
    CancelBroadcast,
    CountAudience,
    StartBroadcast,
)
from src.application.broadcasts.tenant_admins import TenantAdminRecipients
from src.application.growth.promo_codes import (
    CreatePromoCode,
    DeletePromoCode,
    GetPromoCode,
    ListPromoCodes,
    RedeemPromoCode,
    UpdatePromoCode,
)
from src.application.growth.referrals import GetReferralScreen, ReferralRewards
from src.application.importing.import_bedolaga import ImportBedolaga
from src.application.notices.sending import RenderingNotifier
from src.application.payments.add_card import AddPaymentCard
from src.application.payments.after_top_up import FinishPurchaseAfterTopUp
from src.application.payments.batches import TenantBatches
from src.application.payments.card_payment_queries import (
    CardSelectionsToday,
    GetCardPaymentDetails,
    ListCardPayments,
    ListPendingReceipts,
)
from src.application.payments.delete_card import DeletePaymentCard
from src.application.payments.get_card import GetPaymentCard
from src.application.payments.list_cards import ListPaymentCards
from src.application.payments.online_top_up import (
    HandleNotification,
    PollOnlinePayments,
    ProviderCalls,
    Providers,
)
from src.application.payments.provider_settings import (
    FEATURE_PRECONDITIONS,
    ClearProviderCredentials,
    ListProviderSettings,
    SetProviderCredentials,
)
from src.application.payments.select_card import SelectedCard, SelectPaymentCard
from src.application.payments.stars_top_up import (
    CheckStarsCheckout,
    OfferStarsInvoice,
)
from src.application.payments.top_up_options import TopUpOptions
from src.application.payments.unseen_receipts import AlertUnseenReceipts, OfferWaitingReceipts
from src.application.payments.update_card import UpdatePaymentCard
from src.application.ports.importing import PanelRetagger
from src.application.ports.notices import NoticeRenderer
from src.application.ports.uow import UnitOfWorkFactory
from src.application.ports.updates import UpdateDeduplicator
from src.application.ports.vpn_panel import VpnPanel
from src.application.shop.adjust_balance import AdjustBalance
from src.application.shop.block_user import BlockUser, IsBlocked
from src.application.shop.create_plan import CreatePlan
from src.application.shop.customer_view import (
    GetCustomer,
    SetAutoRenew,
    SetLanguage,
    UserLanguage,
)
from src.application.shop.delete_plan import DeletePlan
from src.application.shop.expiry_jobs import DrainProvisioning, RunExpiryJobs
from src.application.shop.get_plan import GetPlan
from src.application.shop.get_user import GetUser
from src.application.shop.list_plans import ListPlans
from src.application.shop.list_subscriptions import ListSubscriptions
from src.application.shop.list_users import ListUsers
from src.application.shop.move_plan import MovePlan
from src.application.shop.plan_catalog import PlanCatalog
from src.application.shop.provision import ProvisionSubscription
from src.application.shop.register_user import RegisterUser
from src.application.shop.start_trial import StartTrial
from src.application.shop.statistics import GetStatistics
from src.application.shop.update_plan import UpdatePlan
from src.application.support.tickets import (
    AnswerTicket,
    CloseTicket,
    ListOpenTickets,
    ListTickets,
    MyTickets,
    OfferWaitingTickets,
    RelayLocks,
    ShowTicket,
    TicketRelay,
    WriteTicket,
)
from src.application.tenancy.authenticate import AuthenticateApiToken
from src.application.tenancy.change_status import (
    ActivateTenant,
    DeactivateTenant,
    ResumeTenant,
    SuspendTenant,
)
from src.application.tenancy.config import GetConfig, ResetConfigValue, SetConfigValue
from src.application.tenancy.create_tenant import CheckBotToken, CreateTenant
from src.application.tenancy.daily_digest import SendDailyDigest
from src.application.tenancy.delete_tenant import DeleteTenant
from src.application.tenancy.ensure_master import EnsureMasterTenant
from src.application.tenancy.features import GetFeatures, SetFeature
from src.application.tenancy.get_tenant import GetTenant, ListTenants
from src.application.tenancy.mark_tenant_failed import MarkTenantFailed
from src.application.tenancy.master_admins import MasterAdmins
from src.application.tenancy.rotate_api_token import RotateApiToken
from src.application.tenancy.serving_bots import ListServingBots, LoadServingBot
from src.application.tenancy.statistics import GetPlatformStatistics
from src.application.tenancy.tenant_admins import ChangeTenantAdmins
from src.application.tenancy.texts import GetTextOverrides, ResetTextOverride, SetTextOverride
from src.application.tenancy.update_tenant import UpdateTenant
from src.core.billing.wallet import BillingDefaults
from src.core.errors import PanelRejected, PanelUnavailable
from src.infrastructure.broadcast import Broadcast, LocalBroadcast, RedisBroadcast
from src.infrastructure.cache.ttl_cache import TtlCache
from src.infrastructure.clock import SystemClock
from src.infrastructure.events import BroadcastTenantEvents
from src.infrastructure.importing.bedolaga_source import SqlBedolagaSource
from src.infrastructure.memory.uow import InMemoryUnitOfWorkFactory
from src.infrastructure.metered import (
    MeteredBillTraffic,
    MeteredCreditStarsPayment,
    MeteredDecideCardPayment,
    MeteredExpireCardPayments,
    MeteredPurchasePlan,
    MeteredSettleOnlinePayment,
    MeteredStartCardTopUp,
    MeteredStartOnlineTopUp,
    MeteredSubmitCardReceipt,
    MeteredTopUpWallet,
)
from src.infrastructure.payments.cryptopay import CryptoPayProvider
from src.infrastructure.payments.http import ProviderHttp
from src.infrastructure.payments.settings import PaymentSettings
from src.infrastructure.payments.yookassa import YooKassaProvider
from src.infrastructure.persistence.broadcasts import PgDeliveryLease, SqlaBroadcastStore
from src.infrastructure.persistence.engine import make_engine, make_sessionmaker
from src.infrastructure.persistence.health import DatabasePing
from src.infrastructure.persistence.importing import SqlImportTarget
from src.infrastructure.persistence.leases import PgLeases
from src.infrastructure.persistence.uow import SqlaUnitOfWorkFactory
from src.infrastructure.redis_guard import RedisGuard
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.infrastructure.security import FernetSecretBox, WebhookSecrets
from src.infrastructure.settings import Settings
from src.infrastructure.telegram.alerts import AiogramPlatformAlerts
from src.infrastructure.telegram.broadcast_sender import AiogramBroadcastSender
from src.infrastructure.telegram.dedup import InMemoryUpdateDeduplicator, RedisUpdateDeduplicator
from src.infrastructure.telegram.fsm import FallbackFsmStorage
from src.infrastructure.telegram.gateway import AiogramTelegramGateway
from src.infrastructure.telegram.messenger import AiogramUserMessenger
from src.infrastructure.telegram.receipts import AiogramReceiptDesk
from src.infrastructure.telegram.registry import BotRegistry
from src.infrastructure.telegram.rejected import TokenRejectedWatch
from src.infrastructure.telegram.session import make_session
from src.infrastructure.telegram.support_desk import AiogramSupportDesk

log = logging.getLogger(__name__)
PANEL_CHECK_TIMEOUT_S = 5.0  # the start-up check never holds the start longer


@dataclass
class PanelCheck:
    """What the version check found (docs/remnawave.md, "Version check"); /ready shows it.

    `status`: `not configured`, `unchecked`, `compatible`, `incompatible` (provisioning
    is off for this process) or `unreachable` (checked again before the next job run).
    """

    status: str = "unchecked"
    detail: str | None = None


def _panel_check(url: str | None) -> PanelCheck:
    return PanelCheck("unchecked" if url else "not configured")


def _panel(url: str | None, token: str | None) -> VpnPanel | None:
    """The panel adapter, or None: provisioning disabled with a clear message."""
    return HttpRemnawavePanel(url, token) if url and token else None


def _retagger(url: str | None, token: str | None) -> PanelRetagger | None:
    """The panel as the import's retagger (its own session, closed by the caller)."""
    return HttpRemnawavePanel(url, token) if url and token else None


def _billing_defaults(settings: Settings) -> BillingDefaults:
    return BillingDefaults(settings.billing_model, settings.billing_rate_per_gb)


def _payment_providers(settings: PaymentSettings, http: ProviderHttp) -> Providers:
    """Every online provider, on the configured API base URLs (a simulator in the sandbox)."""
    return {
        YooKassaProvider.name: YooKassaProvider(
            http, settings.yookassa_api_url, settings.yookassa_ips
        ),
        CryptoPayProvider.name: CryptoPayProvider(
            http, settings.cryptopay_api_url, settings.cryptopay_assets
        ),
    }


def _broadcast(redis_url: str | None) -> Broadcast:
    return RedisBroadcast(redis_url) if redis_url else LocalBroadcast()


def _redis(redis_url: str | None) -> Redis | None:
    return (
        Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2) if redis_url else None
    )


def _redis_guard(redis: Redis | None) -> RedisGuard | None:
    return RedisGuard(redis) if redis is not None else None


def _dedup(guard: RedisGuard | None) -> UpdateDeduplicator:
    return RedisUpdateDeduplicator(guard) if guard is not None else InMemoryUpdateDeduplicator()


def _fsm_storage(guard: RedisGuard | None) -> BaseStorage:
    """Redis-backed (falling back to memory while Redis is down), or memory only."""
    return FallbackFsmStorage(guard) if guard is not None else MemoryStorage()


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_url = providers.Dependency(instance_of=str)
    # how notices read: the bot's views, plugged in by the interfaces (the composition
    # root, src/interfaces/composition.py; docs/decisions/0007-notices.md)
    notice_renderer: providers.Dependency[NoticeRenderer] = providers.Dependency()

    clock = providers.Singleton(SystemClock)
    broadcast = providers.Singleton(_broadcast, settings.provided.redis_url)
    cache = providers.Singleton(TtlCache, broadcast, ttl=30.0)
    events = providers.Singleton(BroadcastTenantEvents, broadcast)
    box = providers.Singleton(FernetSecretBox, settings.provided.secret_key)
    webhook_secrets = providers.Singleton(WebhookSecrets, settings.provided.secret_key)

    engine = providers.Singleton(make_engine, database_url)
    sessions = providers.Singleton(make_sessionmaker, engine)
    uow = providers.Singleton(SqlaUnitOfWorkFactory, sessions)
    readiness = providers.Singleton(DatabasePing, engine)
    leases = providers.Singleton(PgLeases, engine)

    token_rejected = providers.Singleton(TokenRejectedWatch)
    telegram_session = providers.Singleton(
        make_session, settings.provided.telegram_api_url, token_rejected
    )
    telegram = providers.Singleton(AiogramTelegramGateway, telegram_session)

    # bot runtime
    redis = providers.Singleton(_redis, settings.provided.redis_url)
    bot_registry = providers.Singleton(BotRegistry, telegram_session)
    redis_guard = providers.Singleton(_redis_guard, redis)
    dedup = providers.Singleton(_dedup, redis_guard)
    fsm_storage = providers.Singleton(_fsm_storage, redis_guard)
    alerts = providers.Singleton(
        AiogramPlatformAlerts,
        bot_registry,
        uow,
        settings.provided.master_admin_ids,
        notice_renderer,
    )

    # use cases: stateless, built per request
    create_tenant = providers.Factory(CreateTenant, uow, telegram, box, clock, events)
    check_bot_token = providers.Factory(CheckBotToken, uow, telegram)
    ensure_master = providers.Factory(EnsureMasterTenant, uow, telegram, box, clock, cache, events)
    activate_tenant = providers.Factory(ActivateTenant, uow, clock, cache, events)
    deactivate_tenant = providers.Factory(DeactivateTenant, uow, clock, cache, events)
    suspend_tenant = providers.Factory(SuspendTenant, uow, clock, cache, events)
    resume_tenant = providers.Factory(ResumeTenant, uow, clock, cache, events)
    delete_tenant = providers.Factory(DeleteTenant, uow, cache, events, clock)
    mark_tenant_failed = providers.Factory(MarkTenantFailed, uow, clock, cache, events, alerts)
    list_serving_bots = providers.Factory(ListServingBots, uow, box)
    load_serving_bot = providers.Factory(LoadServingBot, uow, box)
    rotate_api_token = providers.Factory(RotateApiToken, uow, cache, clock)
    get_tenant = providers.Factory(GetTenant, uow, cache)
    list_tenants = providers.Factory(ListTenants, uow)
    platform_statistics = providers.Factory(GetPlatformStatistics, uow, clock)
    master_admins = providers.Factory(MasterAdmins, uow, cache, clock)
    tenant_admins = providers.Factory(ChangeTenantAdmins, uow, cache, clock)
    get_features = providers.Factory(GetFeatures, uow, cache)
    set_feature = providers.Factory(
        SetFeature, uow, cache, clock, providers.Object(FEATURE_PRECONDITIONS)
    )
    get_config = providers.Factory(GetConfig, uow, cache)
    trial_limits = providers.Callable(lambda settings: settings.trial_limits, settings)
    set_config_value = providers.Factory(SetConfigValue, uow, cache, trial_limits, clock)
    reset_config_value = providers.Factory(ResetConfigValue, uow, cache)
    get_text_overrides = providers.Factory(GetTextOverrides, uow, cache)
    set_text_override = providers.Factory(SetTextOverride, uow, cache, clock)
    reset_text_override = providers.Factory(ResetTextOverride, uow, cache, clock)

    # management API: tenant edits, API-token auth, plans, payment cards
    update_tenant = providers.Factory(UpdateTenant, uow, clock, cache)
    authenticate_api_token = providers.Factory(AuthenticateApiToken, uow, cache)
    list_plans = providers.Factory(ListPlans, uow)
    get_plan = providers.Factory(GetPlan, uow)
    create_plan = providers.Factory(CreatePlan, uow, clock, cache)
    update_plan = providers.Factory(UpdatePlan, uow, clock, cache)
    move_plan = providers.Factory(MovePlan, uow, clock, cache)
    delete_plan = providers.Factory(DeletePlan, uow, cache)
    list_payment_cards = providers.Factory(ListPaymentCards, uow)
    get_payment_card = providers.Factory(GetPaymentCard, uow)
    add_payment_card = providers.Factory(AddPaymentCard, uow, clock)
    update_payment_card = providers.Factory(UpdatePaymentCard, uow, clock)
    delete_payment_card = providers.Factory(DeletePaymentCard, uow)

    # the shop: users, purchases, provisioning on the panel, expiry jobs
    panel = providers.Singleton(
        _panel, settings.provided.remnawave_url, settings.provided.remnawave_token
    )
    panel_check = providers.Singleton(_panel_check, settings.provided.remnawave_url)
    messenger = providers.Singleton(AiogramUserMessenger, bot_registry)
    notifier = providers.Singleton(RenderingNotifier, notice_renderer, messenger)
    broadcast_store = providers.Singleton(SqlaBroadcastStore, sessions, clock)
    broadcast_delivery = providers.Singleton(
        BroadcastDelivery,
        broadcast_store,
        providers.Factory(PgDeliveryLease, engine),
        providers.Singleton(AiogramBroadcastSender, bot_registry),
        notice_renderer,
    )
    start_broadcast = providers.Factory(StartBroadcast, broadcast_store, clock, broadcast_delivery)
    cancel_broadcast = providers.Factory(CancelBroadcast, broadcast_store, broadcast_delivery)
    count_audience = providers.Factory(CountAudience, broadcast_store, clock)
    tenant_admin_recipients = providers.Factory(TenantAdminRecipients, uow)
    # importing a single-tenant bot's database (docs/import.md)
    import_target = providers.Singleton(SqlImportTarget, sessions)
    import_bedolaga = providers.Factory(
        ImportBedolaga, uow, import_target, clock, settings.provided.currency
    )
    bedolaga_source = providers.Factory(SqlBedolagaSource)  # called with the source URL
    panel_retagger = providers.Factory(
        _retagger, settings.provided.remnawave_url, settings.provided.remnawave_token
    )
    # tenant wallets and traffic billing (docs/billing.md): sales charge the wallet in the
    # sale's transaction, the billing job charges consumption, both may pause a shop
    billing_defaults = providers.Singleton(_billing_defaults, settings)
    wallet_notices = providers.Singleton(WalletNotices, notifier, clock, settings.provided.currency)
    announce_billing_status = providers.Factory(AnnounceStatus, cache, events, wallet_notices)
    sale_billing = providers.Singleton(
        WalletSaleBilling, billing_defaults, clock, cache, wallet_notices
    )
    bill_traffic = providers.Factory(
        MeteredBillTraffic,
        uow,
        panel,
        clock,
        billing_defaults,
        wallet_notices,
        announce_billing_status,
    )
    get_wallet = providers.Factory(GetWallet, uow, billing_defaults)
    list_wallet_ledger = providers.Factory(ListWalletLedger, uow)
    list_audit = providers.Factory(ListAudit, uow)
    record_audit = providers.Factory(RecordAudit, uow, clock)
    top_up_wallet = providers.Factory(
        MeteredTopUpWallet, uow, clock, billing_defaults, announce_billing_status
    )
    update_wallet_settings = providers.Factory(
        UpdateWalletSettings, uow, clock, cache, billing_defaults, announce_billing_status
    )

    referral_rewards = providers.Factory(
        ReferralRewards, get_features, notifier, settings.provided.currency
    )
    get_referral_screen = providers.Factory(GetReferralScreen, uow, get_features)
    list_promo_codes = providers.Factory(ListPromoCodes, uow)
    get_promo_code = providers.Factory(GetPromoCode, uow)
    create_promo_code = providers.Factory(CreatePromoCode, uow, clock)
    update_promo_code = providers.Factory(UpdatePromoCode, uow, clock)
    delete_promo_code = providers.Factory(DeletePromoCode, uow, clock)
    provision = providers.Factory(
        ProvisionSubscription, uow, clock, panel, sale_billing, notifier, referral_rewards
    )
    register_user = providers.Factory(RegisterUser, uow, get_features, clock)
    get_customer = providers.Factory(GetCustomer, uow, panel)
    set_language = providers.Factory(SetLanguage, uow, cache)
    set_auto_renew = providers.Factory(SetAutoRenew, uow, get_features)
    user_language = providers.Factory(UserLanguage, uow, cache)
    plan_catalog = providers.Factory(PlanCatalog, uow, cache)
    purchase_plan = providers.Factory(
        MeteredPurchasePlan,
        uow,
        clock,
        sale_billing,
        get_config,
        plan_catalog,
        provision,
        referral_rewards,
    )
    start_trial = providers.Factory(
        StartTrial, uow, clock, get_features, get_config, provision, sale_billing, trial_limits
    )
    run_expiry_jobs = providers.Factory(
        RunExpiryJobs, uow, clock, get_tenant, get_features, get_config, purchase_plan, notifier
    )
    drain_provisioning = providers.Factory(DrainProvisioning, uow, clock, provision)
    redeem_promo_code = providers.Factory(
        RedeemPromoCode, uow, clock, get_features, get_config, provision
    )

    # management API: a tenant's users, their balance adjustments, subscriptions
    list_users = providers.Factory(ListUsers, uow)
    get_user = providers.Factory(GetUser, uow)
    get_statistics = providers.Factory(GetStatistics, uow, clock)
    block_user = providers.Factory(BlockUser, uow, clock, cache)
    is_blocked = providers.Factory(IsBlocked, uow, cache)
    adjust_balance = providers.Factory(AdjustBalance, uow, clock)
    list_subscriptions = providers.Factory(ListSubscriptions, uow, clock)

    # top-ups (docs/payments.md): card-to-card with rotation and receipt review, Telegram Stars
    top_up_currency = settings.provided.currency
    rotation_random = providers.Singleton(random.SystemRandom)
    receipt_desk = providers.Singleton(AiogramReceiptDesk, bot_registry)
    card_selection_batches: providers.Singleton[TenantBatches[SelectedCard]] = providers.Singleton(
        TenantBatches
    )
    select_payment_card = providers.Factory(
        SelectPaymentCard, uow, clock, get_config, rotation_random, card_selection_batches
    )
    top_up_options = providers.Factory(TopUpOptions, uow, get_features)
    finish_purchase_after_top_up = providers.Factory(
        FinishPurchaseAfterTopUp, purchase_plan, get_tenant, notifier
    )
    start_card_top_up = providers.Factory(
        MeteredStartCardTopUp, uow, get_features, select_payment_card
    )
    submit_card_receipt = providers.Factory(
        MeteredSubmitCardReceipt,
        uow,
        clock,
        get_features,
        receipt_desk,
        notice_renderer,
        top_up_currency,
    )
    decide_card_payment = providers.Factory(
        MeteredDecideCardPayment,
        uow,
        clock,
        receipt_desk,
        notice_renderer,
        notifier,
        finish_purchase_after_top_up,
        referral_rewards,
        top_up_currency,
    )
    expire_card_payments = providers.Factory(
        MeteredExpireCardPayments,
        uow,
        clock,
        receipt_desk,
        notice_renderer,
        notifier,
        top_up_currency,
    )
    offer_waiting_receipts = providers.Factory(
        OfferWaitingReceipts, uow, receipt_desk, notice_renderer, notifier, top_up_currency
    )
    alert_unseen_receipts = providers.Factory(AlertUnseenReceipts, uow, clock, alerts)
    send_daily_digest = providers.Factory(
        SendDailyDigest, uow, clock, alerts, settings.provided.digest_hour
    )
    list_card_payments = providers.Factory(ListCardPayments, uow)
    list_pending_receipts = providers.Factory(ListPendingReceipts, uow)
    card_selections_today = providers.Factory(CardSelectionsToday, uow, clock)

    # support tickets (docs/support.md)
    support_desk = providers.Singleton(AiogramSupportDesk, bot_registry)
    relay_locks = providers.Singleton(RelayLocks)
    ticket_relay = providers.Factory(TicketRelay, uow, support_desk, notice_renderer, relay_locks)
    write_ticket = providers.Factory(WriteTicket, uow, clock, get_features, ticket_relay)
    my_tickets = providers.Factory(MyTickets, uow, get_features)
    show_ticket = providers.Factory(ShowTicket, uow, get_features)
    close_ticket = providers.Factory(
        CloseTicket, uow, clock, get_features, support_desk, notice_renderer
    )
    answer_ticket = providers.Factory(
        AnswerTicket, uow, clock, get_features, support_desk, notifier, notice_renderer
    )
    list_open_tickets = providers.Factory(ListOpenTickets, uow, ticket_relay)
    list_tickets = providers.Factory(ListTickets, uow)
    offer_waiting_tickets = providers.Factory(OfferWaitingTickets, ticket_relay, notifier)
    get_card_payment_details = providers.Factory(GetCardPaymentDetails, uow)
    offer_stars_invoice = providers.Factory(OfferStarsInvoice, top_up_options, get_config)
    check_stars_checkout = providers.Factory(CheckStarsCheckout, uow, top_up_options, get_config)
    credit_stars_payment = providers.Factory(
        MeteredCreditStarsPayment,
        uow,
        clock,
        notifier,
        finish_purchase_after_top_up,
        referral_rewards,
        top_up_currency,
    )

    # online providers (docs/payments.md, "Online providers"): per-tenant credentials
    payment_settings = settings.provided.payments
    provider_http = providers.Singleton(ProviderHttp)
    payment_providers = providers.Singleton(_payment_providers, payment_settings, provider_http)
    provider_calls = providers.Factory(ProviderCalls, uow, box, payment_providers)
    set_provider_credentials = providers.Factory(SetProviderCredentials, uow, box, clock)
    clear_provider_credentials = providers.Factory(ClearProviderCredentials, uow, clock)
    list_provider_settings = providers.Factory(ListProviderSettings, uow)
    start_online_top_up = providers.Factory(
        MeteredStartOnlineTopUp,
        uow,
        clock,
        top_up_options,
        provider_calls,
        top_up_currency,
        payment_settings.return_url,
    )
    settle_online_payment = providers.Factory(
        MeteredSettleOnlinePayment,
        uow,
        clock,
        notifier,
        finish_purchase_after_top_up,
        referral_rewards,
    )
    handle_payment_notification = providers.Factory(
        HandleNotification, uow, provider_calls, settle_online_payment
    )
    poll_online_payments = providers.Factory(
        PollOnlinePayments,
        uow,
        clock,
        provider_calls,
        settle_online_payment,
        poll_after=providers.Callable(
            lambda s: timedelta(minutes=s.poll_after_minutes), payment_settings
        ),
    )


async def start_container(container: Container) -> None:
    await container.broadcast().start()


async def check_panel(container: Container) -> bool:
    """Whether provisioning may run: the panel is configured and speaks Remnawave 3.x.

    Asks the panel's metadata once it answers (docs/remnawave.md, "Version check").
    A panel of another major version is refused for good: one error line, and the
    `panel` provider answers `None` from then on, so every purchase and job of this
    process sees provisioning switched off instead of talking to it. A panel that
    does not answer is asked again on the next call.
    """
    check, panel = container.panel_check(), container.panel()
    if panel is None:
        if check.status != "incompatible":
            check.status = "not configured"
        return False
    if check.status == "compatible":
        return True
    if not isinstance(panel, HttpRemnawavePanel):  # an in-process twin (tests)
        check.status = "compatible"
        return True
    try:
        async with asyncio.timeout(PANEL_CHECK_TIMEOUT_S):
            version = await panel.check_compatible()
    except PanelRejected as exc:
        check.status, check.detail = "incompatible", exc.message
        log.error("panel refused: provisioning stays off", extra={"why": exc.message})
        container.panel.override(providers.Object(None))
        await panel.close()
        return False
    except (PanelUnavailable, TimeoutError) as exc:
        check.status, check.detail = "unreachable", str(exc) or "timed out"
        log.warning("panel unreachable: its version is checked again before provisioning")
        return False
    check.status, check.detail = "compatible", version
    log.info("panel compatible", extra={"version": version})
    return True


async def stop_container(container: Container) -> None:
    await container.broadcast().stop()
    redis = container.redis()
    if redis is not None:
        await redis.aclose()
    panel = container.panel()
    if isinstance(panel, HttpRemnawavePanel):
        await panel.close()
    await container.telegram_session().close()
    await container.provider_http().close()
    if container.database_url() != "memory://":
        await container.engine().dispose()


def _adapters_satisfy_the_ports(
    sql: SqlaUnitOfWorkFactory, memory: InMemoryUnitOfWorkFactory
) -> tuple[UnitOfWorkFactory, UnitOfWorkFactory]:
    """Never called: mypy checks here that both unit-of-work factories are the port."""
    return sql, memory
