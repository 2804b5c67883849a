"""The Tenant aggregate and its status rules (docs/architecture.md#tenancy).

Rules:
- status is one of active | suspended | disabled | failed;
- `disabled` is set by an admin (deactivate) and cleared only by activate;
- `suspended` is set by billing and cleared by billing (resume) or activate;
- `failed` means Telegram rejected the token; activate (after a token fix) clears it;
- the master tenant can never be deactivated or deleted, and billing never
  suspends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from src.core.errors import InvalidTenantTransition, MasterTenantProtected, ValidationError
from src.core.ids import MAX_ID, TenantId
from src.core.text import check_line

LANGUAGES: tuple[str, ...] = ("fa", "en", "ru")
_SUPPORT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
NAME_MAX = 100


class TenantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISABLED = "disabled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class AdminChat:
    chat_id: int
    receipts_topic_id: int | None = None
    notifications_topic_id: int | None = None


@dataclass(frozen=True, slots=True)
class Tenant:
    """A hosted bot. Never carries the plaintext Telegram token."""

    id: TenantId
    name: str
    telegram_bot_id: int
    username: str
    is_master: bool
    status: TenantStatus
    default_language: str
    created_at: datetime
    updated_at: datetime
    support_username: str | None = None
    admin_chat: AdminChat | None = None
    admin_ids: tuple[int, ...] = field(default_factory=tuple)
    created_by: str | None = None

    # --- queries ---------------------------------------------------------------

    @property
    def serves_updates(self) -> bool:
        """Its bot should be running (suspended bots run to say "service paused")."""
        return self.status in (TenantStatus.ACTIVE, TenantStatus.SUSPENDED)

    @property
    def sells(self) -> bool:
        return self.status is TenantStatus.ACTIVE

    def is_admin(self, telegram_user_id: int) -> bool:
        return telegram_user_id in self.admin_ids

    # --- transitions (each returns a new Tenant) -------------------------------

    def activate(self, now: datetime) -> Tenant:
        if self.status is TenantStatus.ACTIVE:
            return self
        return replace(self, status=TenantStatus.ACTIVE, updated_at=now)

    def deactivate(self, now: datetime) -> Tenant:
        if self.is_master:
            raise MasterTenantProtected("the master tenant cannot be deactivated")
        if self.status is TenantStatus.DISABLED:
            return self
        return replace(self, status=TenantStatus.DISABLED, updated_at=now)

    def suspend(self, now: datetime) -> Tenant:
        if self.is_master:
            raise MasterTenantProtected("the master tenant cannot be suspended")
        if self.status is TenantStatus.SUSPENDED:
            return self
        if self.status is not TenantStatus.ACTIVE:
            raise InvalidTenantTransition(f"cannot suspend a {self.status} tenant")
        return replace(self, status=TenantStatus.SUSPENDED, updated_at=now)

    def resume(self, now: datetime) -> Tenant:
        """Billing lifts a suspension; any other status is left alone."""
        if self.status is not TenantStatus.SUSPENDED:
            return self
        return replace(self, status=TenantStatus.ACTIVE, updated_at=now)

    def mark_failed(self, now: datetime) -> Tenant:
        if self.status is TenantStatus.FAILED:
            return self
        return replace(self, status=TenantStatus.FAILED, updated_at=now)

    def ensure_deletable(self) -> None:
        if self.is_master:
            raise MasterTenantProtected("the master tenant cannot be deleted")


def check_name(name: str) -> str:
    return check_line(name, "name", max_length=NAME_MAX)


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValidationError(
            f"language must be one of {', '.join(LANGUAGES)}", field="default_language"
        )
    return language


def check_support_username(username: str | None) -> str | None:
    if username is None or username == "":
        return None
    username = username.removeprefix("@")
    if not _SUPPORT_USERNAME.fullmatch(username):
        raise ValidationError("not a valid Telegram username", field="support_username")
    return username


MAX_TENANT_ADMINS = 20


def check_admin_ids(ids: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    """Positive Telegram ids within int64, at most MAX_TENANT_ADMINS (after dropping
    repeats): the same bounds at creation, through the API and from the consoles."""
    for i in ids:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 < i <= MAX_ID:
            raise ValidationError("admin ids must be positive integers", field="admin_ids")
    unique = tuple(dict.fromkeys(ids))
    if len(unique) > MAX_TENANT_ADMINS:
        raise ValidationError(f"at most {MAX_TENANT_ADMINS} admin ids", field="admin_ids")
    return unique
