"""A tenant's end user (docs/shop.md#start-and-language): unique per (tenant, Telegram id)."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import datetime

from src.core.ids import ShopUserId, TenantId

REFERRAL_ALPHABET = string.ascii_lowercase + string.digits
REFERRAL_CODE_LENGTH = 8
USERNAME_MAX = 64  # Telegram's own limits are lower; these are the column widths
FIRST_NAME_MAX = 128


@dataclass(frozen=True, slots=True)
class ShopUser:
    id: ShopUserId
    telegram_id: int
    language: str
    balance: int  # minor units, never below zero (ledger rows record every change)
    referral_code: str
    created_at: datetime
    username: str | None = None
    first_name: str | None = None
    referred_by: ShopUserId | None = None
    trial_used_at: datetime | None = None
    blocked_at: datetime | None = None  # blocked by the shop's admins: one refusal, nothing else
    auto_renew: bool = True  # the user's switch; renews only with the tenant's flag on

    @property
    def blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def trial_used(self) -> bool:
        return self.trial_used_at is not None


def new_referral_code() -> str:
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


def parse_start_payload(payload: str | None) -> str | None:
    """`/start ref_<code>` -> the code (docs/shop.md#start-and-language); anything else -> None."""
    if not payload or not payload.startswith("ref_"):
        return None
    code = payload.removeprefix("ref_")
    if len(code) == REFERRAL_CODE_LENGTH and all(c in REFERRAL_ALPHABET for c in code):
        return code
    return None


def panel_username(tenant_id: TenantId, telegram_id: int) -> str:
    """One panel user per (tenant, Telegram user) (docs/shop.md#provisioning)."""
    return f"t{tenant_id}_{telegram_id}"


def panel_tag(tenant_id: TenantId) -> str:
    return f"T{tenant_id}"
