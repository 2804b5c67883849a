"""Schemas of a tenant's own wording of a bot text (docs/i18n.md#per-tenant-overrides)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from src.interfaces.api.schemas.common import Input

Source = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=8000,
        description="the message in Fluent syntax: { $name } for a variable, select "
        "expressions for plurals; Telegram HTML (values are escaped when inserted)",
    ),
]


class TextIn(Input):
    text: Source


class TextOut(msgspec.Struct):
    """The text the bot uses (`text`), whether it is the tenant's own, and the default."""

    language: str
    key: str
    text: str
    overridden: bool
    default: str
    variables: list[str]
    limit: int
