"""Injection of updates as a given user: text and commands, button presses,
photos, payments, raw updates. Mixed into ``BotApiSimulator``."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .errors import ButtonNotFoundError, SimulatorError
from .formatting import command_entities
from .markup import has_callback_button
from .media import photo_sizes, register_file
from .records import CallbackAnswer, PreCheckoutAnswer
from .state import BotState, ChatInfo, UserInfo
from .world import BotRef, World

T = TypeVar("T")
_PHOTO_BYTES = b"\xff\xd8\xff\xe0simulated-photo\xff\xd9"


class InjectionMixin:
    _world: World

    # -- people and places ----------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
        started_bots: Iterable[BotRef] = (),
    ) -> None:
        """Register a user; ``started_bots`` may message them without a /start first."""
        self._world.user(
            user_id,
            first_name=first_name,
            username=username,
            language_code=language_code,
            last_name=last_name,
        )
        for ref in started_bots:
            self._world.bot(ref).started_users.add(user_id)

    def add_chat(
        self,
        chat_id: int,
        type: str = "supergroup",
        title: str | None = None,
        is_forum: bool = False,
        *,
        username: str | None = None,
    ) -> None:
        """A group, supergroup (forum topics with ``is_forum``) or channel every bot is in."""
        if type not in {"group", "supergroup", "channel"} or chat_id >= 0:
            raise SimulatorError("add_chat takes a negative id and group/supergroup/channel")
        self._world.chats[chat_id] = ChatInfo(
            chat_id, type, title or f"Chat {chat_id}", is_forum and type == "supergroup", username
        )

    # -- updates --------------------------------------------------------------------

    def _from_user(
        self,
        bot: BotState,
        user_id: int,
        chat_id: int | None,
        thread_id: int | None,
        profile: dict[str, Any],
    ) -> tuple[UserInfo, dict[str, Any]]:
        """The user (profile updated) and a new message from them, stored by the bot."""
        user = self._world.user(user_id, **{k: v for k, v in profile.items() if v is not None})
        chat = self._world.chat_of(bot, user, chat_id)
        message = self._world.new_message(bot, chat, user.to_dict(), thread_id)
        return user, message

    @staticmethod
    def _reply_to(bot: BotState, message: dict[str, Any], reply_to: int | None) -> None:
        """Nest the replied message (one level, as Telegram does); it must exist."""
        if reply_to is None:
            return
        found = bot.message(message["chat"]["id"], reply_to)
        if found is None:
            raise SimulatorError(f"no message {reply_to} in chat {message['chat']['id']}")
        message["reply_to_message"] = {k: v for k, v in found.items() if k != "reply_to_message"}

    def forum_topics(self, chat_id: int) -> dict[int, str]:
        """The topics created in a forum chat: thread id -> name."""
        return dict(self._world.topics.get(chat_id, {}))

    def _enqueue_message(self, bot: BotState, message: dict[str, Any]) -> int:
        bot.store(message)
        self._world.mark_injected(bot, message["chat"]["id"])
        return self._world.enqueue(bot, {"message": message})

    def send_text(
        self,
        bot: BotRef,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        chat_id: int | None = None,
        message_thread_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """The user writes ``text`` (a /command gets its bot_command entity); with
        ``reply_to_message_id``, as a reply to that message of the chat."""
        state = self._world.bot(bot)
        profile = {"first_name": first_name, "username": username, "language_code": language_code}
        _, message = self._from_user(state, user_id, chat_id, message_thread_id, profile)
        self._reply_to(state, message, reply_to_message_id)
        message["text"] = text
        if entities := command_entities(text):
            message["entities"] = entities
        return self._enqueue_message(state, message)

    def send_photo(
        self,
        bot: BotRef,
        user_id: int,
        caption: str | None = None,
        *,
        content: bytes = _PHOTO_BYTES,
        chat_id: int | None = None,
        message_thread_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        media_group_id: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """The user sends a photo (its file can be fetched with getFile); photos sent with
        one ``media_group_id`` are an album (Telegram delivers each as its own update)."""
        state = self._world.bot(bot)
        profile = {"first_name": first_name, "username": username}
        _, message = self._from_user(state, user_id, chat_id, message_thread_id, profile)
        self._reply_to(state, message, reply_to_message_id)
        record = register_file(self._world, "photo", content)
        message["photo"] = photo_sizes(self._world, record)
        if caption:
            message["caption"] = caption
        if media_group_id:
            message["media_group_id"] = media_group_id
        return self._enqueue_message(state, message)

    def press_button(
        self,
        bot: BotRef,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        force: bool = False,
    ) -> int:
        """The user presses an inline button; refused unless the bot sent that button
        in that message to that chat (``force=True`` forges the press anyway)."""
        state = self._world.bot(bot)
        user = self._world.user(user_id)
        chat = self._world.chat_of(state, user, chat_id)
        message = state.message(chat["id"], message_id)
        sent_by_bot = message is not None and message["from"]["id"] == state.bot_id
        if not force and not (
            sent_by_bot and message and has_callback_button(message, callback_data)
        ):
            raise ButtonNotFoundError(
                f"bot {state.bot_id} has no button {callback_data!r} in message {message_id} "
                f"of chat {chat['id']}"
            )
        query_id = self._world.new_id()
        query: dict[str, Any] = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message or {"chat": chat, "message_id": message_id, "date": 0},
            "chat_instance": str(abs(hash((state.bot_id, chat["id"])))),
            "data": callback_data,
        }
        self._world.mark_injected(state, chat["id"])
        update_id = self._world.enqueue(state, {"callback_query": query})
        self._world.callback_queries[query_id] = (state.bot_id, update_id)
        return update_id

    def send_successful_payment(
        self,
        bot: BotRef,
        user_id: int,
        currency: str,
        total_amount: int,
        invoice_payload: str,
        telegram_payment_charge_id: str | None = None,
        *,
        provider_payment_charge_id: str | None = None,
    ) -> int:
        """Telegram's confirmation of a purchase, as a message with successful_payment."""
        state = self._world.bot(bot)
        _, message = self._from_user(state, user_id, None, None, {})
        charge_id = telegram_payment_charge_id or "stxsim" + secrets.token_hex(16)
        message["successful_payment"] = {
            "currency": currency,
            "total_amount": total_amount,
            "invoice_payload": invoice_payload,
            "telegram_payment_charge_id": charge_id,
            "provider_payment_charge_id": provider_payment_charge_id or "",
        }
        return self._enqueue_message(state, message)

    def send_pre_checkout_query(
        self, bot: BotRef, user_id: int, currency: str, total_amount: int, invoice_payload: str
    ) -> str:
        """Ask the bot to confirm a checkout; returns the query id to read its answer by."""
        state = self._world.bot(bot)
        user = self._world.user(user_id)
        state.started_users.add(user_id)
        query_id = self._world.new_id()
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "currency": currency,
            "total_amount": total_amount,
            "invoice_payload": invoice_payload,
        }
        self._world.pre_checkout_queries[query_id] = state.bot_id
        self._world.enqueue(state, {"pre_checkout_query": query})
        return query_id

    def inject_raw(self, bot: BotRef, update: dict[str, Any]) -> int:
        """Queue any update as given (its update_id, if any, is replaced)."""
        state = self._world.bot(bot)
        body = {k: v for k, v in update.items() if k != "update_id"}
        if len(body) != 1:
            raise SimulatorError("an update carries exactly one field besides update_id")
        payload = next(iter(body.values()))
        if isinstance(payload, dict) and isinstance(payload.get("chat"), dict):
            self._world.mark_injected(state, payload["chat"]["id"])
            if payload["chat"].get("type") == "private":
                state.started_users.add(payload["chat"]["id"])
        return self._world.enqueue(state, body)

    async def pay_invoice(
        self,
        bot: BotRef,
        user_id: int,
        message_id: int,
        *,
        chat_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the public API
    ) -> PreCheckoutAnswer:
        """The user presses Pay under the bot's invoice: the pre-checkout query, and when
        the bot answers ok, the successful payment (as Telegram does). An invoice is
        paid once: a second press, even while the first is pending, is refused."""
        state = self._world.bot(bot)
        chat = chat_id if chat_id is not None else user_id
        key = (chat, message_id)
        message = state.message(chat, message_id)
        if message is None or "invoice" not in message:
            raise SimulatorError(f"message {message_id} of chat {chat} is not an invoice")
        payload = state.invoice_payloads.pop(key, None)  # taken before any await
        if payload is None:
            raise SimulatorError(f"the invoice {message_id} of chat {chat} is already paid")
        invoice = message["invoice"]
        currency, total = str(invoice["currency"]), int(invoice["total_amount"])
        try:
            query_id = self.send_pre_checkout_query(bot, user_id, currency, total, payload)
            answer = await self.wait_pre_checkout_answer(query_id, timeout)
        except BaseException:
            state.invoice_payloads[key] = payload  # not paid: Pay works again
            raise
        if answer.ok:
            self.send_successful_payment(bot, user_id, currency, total, payload)
        else:
            state.invoice_payloads[key] = payload
        return answer

    # -- answers to queries ---------------------------------------------------------

    def pre_checkout_answer(self, query_id: str) -> PreCheckoutAnswer | None:
        return self._world.pre_checkout_answers.get(query_id)

    async def wait_pre_checkout_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - the public API
    ) -> PreCheckoutAnswer:
        return await self._wait_answer(
            query_id, lambda: self.pre_checkout_answer(query_id), timeout
        )

    def callback_answer(self, bot: BotRef, update_id: int) -> CallbackAnswer | None:
        """The bot's answerCallbackQuery to the press injected as ``update_id``."""
        return self._world.callback_answers.get((self._world.bot(bot).bot_id, update_id))

    async def wait_callback_answer(
        self,
        bot: BotRef,
        update_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        bot_id = self._world.bot(bot).bot_id
        query_id = next(
            (
                q
                for q, owner in self._world.callback_queries.items()
                if owner == (bot_id, update_id)
            ),
            None,
        )
        if query_id is None:
            raise SimulatorError(f"update {update_id} of bot {bot_id} is not a button press")
        return await self._wait_answer(
            query_id, lambda: self.callback_answer(bot, update_id), timeout
        )

    async def _wait_answer(
        self,
        query_id: str,
        lookup: Callable[[], T | None],
        timeout: float,  # noqa: ASYNC109
    ) -> T:
        answer = lookup()
        while answer is None:
            event = self._world.answer_events.setdefault(query_id, asyncio.Event())
            try:
                await asyncio.wait_for(event.wait(), timeout)
            except TimeoutError:
                raise TimeoutError(f"query {query_id} was not answered in {timeout}s") from None
            finally:
                if self._world.answer_events.get(query_id) is event and not event.is_set():
                    del self._world.answer_events[query_id]
            answer = lookup()
        return answer
