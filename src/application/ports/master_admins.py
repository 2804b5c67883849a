"""Port of the master admins added from the console (docs/master-console.md, "Rights").

The admins of `FLEET_MASTER_ADMIN_IDS` are configuration; these are stored rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol


class MasterAdminRepository(Protocol):
    async def all(self) -> Sequence[int]:
        """Telegram ids, in the order they were added."""
        ...

    async def add(self, telegram_id: int, added_by: str, now: datetime) -> bool:
        """False: already one."""
        ...

    async def remove(self, telegram_id: int) -> bool:
        """False: was none."""
        ...
