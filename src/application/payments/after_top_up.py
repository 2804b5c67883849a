"""A purchase that waited for a top-up (PRODUCT 3.4): finished once the money is in."""

from __future__ import annotations

import logging

from src.application.i18n import t
from src.application.ports.messaging import UserMessenger
from src.application.shop.errors import NotEnoughBalance
from src.application.shop.provision import Provisioned
from src.application.shop.purchase_plan import PurchaseInput, PurchasePlan
from src.application.tenancy.get_tenant import GetTenant
from src.core.errors import DomainError
from src.core.ids import PlanId, TenantId

log = logging.getLogger(__name__)


class FinishPurchaseAfterTopUp:
    """Buy the plan the user was short for, right after a top-up was credited.

    Rules: the purchase's request key is the top-up's own (`after-topup:<method>:<id>`),
    so a repeated credit notification never buys twice; a balance still short
    (spent meanwhile) or a plan gone leaves the money on the balance and says so;
    the user is told the outcome either way. Never raises: the credit stands.
    """

    def __init__(
        self, purchase: PurchasePlan, tenants: GetTenant, messenger: UserMessenger
    ) -> None:
        self._purchase, self._tenants, self._messenger = purchase, tenants, messenger

    async def __call__(
        self, tenant_id: TenantId, telegram_id: int, lang: str, plan_id: PlanId, key: str
    ) -> bool:
        try:
            tenant = await self._tenants(tenant_id)
            outcome = await self._purchase(PurchaseInput(tenant, telegram_id, plan_id, key))
        except NotEnoughBalance:
            text = t(lang, "topup.purchase_short")
        except DomainError as exc:
            log.warning(
                "purchase after a top-up failed", extra={"tenant_id": tenant_id, "code": exc.code}
            )
            text = t(lang, "topup.purchase_failed")
        else:
            sub = outcome.subscription
            if outcome.provisioning is Provisioned.REFUNDED:
                text = t(lang, "shop.activation_refunded")
            elif outcome.provisioning is Provisioned.RETRYING:
                text = t(lang, "shop.activating")
            else:
                date = sub.expires_at.strftime("%Y-%m-%d")
                text = t(lang, "shop.purchased", date=date, link=sub.subscription_url)
            await self._messenger.send(tenant_id, telegram_id, text)
            return True
        await self._messenger.send(tenant_id, telegram_id, text)
        return False
