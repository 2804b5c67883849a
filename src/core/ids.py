"""Identifier types. A tenant id is the `bots.id` primary key (`bot_id` elsewhere)."""

from typing import NewType

TenantId = NewType("TenantId", int)
PlanId = NewType("PlanId", int)
PaymentCardId = NewType("PaymentCardId", int)
ShopUserId = NewType("ShopUserId", int)
SubscriptionId = NewType("SubscriptionId", int)

MAX_ID = 2**63 - 1
"""Every id is a PostgreSQL bigint: a larger or non-positive one cannot exist."""
