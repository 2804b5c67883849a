"""The use cases the tenant console calls (the API's own), resolved once by
`platform.tenant_console_services` and handed to handlers as `tenant_console`
(docs/tenant-console.md, docs/decisions/0006-composition-root.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from src.application.billing.wallet_view import GetWallet, ListWalletLedger
from src.application.broadcasts.start_broadcast import (
    CancelBroadcast,
    CountAudience,
    StartBroadcast,
)
from src.application.growth.promo_codes import (
    CreatePromoCode,
    DeletePromoCode,
    GetPromoCode,
    ListPromoCodes,
    UpdatePromoCode,
)
from src.application.payments.add_card import AddPaymentCard
from src.application.payments.card_payment_queries import (
    CardSelectionsToday,
    ListPendingReceipts,
)
from src.application.payments.get_card import GetPaymentCard
from src.application.payments.list_cards import ListPaymentCards
from src.application.payments.provider_settings import (
    ClearProviderCredentials,
    ListProviderSettings,
    SetProviderCredentials,
)
from src.application.payments.update_card import UpdatePaymentCard
from src.application.shop.adjust_balance import AdjustBalance
from src.application.shop.block_user import BlockUser
from src.application.shop.create_plan import CreatePlan
from src.application.shop.get_plan import GetPlan
from src.application.shop.get_user import GetUser
from src.application.shop.list_plans import ListPlans
from src.application.shop.list_subscriptions import ListSubscriptions
from src.application.shop.list_users import ListUsers
from src.application.shop.move_plan import MovePlan
from src.application.shop.statistics import GetStatistics
from src.application.shop.update_plan import UpdatePlan
from src.application.tenancy.config import GetConfig, SetConfigValue
from src.application.tenancy.tenant_admins import ChangeTenantAdmins
from src.application.tenancy.texts import GetTextOverrides, ResetTextOverride, SetTextOverride


@dataclass(frozen=True, slots=True)
class TenantConsoleServices:
    currency: str
    pending_receipts: ListPendingReceipts
    list_users: ListUsers
    get_user: GetUser
    subscriptions: ListSubscriptions
    block_user: BlockUser
    adjust_balance: AdjustBalance
    list_plans: ListPlans
    get_plan: GetPlan
    create_plan: CreatePlan
    update_plan: UpdatePlan
    move_plan: MovePlan
    list_cards: ListPaymentCards
    get_card: GetPaymentCard
    add_card: AddPaymentCard
    update_card: UpdatePaymentCard
    card_selections: CardSelectionsToday
    config: GetConfig
    set_config: SetConfigValue
    statistics: GetStatistics
    wallet: GetWallet
    wallet_ledger: ListWalletLedger
    # factories, resolved at the press: the broadcast store is PostgreSQL's (progress
    # and the delivery lease need it; no in-memory twin), so building the bundle does
    # not need a database
    count_audience: Callable[[], CountAudience]
    start_broadcast: Callable[[], StartBroadcast]
    cancel_broadcast: Callable[[], CancelBroadcast]
    admins: ChangeTenantAdmins
    provider_settings: ListProviderSettings
    set_provider_credentials: SetProviderCredentials
    clear_provider_credentials: ClearProviderCredentials
    list_promos: ListPromoCodes
    get_promo: GetPromoCode
    create_promo: CreatePromoCode
    update_promo: UpdatePromoCode
    delete_promo: DeletePromoCode
    text_overrides: GetTextOverrides
    set_text: SetTextOverride
    reset_text: ResetTextOverride
