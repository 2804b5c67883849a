"""Leases that spread work over several `fleet serve` workers (docs/deployment.md).

Platform-scoped, not tenant-owned: a row names a piece of work (`bot:42`, `job:billing`,
`worker:<id>`), who holds it and until when. No `bot_id` column, so no row-level policy.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from src.infrastructure.persistence.models import Base


class LeaseModel(Base):
    __tablename__ = "leases"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    runs: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
