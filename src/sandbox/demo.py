"""The guided demo of the sandbox (docs/sandbox.md): one demo shop, seeded through the
use cases only when the sandbox database holds no tenant besides the master."""

from __future__ import annotations

import secrets

from src.application.payments.add_card import AddPaymentCardInput
from src.application.payments.provider_settings import CredentialsInput
from src.application.shop.create_plan import CreatePlanInput
from src.application.tenancy.create_tenant import CreateTenantInput
from src.application.tenancy.features import SetFeatureInput
from src.core.payments.card import CardDetails
from src.core.shop.plan import PlanTerms
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.sandbox.telegram import BotApiSimulator

DEMO_NAME = "Demo VPN"
DEMO_USER_ID = 2000  # the buyer the web sandbox starts as
DEMO_ADMIN_CHAT_ID = -1_000_000_000_001  # the demo shop's admin group (receipts, tickets)
DEMO_CARD = "6037 9975 1234 5670"  # Luhn-valid, fictitious
DEMO_PLANS = (
    PlanTerms("Month", period_days=30, price=15_000, traffic_gb=50, device_limit=2),
    PlanTerms(
        "Quarter", period_days=90, price=40_000, traffic_gb=200, device_limit=3, sort_order=1
    ),
)


async def tenants(container: Container) -> list[Tenant]:
    """Every tenant, the master included (a sandbox holds a handful)."""
    found: list[Tenant] = []
    while True:
        page = await container.list_tenants()(limit=100, offset=len(found))
        found += list(page.items)
        if not page.items or len(found) >= page.total:
            return found


def register_admin_chats(telegram: BotApiSimulator, shops: list[Tenant]) -> None:
    """The simulator forgets its groups on restart: make every admin chat known again."""
    for shop in shops:
        if shop.admin_chat is not None and telegram.chat_title(shop.admin_chat.chat_id) is None:
            telegram.add_chat(shop.admin_chat.chat_id, "supergroup", f"{shop.name} admins")


# the demo shop's merchant credentials at the payment simulators (they accept any)
DEMO_PROVIDER_CREDENTIALS = {"yookassa": ("demo-shop", "demo-secret"), "cryptopay": ("", "demo")}


async def seed_demo(
    container: Container,
    telegram: BotApiSimulator,
    admin_id: int,
    online: tuple[str, ...] = (),
) -> Tenant | None:
    """Create the demo shop (two plans, a card, card-to-card and Stars on, the trial on
    by default; each provider of `online`, whose simulator runs, with demo credentials in
    test mode and on) unless a tenant other than the master exists; returns it when
    created."""
    if any(not shop.is_master for shop in await tenants(container)):
        return None
    telegram.add_chat(DEMO_ADMIN_CHAT_ID, "supergroup", f"{DEMO_NAME} admins")
    # a new bot each time: a reset deletes the previous demo shop, whose bot id is taken
    bot_id = 5_000_000_000 + secrets.randbelow(10**9)
    created = await container.create_tenant()(
        CreateTenantInput(
            name=DEMO_NAME,
            telegram_token=f"{bot_id}:DEMO{secrets.token_urlsafe(24)}",
            admin_ids=(admin_id,),
            admin_chat_id=DEMO_ADMIN_CHAT_ID,
            created_by="sandbox:demo",
        )
    )
    shop = created.tenant
    for terms in DEMO_PLANS:
        await container.create_plan()(CreatePlanInput(shop.id, terms))
    await container.add_payment_card()(
        AddPaymentCardInput(shop.id, DEMO_CARD, CardDetails("Demo Holder", 1))
    )
    for provider in online:
        account, secret = DEMO_PROVIDER_CREDENTIALS[provider]
        data = CredentialsInput(shop.id, provider, account, secret, test_mode=True)
        await container.set_provider_credentials()(data)
    for feature in ("card_to_card", "telegram_stars", *online):
        await container.set_feature()(SetFeatureInput(shop.id, feature, True, None))
    return shop


def guide(shop: Tenant, page_url: str, admin_id: int) -> list[str]:
    """What to click, printed once the demo shop is seeded."""
    return [
        f"  demo shop         : {shop.name} (tenant {shop.id}): two plans, a card, Stars on",
        f"  try it            : open {page_url}, pick '{shop.name}', press Start,",
        "                      take the free trial, then Balance -> Card to card -> 500,",
        f"                      attach a receipt photo; switch to user {admin_id} and open",
        f"                      '{shop.name} admins' to approve it; Stars -> Pay;",
        "                      YooKassa or CryptoBot -> 500 -> the link -> Pay.",
    ]
