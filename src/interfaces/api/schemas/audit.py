"""Audit trail schemas (docs/api.md, "Audit")."""

from __future__ import annotations

from datetime import datetime

import msgspec

from src.application.audit.audit_trail import AuditPage
from src.core.audit import AuditEntry


class AuditEntryOut(msgspec.Struct):
    """One change: who (`tg:<telegram id>`, `api:master`, `api:tenant`), what, to which
    object, and short summaries of before and after. `tenant_id` null: platform-wide."""

    id: int
    tenant_id: int | None
    actor: str
    action: str
    target: str
    before: str | None
    after: str | None
    created_at: datetime

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryOut:
        return cls(e.id, e.tenant_id, e.actor, e.action, e.target, e.before, e.after, e.created_at)


class AuditPageOut(msgspec.Struct):
    items: list[AuditEntryOut]
    total: int

    @classmethod
    def of(cls, page: AuditPage) -> AuditPageOut:
        return cls([AuditEntryOut.of(e) for e in page.items], page.total)
