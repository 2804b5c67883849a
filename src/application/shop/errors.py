"""Errors of the shop the user sees, with what they need to act on them."""

from __future__ import annotations

from src.core.errors import Conflict, ExternalServiceError, NotFound
from src.core.shop.plan import Plan


class NotEnoughBalance(Conflict):
    code = "insufficient_balance"

    def __init__(self, missing: int, price: int) -> None:
        super().__init__(f"balance is short by {missing}")
        self.missing, self.price = missing, price


class PlanUnavailable(NotFound):
    code = "plan_unavailable"


class PlanChanged(Conflict):
    """The plan's deal changed since the buyer confirmed it: `plan` is the new one,
    to show for a fresh confirmation; nothing was charged."""

    code = "plan_changed"

    def __init__(self, plan: Plan) -> None:
        super().__init__("the plan changed since it was confirmed")
        self.plan = plan


class ShopPaused(Conflict):
    """The tenant does not sell right now (suspended, or its wallet cannot carry it)."""

    code = "shop_paused"


class TrialNotOffered(Conflict):
    """The trial is only for a user who never had a subscription of this tenant."""

    code = "trial_not_offered"


class TrialAlreadyUsed(TrialNotOffered):
    code = "trial_already_used"


class FeatureDisabled(Conflict):
    code = "feature_disabled"


class ProvisioningNotConfigured(ExternalServiceError):
    code = "provisioning_not_configured"


class UserNotRegistered(NotFound):
    code = "user_not_registered"


class UserNotFound(NotFound):
    """No such user in this tenant (another tenant's users included): the API's view."""

    code = "user_not_found"


class IdempotencyKeyReused(Conflict):
    """The idempotency key was used before for a different request."""

    code = "idempotency_key_reused"
