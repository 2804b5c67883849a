"""In-memory twin of the master admins (kept equal by tests/contract)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from src.infrastructure.memory.store import MemoryData


class InMemoryMasterAdminRepository:
    def __init__(self, data: Callable[[], MemoryData]) -> None:
        self._data = data

    async def all(self) -> Sequence[int]:
        return list(self._data().master_admins)

    async def add(self, telegram_id: int, added_by: str, now: datetime) -> bool:
        admins = self._data().master_admins
        if telegram_id in admins:
            return False
        admins[telegram_id] = added_by
        return True

    async def remove(self, telegram_id: int) -> bool:
        return self._data().master_admins.pop(telegram_id, None) is not None
