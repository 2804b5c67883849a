"""The control interface over HTTP, under ``/_control/``, with JSON bodies, so that
another process (a terminal chat client, a demo script) can play the users.

Bots are referred to by id, username or token. Errors answer 400 (misuse),
404 (unknown route) or 408 (nothing arrived in time) with ``{"error": ...}``."""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import SimulatorError

if TYPE_CHECKING:
    from .simulator import BotApiSimulator

JsonHandler = Callable[[dict[str, Any]], Awaitable[Any]]
PREFIX = "/_control"


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(data, ensure_ascii=False, default=_default),
        status=status,
        content_type="application/json",
    )


def _default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _endpoint(handler: JsonHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def run(request: web.Request) -> web.Response:
        body: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            try:
                data = await request.json()
            except ValueError:
                return _json({"error": "the body must be a JSON object"}, 400)
            if not isinstance(data, dict):
                return _json({"error": "the body must be a JSON object"}, 400)
            body.update(data)
        try:
            return _json(await handler(body))
        except TimeoutError as exc:
            return _json({"error": str(exc)}, 408)
        except (SimulatorError, KeyError, TypeError, ValueError) as exc:
            return _json({"error": f"{type(exc).__name__}: {exc}"}, 400)

    return run


def _int(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    return None if value is None or value == "" else int(value)


def _bot(body: dict[str, Any]) -> str | int:
    ref = body["bot"]
    return ref if isinstance(ref, int) else str(ref)


def control_routes(sim: BotApiSimulator) -> list[web.RouteDef]:
    async def add_bot(b: dict[str, Any]) -> Any:
        sim.add_bot(
            b["token"],
            bot_id=_int(b, "bot_id"),
            username=b.get("username"),
            first_name=b.get("first_name"),
        )
        return {"ok": True}

    async def list_bots(b: dict[str, Any]) -> Any:
        return sim.bots()

    async def add_user(b: dict[str, Any]) -> Any:
        sim.add_user(
            int(b["user_id"]),
            first_name=b.get("first_name"),
            username=b.get("username"),
            language_code=b.get("language_code"),
            started_bots=b.get("started_bots") or (),
        )
        return {"ok": True}

    async def add_chat(b: dict[str, Any]) -> Any:
        sim.add_chat(
            int(b["chat_id"]),
            b.get("type", "supergroup"),
            b.get("title"),
            bool(b.get("is_forum")),
            username=b.get("username"),
        )
        return {"ok": True}

    async def text(b: dict[str, Any]) -> Any:
        update_id = sim.send_text(
            _bot(b),
            int(b["user_id"]),
            str(b["text"]),
            first_name=b.get("first_name"),
            username=b.get("username"),
            language_code=b.get("language_code"),
            chat_id=_int(b, "chat_id"),
            message_thread_id=_int(b, "message_thread_id"),
        )
        return {"update_id": update_id}

    async def button(b: dict[str, Any]) -> Any:
        update_id = sim.press_button(
            _bot(b),
            int(b["user_id"]),
            int(b["message_id"]),
            str(b["callback_data"]),
            chat_id=_int(b, "chat_id"),
            force=bool(b.get("force")),
        )
        return {"update_id": update_id}

    async def photo(b: dict[str, Any]) -> Any:
        extra: dict[str, Any] = {}
        if b.get("content_base64"):
            try:
                extra["content"] = base64.b64decode(str(b["content_base64"]), validate=True)
            except binascii.Error as exc:
                raise ValueError("content_base64 is not base64") from exc
        update_id = sim.send_photo(
            _bot(b), int(b["user_id"]), b.get("caption"), chat_id=_int(b, "chat_id"), **extra
        )
        return {"update_id": update_id}

    async def pay(b: dict[str, Any]) -> Any:
        return await sim.pay_invoice(
            _bot(b),
            int(b["user_id"]),
            int(b["message_id"]),
            chat_id=_int(b, "chat_id"),
            timeout=float(b.get("timeout") or 5.0),
        )

    async def callback_answer(b: dict[str, Any]) -> Any:
        """The bot's answer to a press (``update_id``), awaited up to ``timeout``."""
        update_id, timeout = int(b["update_id"]), float(b.get("timeout") or 0)
        if timeout > 0:
            return await sim.wait_callback_answer(_bot(b), update_id, timeout)
        return sim.callback_answer(_bot(b), update_id)

    async def payment(b: dict[str, Any]) -> Any:
        update_id = sim.send_successful_payment(
            _bot(b),
            int(b["user_id"]),
            str(b["currency"]),
            int(b["total_amount"]),
            str(b["invoice_payload"]),
            b.get("telegram_payment_charge_id"),
        )
        return {"update_id": update_id}

    async def pre_checkout(b: dict[str, Any]) -> Any:
        query_id = sim.send_pre_checkout_query(
            _bot(b),
            int(b["user_id"]),
            str(b["currency"]),
            int(b["total_amount"]),
            str(b["invoice_payload"]),
        )
        return {"query_id": query_id}

    async def pre_checkout_answer(b: dict[str, Any]) -> Any:
        timeout = float(b.get("timeout") or 0)
        if timeout > 0:
            return await sim.wait_pre_checkout_answer(str(b["query_id"]), timeout)
        return sim.pre_checkout_answer(str(b["query_id"]))

    async def raw(b: dict[str, Any]) -> Any:
        return {"update_id": sim.inject_raw(_bot(b), b["update"])}

    async def messages(b: dict[str, Any]) -> Any:
        """Messages after ``since`` (a seq); with ``timeout`` waits for the first one."""
        chat_id, since = _int(b, "chat_id"), _int(b, "since") or 0
        timeout = float(b.get("timeout") or 0)
        found = [m for m in sim.sent_messages(_bot(b), chat_id) if m.seq > since]
        if not found and timeout > 0:
            with contextlib.suppress(TimeoutError):
                await sim.wait_for_message(_bot(b), chat_id, timeout=timeout, since=since)
            found = [m for m in sim.sent_messages(_bot(b), chat_id) if m.seq > since]
        return {"messages": found, "last_seq": found[-1].seq if found else since}

    async def wait_message(b: dict[str, Any]) -> Any:
        needle = b.get("text_contains")
        return await sim.wait_for_message(
            _bot(b),
            _int(b, "chat_id"),
            (lambda m: needle in (m.text or "")) if needle else None,
            timeout=float(b.get("timeout") or 5.0),
            since=_int(b, "since"),
        )

    async def calls(b: dict[str, Any]) -> Any:
        return sim.calls(_bot(b), b.get("method"))

    async def deliveries(b: dict[str, Any]) -> Any:
        return sim.webhook_deliveries(_bot(b))

    async def clear(b: dict[str, Any]) -> Any:
        sim.clear(_bot(b) if b.get("bot") is not None else None)
        return {"ok": True}

    async def fault(b: dict[str, Any]) -> Any:
        kind = b["kind"]
        if kind == "fail_token":
            sim.fail_token(_bot(b), int(b.get("error_code") or 401))
        elif kind == "rate_limit":
            sim.rate_limit(
                _bot(b), str(b["method"]), int(b["retry_after"]), int(b.get("times") or 1)
            )
        elif kind == "block_chat":
            sim.block_chat(_bot(b) if b.get("bot") is not None else None, int(b["chat_id"]))
        elif kind == "unblock_chat":
            sim.unblock_chat(_bot(b) if b.get("bot") is not None else None, int(b["chat_id"]))
        elif kind == "network_fail":
            sim.network_fail(_bot(b), int(b.get("times") or 1))
        elif kind == "clear":
            sim.clear_faults()
        else:
            raise SimulatorError(f"unknown fault {kind!r}")
        return {"ok": True}

    posts: dict[str, JsonHandler] = {
        "bots": add_bot,
        "users": add_user,
        "chats": add_chat,
        "updates/text": text,
        "updates/button": button,
        "updates/photo": photo,
        "updates/successful_payment": payment,
        "updates/pre_checkout_query": pre_checkout,
        "updates/raw": raw,
        "pay": pay,
        "wait_for_message": wait_message,
        "clear": clear,
        "faults": fault,
    }
    gets: dict[str, JsonHandler] = {
        "bots": list_bots,
        "messages": messages,
        "calls": calls,
        "webhook_deliveries": deliveries,
        "pre_checkout_answer": pre_checkout_answer,
        "callback_answer": callback_answer,
    }
    routes = [web.post(f"{PREFIX}/{path}", _endpoint(h)) for path, h in posts.items()]
    routes += [web.get(f"{PREFIX}/{path}", _endpoint(h)) for path, h in gets.items()]
    return routes
