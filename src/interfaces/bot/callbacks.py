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


class LangCb(CallbackData, prefix="l"):
    code: str
