from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Current time, always timezone-aware UTC. Tests use a controllable twin."""

    def now(self) -> datetime: ...
