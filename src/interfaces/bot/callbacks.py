"""Callback data of every inline button the shop sends (parsed, never trusted for rights).

A press whose data does not parse (an id outside 1..2^63-1, a negative or garbage
value, a forged prefix) matches no handler and gets the polite "this button is out
of date" (handlers/basic.py), never a database error.
"""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from src.core.ids import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class MenuCb(CallbackData, prefix="m"):
    action: str  # home, buy, sub, trial, balance, ref, promo, support, lang


class PlanCb(CallbackData, prefix="p"):
    plan_id: Id


class BuyCb(CallbackData, prefix="b"):
    plan_id: Id
    nonce: str  # one purchase per confirmation shown (a double press buys once)
    offer: str  # the `Plan.offer` confirmed: a plan changed since is not bought on it


class LangCb(CallbackData, prefix="l"):
    code: str


class SubCb(CallbackData, prefix="s"):
    """The subscription screen's buttons (docs/shop.md#my-subscription); they carry no
    ids: the subscription is always the pressing user's own."""

    action: str  # qr, guide, history, renew, auto
    platform: str = ""  # guide: ios, android, windows, macos


class TopUpCb(CallbackData, prefix="tu"):
    action: str  # menu, card, stars, yookassa, cryptopay, cancel
    # the plan the user was short for, bought once the top-up is credited (0: none)
    plan_id: Annotated[int, Field(ge=0, le=MAX_ID)] = 0


class ReceiptCb(CallbackData, prefix="rc"):
    """A receipt's buttons in the admin chat: only the payment id; the tenant is the
    bot that receives the press, so another tenant's id is simply not found."""

    action: str  # ok (approve), no (reject), info (details)
    payment_id: Id


class SupportCb(CallbackData, prefix="sp"):
    """The user's support buttons: the ticket id is looked up among the presser's own
    tickets of this tenant, so another user's or tenant's id is simply not found."""

    action: str  # list, new, view, add, close
    ticket_id: Annotated[int, Field(ge=0, le=MAX_ID)] = 0  # 0: none (list, new)
