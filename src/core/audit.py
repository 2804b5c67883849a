"""The audit trail: who did what to which tenant, and what it was before and after.

Rules:
- every change made from a console (the master's or a tenant's) or through the
  management API writes one row in the same transaction as the change, so a change
  without its row cannot be committed;
- the actor is a Telegram user (`tg:<id>`) or an API credential (`api:master`,
  `api:tenant`); the target names the object (`tenant:7`, `plan:3`, `feature:card_to_card`);
- `before` and `after` are short human summaries, never secrets (tokens, card numbers
  and keys are summarised, not copied), cut to `SUMMARY_MAX` characters;
- a row belongs to the tenant it concerns (`bot_id`); platform-wide actions (a
  broadcast to every tenant's admins) have none and only the master reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from src.core.errors import ValidationError
from src.core.ids import TenantId

SUMMARY_MAX = 500
NAME_MAX = 100


def telegram_actor(telegram_id: int) -> str:
    return f"tg:{telegram_id}"


API_MASTER = "api:master"
API_TENANT = "api:tenant"


def _cut(text: str | None) -> str | None:
    if text is None:
        return None
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """A change to record. `tenant_id` None: a platform-wide action."""

    tenant_id: TenantId | None
    actor: str
    action: str
    target: str
    before: str | None = None
    after: str | None = None

    def __post_init__(self) -> None:
        for name in ("actor", "action", "target"):
            value = getattr(self, name)
            if not value or len(value) > NAME_MAX:
                raise ValidationError(f"{name} must be 1-{NAME_MAX} characters", field=name)
        object.__setattr__(self, "before", _cut(self.before))
        object.__setattr__(self, "after", _cut(self.after))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    tenant_id: TenantId | None
    actor: str
    action: str
    target: str
    before: str | None
    after: str | None
    created_at: datetime
