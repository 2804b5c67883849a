"""Errors of tenant billing that callers map (the bot: "temporarily unavailable")."""

from __future__ import annotations

from src.application.shop.errors import ShopPaused


class SaleRefused(ShopPaused):
    """The tenant's wallet cannot carry this sale; nothing was charged (docs/billing.md).

    A ShopPaused: the buyer is told the plan is temporarily unavailable (the reason
    is the tenant's business, told to its admins), and auto-renewal falls back to
    a reminder. `reason` is the code of the core rule that refused it
    (`wallet_credit_limit`, `unlimited_plan_needs_wholesale_price`).
    """

    code = "sale_refused_by_wallet"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
