"""Partial updates: `KEEP` marks a field the caller did not send (PATCH semantics).

`None` is a value ("clear it"); `KEEP` means "leave it as it is".
"""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import Any


class Keep(Enum):
    KEEP = "keep"


KEEP = Keep.KEEP


def given(data: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of dataclass instance `data` that were sent, by name."""
    return {
        f.name: getattr(data, f.name)
        for f in fields(data)
        if f.name not in skip and getattr(data, f.name) is not KEEP
    }
