"""Shared field types of the request and response schemas."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.params import Parameter

from src.application.patch import KEEP
from src.core.ids import MAX_ID

MAX_INT32 = 2**31 - 1

Id = Annotated[int, Parameter(ge=1, le=MAX_ID)]
"""A path id: anything outside the bigint range cannot exist."""


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies: unknown fields are refused (422 naming the field)."""


def keep_unset(value: Any) -> Any:
    """msgspec's UNSET (field not sent) -> the use cases' KEEP."""
    return KEEP if value is msgspec.UNSET else value
