"""``BotApiSimulator``: a local Telegram Bot API server for tests and the offline demo."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from .control import control_routes
from .errors import SimulatorError
from .inject import InjectionMixin
from .records import CallRecord, SentMessage, WebhookDelivery
from .server import HttpServer
from .state import BotState
from .webhook import WebhookDeliverer
from .world import BotRef, MessagePredicate, MessageWaiter, World


class BotApiSimulator(InjectionMixin):
    """Speaks the Bot API on ``/bot{token}/{method}``; a test drives the users' side
    with the injection methods (or over HTTP under ``/_control/``) and asserts on
    the recorded calls and sent messages. Nothing ever reaches the real Telegram."""

    def __init__(
        self,
        *,
        record_cap: int = 10_000,
        webhook_retry_delays: Sequence[float] = (0.05, 0.2, 0.5),
        webhook_timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
        auto_register_bots: bool = False,
    ) -> None:
        self._world = World(record_cap=record_cap, clock=clock)
        # the sandbox accepts any well-formed new token, so tenants can be created freely
        self._world.auto_register = auto_register_bots
        self._deliverer = WebhookDeliverer(
            self._world, retry_delays=webhook_retry_delays, timeout=webhook_timeout
        )
        self._world.on_update = self._kick_webhook
        self._server = HttpServer(self._world, control_routes(self))

    # -- lifecycle ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server (for ``TelegramAPIServer.from_base``)."""
        if self._server.base_url is None:
            raise SimulatorError("the simulator is not running")
        return self._server.base_url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0 = an ephemeral port); returns the base URL."""
        self._deliverer.reopen()
        return await self._server.start(host, port)

    async def stop(self) -> None:
        await self._deliverer.close()
        await self._server.stop()

    async def run_forever(self, host: str = "127.0.0.1", port: int = 8081) -> None:
        await self.start(host, port)
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def __aenter__(self) -> BotApiSimulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- bots -----------------------------------------------------------------------

    def add_bot(
        self,
        token: str,
        *,
        bot_id: int | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> None:
        """Register a bot; ``token`` is ``{bot_id}:{secret}`` as Telegram issues them."""
        if bot_id is None:
            bot_id = int(token.partition(":")[0]) if token.partition(":")[0].isdigit() else -1
        self._world.add_bot(
            token, bot_id, username or f"sim{bot_id}_bot", first_name or f"Bot {bot_id}"
        )

    def bots(self) -> list[dict[str, Any]]:
        """Registered bots (without their tokens)."""
        return [
            {**bot.user_dict(), "webhook_url": bot.webhook.url if bot.webhook else None}
            for bot in self._world.bots_by_id.values()
        ]

    def _kick_webhook(self, bot: BotState) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop: delivered by the next flush_webhook() or update
        self._deliverer.kick(bot)

    # -- records --------------------------------------------------------------------

    def calls(self, bot: BotRef, method: str | None = None) -> list[CallRecord]:
        """Every Bot API call of the bot (``method`` compared case-insensitively)."""
        records = self._world.bot(bot).calls
        if method is None:
            return list(records)
        wanted = method.lower()
        return [r for r in records if r.method.lower() == wanted]

    def sent_messages(self, bot: BotRef, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent and new states of those it edited, oldest first."""
        outgoing = self._world.bot(bot).outgoing
        return [m for m in outgoing if chat_id is None or m.chat_id == chat_id]

    def last_message(self, bot: BotRef, chat_id: int | None = None) -> SentMessage | None:
        sent = self.sent_messages(bot, chat_id)
        return sent[-1] if sent else None

    def webhook_deliveries(self, bot: BotRef) -> list[WebhookDelivery]:
        return list(self._world.bot(bot).deliveries)

    def is_polling(self, bot: BotRef) -> bool:
        """True while a getUpdates of the bot is parked waiting for an update."""
        return self._world.bot(bot).wakeup is not None

    def max_concurrent_polls(self, bot: BotRef) -> int:
        """The most getUpdates calls of the bot ever open at once (Telegram allows 1)."""
        return self._world.bot(bot).max_polls_in_flight

    def pending_updates(self, bot: BotRef) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates nor delivered to the webhook."""
        return list(self._world.bot(bot).pending)

    async def flush_webhook(self, bot: BotRef) -> bool:
        """Try to deliver pending updates to the webhook now; True if none remain."""
        return await self._deliverer.flush(self._world.bot(bot))

    def clear(self, bot: BotRef | None = None) -> None:
        """Forget recorded calls, sent messages and webhook deliveries."""
        bots = [self._world.bot(bot)] if bot is not None else self._world.bots_by_id.values()
        for state in bots:
            state.clear_records()

    def mark(self) -> int:
        """A position in the message stream, for ``wait_for_message(since=...)``."""
        return self._world.last_seq

    async def wait_for_message(
        self,
        bot: BotRef,
        chat_id: int | None = None,
        predicate: MessagePredicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline is the point of this API
        *,
        since: int | None = None,
    ) -> SentMessage:
        """The first matching message the bot sends (or edits) in the chat after
        ``since`` — by default after both the last update injected into that chat
        and the last message this method returned for it — awaiting it if needed."""
        state = self._world.bot(bot)
        key = (state.bot_id, chat_id)
        after = since if since is not None else self._world.cursors.get(key, 0)
        waiter = MessageWaiter(
            chat_id, after, predicate, asyncio.get_running_loop().create_future()
        )
        found = self._earliest_match(state, waiter)
        if found is None:
            self._world.add_waiter(state.bot_id, waiter)
            try:
                found = await asyncio.wait_for(waiter.future, timeout)
            except TimeoutError:
                recent = [(m.chat_id, m.text) for m in self.sent_messages(bot, chat_id)[-5:]]
                raise TimeoutError(
                    f"bot {state.bot_id} sent no matching message to chat {chat_id} within "
                    f"{timeout}s; its latest there: {recent}"
                ) from None
            finally:
                self._world.remove_waiter(state.bot_id, waiter)
        self._world.cursors[key] = max(self._world.cursors.get(key, 0), found.seq)
        return found

    @staticmethod
    def _earliest_match(state: BotState, waiter: MessageWaiter) -> SentMessage | None:
        found: SentMessage | None = None
        for sent in reversed(state.outgoing):
            if sent.seq <= waiter.after_seq:
                break
            if waiter.matches(sent):
                found = sent
        return found

    # -- the live view (the web sandbox) ---------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every change (a message sent, edited, deleted or
        injected, a query answered); returns what unsubscribes it."""
        self._world.listeners.append(listener)
        return lambda: self._world.listeners.remove(listener)

    def chat_history(self, bot: BotRef, chat_id: int) -> list[dict[str, Any]]:
        """The chat as its members see it: every message from either side, edits
        applied, deleted ones gone, oldest first."""
        state = self._world.bot(bot)
        found = [m for (chat, _), m in state.messages.items() if chat == chat_id]
        return sorted(found, key=lambda m: int(m["message_id"]))

    def chat_title(self, chat_id: int) -> str | None:
        """The title of a group added with ``add_chat`` (None for any other chat)."""
        chat = self._world.chats.get(chat_id)
        return chat.title if chat is not None else None

    def file_content(self, file_id: str) -> bytes | None:
        """The bytes of a file sent either way (None when unknown or sent by URL)."""
        record = self._world.files.get(file_id)
        return record.content if record is not None else None

    def forget_chats(self) -> None:
        """Every bot forgets its conversations (the web sandbox's reset)."""
        for state in self._world.bots_by_id.values():
            state.clear_records()
            state.messages.clear()
            state.invoice_payloads.clear()
        self._world.changed()

    # -- faults ---------------------------------------------------------------------

    def fail_token(self, bot: BotRef, error_code: int = 401) -> None:
        """Every call with this token fails (401 "Unauthorized": a revoked token)."""
        self._world.faults.fail_token(self._world.bot(bot).bot_id, error_code)

    def rate_limit(self, bot: BotRef, method: str, retry_after: int, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` ("*" = any) get 429 with retry_after."""
        self._world.faults.rate_limit(self._world.bot(bot).bot_id, method, retry_after, times)

    def block_chat(self, bot: BotRef | None, chat_id: int) -> None:
        """The user blocked the bot (``bot=None``: every bot); sends get 403."""
        bot_id = None if bot is None or bot == "*" else self._world.bot(bot).bot_id
        self._world.faults.blocked.add((bot_id, chat_id))

    def unblock_chat(self, bot: BotRef | None, chat_id: int) -> None:
        bot_id = None if bot is None or bot == "*" else self._world.bot(bot).bot_id
        self._world.faults.blocked.discard((bot_id, chat_id))

    def network_fail(self, bot: BotRef, times: int = 1) -> None:
        """The next ``times`` calls of the bot lose their connection without an answer."""
        self._world.faults.network_fail(self._world.bot(bot).bot_id, times)

    def pending_network_drops(self, bot: BotRef) -> int:
        """How many of the bot's next calls ``network_fail`` will still drop."""
        return self._world.faults.network.get(self._world.bot(bot).bot_id, 0)

    def clear_faults(self) -> None:
        self._world.faults.clear()
