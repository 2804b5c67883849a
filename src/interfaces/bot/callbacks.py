"""Callback data of every inline button the shop sends (parsed, never trusted for rights)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCb(CallbackData, prefix="m"):
    action: str  # home, buy, sub, trial, balance, ref, promo, support, lang


class PlanCb(CallbackData, prefix="p"):
    plan_id: int


class BuyCb(CallbackData, prefix="b"):
    plan_id: int
    nonce: str  # one purchase per confirmation shown (a double press buys once)
    offer: str  # the `Plan.offer` confirmed: a plan changed since is not bought on it


class LangCb(CallbackData, prefix="l"):
    code: str


class TopUpCb(CallbackData, prefix="tu"):
    action: str  # menu, card, stars, cancel
    plan_id: int = 0  # the plan the user was short for, bought once the top-up is credited


class ReceiptCb(CallbackData, prefix="rc"):
    """A receipt's buttons in the admin chat: only the payment id; the tenant is the
    bot that receives the press, so another tenant's id is simply not found."""

    action: str  # ok (approve), no (reject), info (details)
    payment_id: int
