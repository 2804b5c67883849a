"""Callback data of the master console's buttons (docs/master-console.md).

Parsed, never trusted for rights: every console handler re-checks that the presser
is a master admin of the master bot, so a forged press from anyone else matches no
handler and gets the polite "out of date" of handlers/basic.py.
"""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from src.core.ids import MAX_ID

OptionalId = Annotated[int, Field(ge=0, le=MAX_ID)]
Page = Annotated[int, Field(ge=0, le=10**6)]
Amount = Annotated[int, Field(ge=0, le=10**12)]


class ConsoleCb(CallbackData, prefix="mc"):
    """`action`: home, list, card, ask, do, feats, feat, wallet, topup, topok, del,
    new, lang, skip, stats, audit, cancel. `arg`: the status filter of a list, the
    action confirmed (`activate`…), `key=1|0` of a feature, a chosen language, or
    the nonce of a top-up confirmation."""

    action: str
    tenant_id: OptionalId = 0
    page: Page = 0
    amount: Amount = 0
    arg: str = ""
