"""Who a refusal speaks to (docs/architecture.md, "How an error reaches the user").

A shopper and an admin in a console read different words for the same error (a
`NotFound` is "no longer on sale" in the shop, "this tenant no longer exists" in the
master console) and see them differently: a shopper's flow ends and the chat shows the
refusal with a way back; an admin's conversation step stays open and asks again, and a
console press answers with an alert while its screen stays.

Every update starts as the shop's (`SceneMiddleware`, outer). A console declares
itself once for its whole router (`console_router`): when one of its handlers is
chosen, the update's scene becomes the console's, so the one error handler
(`errors.py`) knows whom it answers without any handler catching anything.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from aiogram import Router
from aiogram.types import InlineKeyboardMarkup, TelegramObject

from src.interfaces.bot.views.shop import back

WayBack = Callable[[str], InlineKeyboardMarkup]
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class Audience(Enum):
    SHOP = "shop"
    CONSOLE = "console"


@dataclass(slots=True)
class Scene:
    """One per update, shared by reference from the outer middlewares to the handler
    and back to the error handler (aiogram copies the data dict per router level)."""

    audience: Audience = Audience.SHOP
    way_back: WayBack = back


class SceneMiddleware:
    """Outer middleware on every update: the shop's scene until a console claims it."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["scene"] = Scene()
        return await handler(event, data)


def console_router(router: Router, way_back: WayBack) -> Router:
    """Mark every message and press handled by `router` as a console's: its refusals
    use the console's words, keep the conversation, and offer `way_back(lang)`."""

    async def claim(handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        scene = data.get("scene")
        if isinstance(scene, Scene):
            scene.audience, scene.way_back = Audience.CONSOLE, way_back
        return await handler(event, data)

    router.message.middleware(claim)
    router.callback_query.middleware(claim)
    return router
