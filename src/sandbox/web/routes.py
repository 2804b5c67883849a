"""The web sandbox (docs/sandbox.md): a Telegram-like page over the Bot API simulator and
a page over the panel simulator, served by `fleet serve` in sandbox mode only.

Everything a user does goes through the simulator as a real Telegram user would (the
bot answers through its real handlers); the page follows each chat over Server-Sent
Events fed by the simulator's change hook, never by polling."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import msgspec
from litestar import Request, Response, Router, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import State, UploadFile
from litestar.enums import MediaType, RequestEncodingType
from litestar.exceptions import PermissionDeniedException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.params import Body, FromPath, JSONBody
from litestar.response import File, ServerSentEvent, ServerSentEventMessage
from litestar.static_files import create_static_files_router

from src.infrastructure.container import Container
from src.interfaces.api.requests import ApiRequest
from src.sandbox.demo import tenants
from src.sandbox.remnawave.rules import PanelFailure
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import BotApiSimulator, SimulatorError

STATIC = Path(__file__).parent / "static"
PREFIX = "/sandbox"
HTML = MediaType.HTML
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle stream
ANSWER_WAIT = 5.0  # how long a press or a payment waits for the bot's answer
MAX_PHOTO = 5 * 1024 * 1024
Int64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
Text = Annotated[str, msgspec.Meta(max_length=4096)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Language = Annotated[str, msgspec.Meta(max_length=8)]

# the panel's failure modes: what each switch does to the simulated panel
PANEL_MODES: dict[str, Callable[[RemnawaveSimulator], None]] = {
    "ok": lambda panel: panel.recover(),
    "down": lambda panel: panel.fail_all(503),
    "slow": lambda panel: panel.timeout_next(10**9, 4.0),
    "refusing": lambda panel: panel.fail_all(400),
}


class Actor(msgspec.Struct, forbid_unknown_fields=True):
    """Who acts where: a bot, a chat of it and the Telegram user (any id, name, language)."""

    bot: Int64
    chat: Int64
    user: Int64
    name: Name = "User"
    language: Language = "en"


class SendText(Actor, kw_only=True):
    text: Text


class Press(Actor, kw_only=True):
    message_id: Int64
    data: Annotated[str, msgspec.Meta(max_length=64)]


class Pay(Actor, kw_only=True):
    message_id: Int64


@dataclass
class PhotoForm:
    bot: str
    chat: str
    user: str
    file: UploadFile
    name: str = "User"
    language: str = "en"
    caption: str = ""


class AddTraffic(msgspec.Struct, forbid_unknown_fields=True):
    user_id: Int64
    gib: Annotated[int, msgspec.Meta(ge=1, le=1024)] = 1


class PanelMode(msgspec.Struct, forbid_unknown_fields=True):
    mode: str


def _int64(raw: str, field: str) -> int:
    try:
        return msgspec.json.decode(raw.encode(), type=Int64)
    except (msgspec.ValidationError, msgspec.DecodeError):
        raise ValidationException(f"{field} must be an integer id") from None


def message_view(message: dict[str, Any], bot_id: int) -> dict[str, Any]:
    """What the page draws of one message."""
    sender = message.get("from") or {}
    photo = message.get("photo") or []
    paid = message.get("successful_payment")
    text = message.get("text") or message.get("caption") or ""
    if paid:
        text = f"Paid {paid['total_amount']} {paid['currency']}"
    elif "document" in message:
        text = f"[{message['document'].get('file_name', 'document')}] {text}".strip()
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return {
        "id": message["message_id"],
        "mine": sender.get("id") != bot_id,
        "sender": sender.get("first_name", ""),
        "text": text,
        "photo": photo[-1]["file_id"] if photo else None,
        "invoice": message.get("invoice"),
        "edited": "edit_date" in message,
        "buttons": [
            [
                {k: b[k] for k in ("text", "callback_data", "url", "pay") if k in b}
                for b in row
                if isinstance(b, dict)
            ]
            for row in rows
        ],
    }


@dataclass
class WebSandbox:
    """The two simulators and what the reset button runs."""

    telegram: BotApiSimulator
    panel: RemnawaveSimulator | None
    reset: Callable[[Container], Awaitable[None]]
    panel_mode: str = "ok"

    def chat_view(self, bot: int, chat: int) -> list[dict[str, Any]]:
        return [message_view(m, bot) for m in self.telegram.chat_history(bot, chat)]

    def act_as(self, actor: Actor) -> None:
        """The user exists with the profile the page gave (name, language)."""
        self.telegram.add_user(actor.user, first_name=actor.name, language_code=actor.language)

    def group(self, actor: Actor) -> int | None:
        """The chat_id to inject with: None for the private chat with the user."""
        return None if actor.chat == actor.user else actor.chat

    async def stream(self, bot: int, chat: int) -> AsyncGenerator[ServerSentEventMessage]:
        wake = asyncio.Event()
        unsubscribe = self.telegram.subscribe(wake.set)
        try:
            last: str | None = None
            while True:
                wake.clear()
                snapshot = json.dumps({"chat": chat, "messages": self.chat_view(bot, chat)})
                if snapshot != last:
                    last = snapshot
                    yield ServerSentEventMessage(data=snapshot, event="chat")
                try:
                    await asyncio.wait_for(wake.wait(), HEARTBEAT)
                except TimeoutError:
                    yield ServerSentEventMessage(comment="keep-alive")
        finally:
            unsubscribe()

    def panel_view(self) -> dict[str, Any]:
        if self.panel is None:
            return {"mode": None, "users": []}
        users = [
            {
                "id": u.id,
                "username": u.username,
                "tag": u.tag,
                "status": u.status,
                "expire_at": u.expire_at.isoformat(timespec="minutes"),
                "used_bytes": u.user_traffic.used_traffic_bytes,
                "limit_bytes": u.traffic_limit_bytes,
                "devices": u.hwid_device_limit,
            }
            for u in self.panel.users()
        ]
        return {"mode": self.panel_mode, "users": users}


def _simulator_errors(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status = 408 if isinstance(exc, TimeoutError) else 400
    return Response({"error": str(exc)}, status_code=status)


def same_origin_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """The routes carry no credential, so another web site open in the same browser
    could post to them (a form or a text/plain fetch needs no CORS preflight) and
    press buttons or reset every tenant. Browsers name the page that sent a POST in
    `Origin`: one from another host is refused. Clients without `Origin` (the terminal
    chat, scripts) are local callers and pass."""
    if connection.scope.get("method") in ("GET", "HEAD"):
        return
    origin = connection.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != connection.headers.get("host"):
        raise PermissionDeniedException("the sandbox answers its own pages only")


def sandbox_router(web: WebSandbox) -> Router:
    """Every route of the web sandbox, under /sandbox."""

    @get("/", include_in_schema=False, sync_to_thread=False)
    def page() -> File:
        return File(STATIC / "index.html", content_disposition_type="inline", media_type=HTML)

    @get("/panel", include_in_schema=False, sync_to_thread=False)
    def panel_page() -> File:
        return File(STATIC / "panel.html", content_disposition_type="inline", media_type=HTML)

    @get("/api/bots", include_in_schema=False)
    async def bots(state: State) -> list[dict[str, Any]]:
        container: Container = state.container
        known = {b["id"] for b in web.telegram.bots()}
        found = []
        for shop in await tenants(container):
            if shop.telegram_bot_id not in known:
                continue
            admin = shop.admin_chat.chat_id if shop.admin_chat else None
            found.append(
                {
                    "id": shop.telegram_bot_id,
                    "tenant_id": shop.id,
                    "name": shop.name,
                    "username": shop.username,
                    "is_master": shop.is_master,
                    "status": shop.status.value,
                    "admin_chat": admin,
                    "admin_chat_title": web.telegram.chat_title(admin) if admin else None,
                }
            )
        return found

    @get("/api/stream", include_in_schema=False, sync_to_thread=False)
    def stream(bot: Int64, chat: Int64) -> ServerSentEvent:
        web.telegram.chat_history(bot, chat)  # an unknown bot answers 400 here, not mid-stream
        return ServerSentEvent(web.stream(bot, chat))

    @post("/api/send", include_in_schema=False, sync_to_thread=False)
    def send(data: JSONBody[SendText]) -> dict[str, Any]:
        web.act_as(data)
        update = web.telegram.send_text(data.bot, data.user, data.text, chat_id=web.group(data))
        return {"update_id": update}

    @post("/api/press", include_in_schema=False)
    async def press(data: JSONBody[Press]) -> dict[str, Any]:
        web.act_as(data)
        update = web.telegram.press_button(
            data.bot, data.user, data.message_id, data.data, chat_id=web.group(data)
        )
        try:
            answer = await web.telegram.wait_callback_answer(data.bot, update, ANSWER_WAIT)
        except TimeoutError:
            return {"answer": None}
        return {"answer": {"text": answer.text, "show_alert": answer.show_alert}}

    @post("/api/photo", include_in_schema=False)
    async def photo(
        data: Annotated[PhotoForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> dict[str, Any]:
        content = await data.file.read()
        if not content or len(content) > MAX_PHOTO:
            raise ValidationException("the photo must be 1 byte to 5 MiB")
        actor = Actor(
            _int64(data.bot, "bot"),
            _int64(data.chat, "chat"),
            _int64(data.user, "user"),
            data.name[:64] or "User",
            data.language[:8],
        )
        web.act_as(actor)
        update = web.telegram.send_photo(
            actor.bot,
            actor.user,
            data.caption[:1024] or None,
            content=content,
            chat_id=web.group(actor),
        )
        return {"update_id": update}

    @post("/api/pay", include_in_schema=False)
    async def pay(data: JSONBody[Pay]) -> dict[str, Any]:
        web.act_as(data)
        answer = await web.telegram.pay_invoice(
            data.bot, data.user, data.message_id, chat_id=data.chat, timeout=ANSWER_WAIT
        )
        return {"ok": answer.ok, "error": answer.error_message}

    @get("/api/file/{file_id:str}", include_in_schema=False, sync_to_thread=False)
    def file(file_id: FromPath[str]) -> Response[bytes]:
        content = web.telegram.file_content(file_id)
        if content is None:
            return Response(b"", status_code=404)
        return Response(content, media_type="image/jpeg")

    @post("/api/reset", include_in_schema=False)
    async def reset(state: State) -> dict[str, Any]:
        await web.reset(state.container)
        return {"ok": True}

    @get("/api/panel", include_in_schema=False, sync_to_thread=False)
    def panel_state() -> dict[str, Any]:
        return web.panel_view()

    @post("/api/panel/traffic", include_in_schema=False, sync_to_thread=False)
    def add_traffic(data: JSONBody[AddTraffic]) -> dict[str, Any]:
        if web.panel is None:
            raise SimulatorError("this sandbox uses a real panel")
        try:
            web.panel.add_traffic(data.user_id, data.gib * 1024**3)
        except PanelFailure as exc:
            raise SimulatorError(exc.message) from None
        return web.panel_view()

    @post("/api/panel/mode", include_in_schema=False, sync_to_thread=False)
    def panel_mode(data: JSONBody[PanelMode]) -> dict[str, Any]:
        switch = PANEL_MODES.get(data.mode)
        if web.panel is None or switch is None:
            raise ValidationException(f"mode must be one of {sorted(PANEL_MODES)}")
        web.panel.recover()
        switch(web.panel)
        web.panel_mode = data.mode
        return web.panel_view()

    return Router(
        path=PREFIX,
        route_handlers=[
            page,
            panel_page,
            bots,
            stream,
            send,
            press,
            photo,
            pay,
            file,
            reset,
            panel_state,
            add_traffic,
            panel_mode,
            create_static_files_router(
                path="/static", directories=[STATIC], include_in_schema=False
            ),
        ],
        exception_handlers={SimulatorError: _simulator_errors, TimeoutError: _simulator_errors},
        include_in_schema=False,
        guards=[same_origin_only],
        request_class=ApiRequest,  # bodies decoded as the API's: too deep is a 422, not a 500
    )
