"""The bot's one error path: every handler lets a `DomainError` rise to here.

- a `DomainError` is a refusal: its words and where they show come from the one
  table (`views/refusals.py`), in the user's language and for the update's audience
  (`audience.py`);
- to a shopper: a flow in progress (FSM) ends; a press's message becomes the refusal
  with a way back, and the refusal is the press's alert too (so a client that shows no
  alerts still sees it in the chat); a message gets the refusal as a reply; an admin's
  receipt card (`Show.ALERT`) stays;
- to an admin in a console: the screen stays and a press gets an alert; a typed
  conversation step gets the refusal as a reply with the console's way back, and the
  conversation stays at that step, so the admin simply types again;
- anything else is a defect: logged with the tenant id, a generic reply, no internals.

Handlers catch a `DomainError` only to do something else than refuse (offer a top-up
on NotEnoughBalance, show the new deal on PlanChanged, ask for a receipt again):
docs/architecture.md, "How an error reaches the user".
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ErrorEvent, Message, Update

from src.core.errors import DomainError
from src.core.tenancy.tenant import Tenant
from src.interfaces.bot.audience import Audience, Scene
from src.interfaces.bot.editing import edit_text
from src.interfaces.bot.i18n import TextContext, rendering_for, t
from src.interfaces.bot.services import ShopServices
from src.interfaces.bot.views.refusals import Show, refusal_of, refusal_text
from src.interfaces.bot.views.shop import back

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, **data: Any) -> bool:
    tenant: Tenant | None = data.get("tenant")
    exc = event.exception
    if not isinstance(exc, DomainError):
        log.error(
            "handler failed",
            exc_info=exc,
            extra={"tenant_id": getattr(tenant, "id", None)},
        )
    lang = await _language(tenant, data)
    context = data.get("text_context")  # the tenant's own texts and calendar (texts.py)
    try:
        with rendering_for(context) if isinstance(context, TextContext) else nullcontext():
            scene = data.get("scene")
            if not isinstance(scene, Scene):
                scene = Scene()
            if not isinstance(exc, DomainError):
                await _refuse(event.update, scene, t(lang, "common.error"), Show.ALERT, lang)
            elif scene.audience is Audience.CONSOLE:
                await _refuse(
                    event.update, scene, refusal_text(lang, exc, scene.audience), Show.ALERT, lang
                )
            else:
                state: FSMContext | None = data.get("state")
                if state is not None:
                    await state.clear()
                show = refusal_of(exc).show
                await _refuse(event.update, scene, refusal_text(lang, exc), show, lang)
    except Exception:
        log.warning("could not tell the user about an error", exc_info=True)
    return True


async def _language(tenant: Tenant | None, data: dict[str, Any]) -> str:
    if tenant is None:
        return "en"
    user = data.get("event_from_user")
    shop: ShopServices | None = data.get("shop")
    if user is None or shop is None:
        return tenant.default_language
    try:
        return await shop.language(tenant, user.id)
    except Exception:  # the refusal still goes out, in the shop's language
        log.warning("user language unavailable", extra={"tenant_id": tenant.id})
        return tenant.default_language


async def _refuse(update: Update, scene: Scene, text: str, show: Show, lang: str) -> None:
    if update.callback_query is not None:
        query = update.callback_query
        if show is Show.CHAT:
            await _in_chat(query, lang, text)
        await query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text, reply_markup=scene.way_back(lang))
    elif update.pre_checkout_query is not None:
        await update.pre_checkout_query.answer(ok=False, error_message=text)


async def _in_chat(query: CallbackQuery, lang: str, text: str) -> None:
    """The pressed message becomes the refusal; a message without text (a photo, an
    invoice) or an inaccessible one: a new message."""
    if isinstance(query.message, Message) and query.message.text is not None:
        await edit_text(query.message, text, back(lang))
    elif query.message is not None and query.bot is not None:
        await query.bot.send_message(query.message.chat.id, text, reply_markup=back(lang))
