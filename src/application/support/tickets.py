"""Support tickets (docs/support.md): users write, the tenant's admins answer.

The admins' side goes through `TicketRelay`: a user's message is stored first and
only then posted; a message no admin could be shown (Telegram answered 403/400, the
network failed, the bot is not running) stays stored as undelivered and the ticket
stays open. Undelivered messages are posted again, oldest first, whenever the
tenant's support moves: the next message of any user, an admin's /start or
/tickets (the admin who came gets them privately when the admin chat still
refuses).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from src.application.notices import (
    TicketAnswered,
    TicketForAdmins,
    TicketStatusForAdmins,
    TicketsWaiting,
)
from src.application.ports.card_payments import DeskMessage
from src.application.ports.clock import Clock
from src.application.ports.notices import NoticeRenderer, UserNotifier
from src.application.ports.tickets import SupportDesk
from src.application.ports.uow import UnitOfWorkFactory
from src.application.shop.errors import FeatureDisabled, UserNotRegistered
from src.application.tenancy.features import GetFeatures
from src.application.tenancy.lookups import require_own_tenant
from src.core.ids import TenantId
from src.core.shop.user import ShopUser
from src.core.support.ticket import (
    Author,
    NotSupportAdmin,
    Ticket,
    TicketClosed,
    TicketContent,
    TicketMessage,
    TicketNotFound,
    TicketStatus,
    TooManyOpenTickets,
)
from src.core.tenancy.tenant import Tenant

log = logging.getLogger(__name__)
FLAG = "support_tickets"
CAPTION_MAX = 1024  # Telegram's caption limit: a longer text goes as its own message
REDELIVER_MAX = 50  # messages re-posted per occasion; the rest come with the next one
MY_TICKETS = 10
OPEN_STATUSES = (TicketStatus.OPEN, TicketStatus.ANSWERED)
TOPIC_NAME_MAX = 128


async def _flag_limit(features: GetFeatures, tenant_id: TenantId) -> int:
    state = (await features(tenant_id))[FLAG]
    if not state.enabled:
        raise FeatureDisabled("support tickets are off")
    return int(state.config["max_open_per_user"])


def _name(user: ShopUser | None, ticket: Ticket) -> str:
    if user is not None and (user.first_name or user.username):
        return user.first_name or f"@{user.username}"
    return str(ticket.telegram_id)


class RelayLocks:
    """One lock per tenant (a singleton of the process): one redelivery of a tenant at a
    time, so messages handled concurrently (an album's photos) are posted once each.
    Across processes a tenant's updates are handled by the process running its bot."""

    def __init__(self) -> None:
        self._locks: dict[TenantId, asyncio.Lock] = {}

    def of(self, tenant_id: TenantId) -> asyncio.Lock:
        return self._locks.setdefault(tenant_id, asyncio.Lock())


class TicketRelay:
    """Posts users' ticket messages to the tenant's admins (see the module docstring).

    Where: the admin chat when the tenant has one — a forum topic per ticket when the
    chat is a forum supergroup (its General when no topic can be created), else a
    message naming the ticket, follow-ups as replies to it; without an admin chat,
    each admin privately. Every message that lands is linked to its ticket, so an
    admin's reply to any of them finds it.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        desk: SupportDesk,
        renderer: NoticeRenderer,
        locks: RelayLocks,
    ) -> None:
        self._uow, self._desk, self._renderer, self._locks = uow, desk, renderer, locks

    async def redeliver(self, tenant: Tenant, *, fallback_admin: int | None = None) -> set[int]:
        """Post every undelivered user message of the tenant, oldest first; stop at the
        first that still lands nowhere (order within a ticket is kept). With
        `fallback_admin`, what the usual place refuses goes to that admin privately.
        Returns the ids of the messages delivered."""
        async with self._locks.of(tenant.id):
            async with self._uow.for_tenant(tenant.id) as uow:
                waiting = await uow.tickets.undelivered(REDELIVER_MAX)
            done: set[int] = set()
            for message in waiting:
                if not await self._deliver(tenant, message, fallback_admin):
                    break
                done.add(message.id)
            return done

    async def _deliver(
        self, tenant: Tenant, message: TicketMessage, fallback_admin: int | None
    ) -> bool:
        async with self._uow.for_tenant(tenant.id) as uow:
            ticket = await uow.tickets.get(message.ticket_id)
            user = (
                await uow.users.by_telegram_id(ticket.telegram_id) if ticket is not None else None
            )
        if ticket is None:  # pragma: no cover - messages go with their ticket
            return False
        landed = await self._post_usual(tenant, ticket, user, message)
        if landed is None and fallback_admin is not None:
            first = ticket.admin_message_id is None
            landed = await self._post(
                tenant, fallback_admin, None, None, ticket, user, message, first
            )
            if landed and not ticket.placed:
                await self._record_place(tenant, ticket, fallback_admin, None, landed[0])
        if landed is None:
            log.warning("ticket message not delivered", extra={"tenant_id": tenant.id})
            return False
        async with self._uow.for_tenant(tenant.id) as uow:
            for where in landed:
                await uow.tickets.link(where.chat_id, where.message_id, ticket.id)
            await uow.tickets.mark_delivered(message.id)
            await uow.commit()
        return True

    async def _post_usual(
        self, tenant: Tenant, ticket: Ticket, user: ShopUser | None, message: TicketMessage
    ) -> list[DeskMessage] | None:
        if ticket.placed and ticket.admin_chat_id is not None:
            chat, thread = ticket.admin_chat_id, ticket.admin_thread_id
            first = ticket.admin_message_id is None
            reply_to = None if thread or first else ticket.admin_message_id
            landed = await self._post(tenant, chat, thread, reply_to, ticket, user, message, first)
            if landed and first:
                await self._record_place(tenant, ticket, chat, thread, landed[0])
            return landed
        chat_cfg = tenant.admin_chat
        if chat_cfg is not None:
            chat = chat_cfg.chat_id
            forum = await self._desk.is_forum(tenant.id, chat)
            if forum is None:
                return None
            thread = None
            if forum:
                name = f"#{ticket.id} {_name(user, ticket)}"[:TOPIC_NAME_MAX]
                thread = await self._desk.open_topic(tenant.id, chat, name)
                if thread is not None:
                    # the topic is the ticket's from now on, even if the post below fails
                    async with self._uow.for_tenant(tenant.id) as uow:
                        await uow.tickets.place(ticket.id, chat, thread, None)
                        await uow.commit()
                # no topic (the bot may not manage topics): the chat's General, as a plain
                # chat, rather than nothing
            landed = await self._post(tenant, chat, thread, None, ticket, user, message, True)
            if landed:
                await self._record_place(tenant, ticket, chat, thread, landed[0])
            return landed
        everywhere: list[DeskMessage] = []
        for admin in tenant.admin_ids:  # no admin chat: each admin privately
            landed = await self._post(tenant, admin, None, None, ticket, user, message, True)
            everywhere.extend(landed or ())
        if not everywhere:
            return None
        await self._record_place(tenant, ticket, everywhere[0].chat_id, None, everywhere[0])
        return everywhere

    async def _record_place(
        self, tenant: Tenant, ticket: Ticket, chat: int, thread: int | None, first: DeskMessage
    ) -> None:
        async with self._uow.for_tenant(tenant.id) as uow:
            await uow.tickets.place(ticket.id, chat, thread, first.message_id)
            await uow.commit()

    async def _post(
        self,
        tenant: Tenant,
        chat: int,
        thread: int | None,
        reply_to: int | None,
        ticket: Ticket,
        user: ShopUser | None,
        message: TicketMessage,
        first: bool,
    ) -> list[DeskMessage] | None:
        notice = TicketForAdmins(
            language=tenant.default_language,
            ticket_id=ticket.id,
            user=user,
            text=message.text,
            first=first,
        )
        text = self._renderer.render(notice).text
        post = self._desk.post
        if message.photo_file_id is None:
            sent = await post(tenant.id, chat, text, thread_id=thread, reply_to=reply_to)
            return None if sent is None else [sent]
        if len(text) <= CAPTION_MAX:
            sent = await post(
                tenant.id,
                chat,
                text,
                photo_file_id=message.photo_file_id,
                thread_id=thread,
                reply_to=reply_to,
            )
            return None if sent is None else [sent]
        head = await post(tenant.id, chat, text, thread_id=thread, reply_to=reply_to)
        if head is None:
            return None
        short = TicketForAdmins(
            language=tenant.default_language, ticket_id=ticket.id, user=user, text=None, first=False
        )
        photo = await post(
            tenant.id,
            chat,
            self._renderer.render(short).text,
            photo_file_id=message.photo_file_id,
            thread_id=thread,
            reply_to=None if thread else head.message_id,
        )
        return None if photo is None else [head, photo]


@dataclass(frozen=True, slots=True)
class WriteInput:
    tenant: Tenant
    telegram_id: int
    ticket_id: int | None  # None: a new ticket
    content: TicketContent


@dataclass(frozen=True, slots=True)
class Written:
    ticket: Ticket
    created: bool  # this message opened the ticket
    delivered: bool  # an admin has it (else it is stored and re-offered)
    quiet: bool  # another photo of an album the ticket already has: no reply needed


class WriteTicket:
    """A user's message to support: a new ticket, or one more message on their ticket.

    Rules: `support_tickets` on; the user is registered; text at most 4,096
    characters, control characters dropped, text or a photo needed; a new ticket only
    while the user has fewer than `max_open_per_user` (3) tickets not closed — the
    user's row is locked while counting, so concurrent openings cannot pass it; the
    photos of one album (one media_group_id) are one ticket; only the user's own
    ticket that is not closed takes a message (another user's or tenant's ticket is
    not found); an answered ticket written to is open again. The message is stored
    before it is posted: an unreachable admin loses nothing (`delivered` False).
    """

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, features: GetFeatures, relay: TicketRelay
    ) -> None:
        self._uow, self._clock, self._features, self._relay = uow, clock, features, relay

    async def __call__(self, data: WriteInput) -> Written:
        limit = await _flag_limit(self._features, data.tenant.id)
        content = data.content.checked()
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant.id) as uow:
            user = await uow.users.by_telegram_id(data.telegram_id, for_update=True)
            if user is None:
                raise UserNotRegistered("send /start first")
            tickets = uow.tickets
            if data.ticket_id is None:
                existing = await tickets.by_album(user.id, content.album) if content.album else None
                if existing is None and await tickets.count_open(user.id) >= limit:
                    raise TooManyOpenTickets(limit)
                ticket, created = await tickets.add(user.id, user.telegram_id, content.album, now)
            else:
                found = await tickets.get(data.ticket_id)
                if found is None or found.user_id != user.id:
                    raise TicketNotFound("no such ticket")
                if not found.is_open:
                    raise TicketClosed("the ticket is closed")
                ticket, created = found, False
                if found.status is TicketStatus.ANSWERED:
                    ticket = await tickets.set_status(found.id, TicketStatus.OPEN, now) or found
            quiet = content.album is not None and any(
                m.album == content.album for m in await tickets.messages(ticket.id)
            )
            message = await tickets.add_message(ticket.id, Author.USER, content, now)
            await uow.commit()
        delivered = await self._relay.redeliver(data.tenant)
        return Written(ticket, created, message.id in delivered, quiet)


class MyTickets:
    """The user's tickets, newest first (at most 10). `support_tickets` must be on."""

    def __init__(self, uow: UnitOfWorkFactory, features: GetFeatures) -> None:
        self._uow, self._features = uow, features

    async def __call__(self, tenant: Tenant, telegram_id: int) -> Sequence[Ticket]:
        await _flag_limit(self._features, tenant.id)
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            if user is None:
                raise UserNotRegistered("send /start first")
            return await uow.tickets.of_user(user.id, limit=MY_TICKETS)


@dataclass(frozen=True, slots=True)
class TicketView:
    ticket: Ticket
    messages: Sequence[TicketMessage]


class ShowTicket:
    """One of the user's own tickets with its messages (anyone else's: not found)."""

    def __init__(self, uow: UnitOfWorkFactory, features: GetFeatures) -> None:
        self._uow, self._features = uow, features

    async def __call__(self, tenant: Tenant, telegram_id: int, ticket_id: int) -> TicketView:
        await _flag_limit(self._features, tenant.id)
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id)
            ticket = await uow.tickets.get(ticket_id)
            if user is None or ticket is None or ticket.user_id != user.id:
                raise TicketNotFound("no such ticket")
            return TicketView(ticket, await uow.tickets.messages(ticket.id))


class CloseTicket:
    """The user closes their own ticket; the admins are told where the ticket lives.

    Rules: `support_tickets` on; only the user's own ticket (else not found); closing
    a closed ticket is refused (`TicketClosed`), so the admins hear it once."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        desk: SupportDesk,
        renderer: NoticeRenderer,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._desk, self._renderer = desk, renderer

    async def __call__(self, tenant: Tenant, telegram_id: int, ticket_id: int) -> Ticket:
        await _flag_limit(self._features, tenant.id)
        async with self._uow.for_tenant(tenant.id) as uow:
            user = await uow.users.by_telegram_id(telegram_id, for_update=True)
            ticket = await uow.tickets.get(ticket_id)
            if user is None or ticket is None or ticket.user_id != user.id:
                raise TicketNotFound("no such ticket")
            closed = await uow.tickets.set_status(ticket.id, TicketStatus.CLOSED, self._clock.now())
            if closed is None:
                raise TicketClosed("the ticket is closed already")
            await uow.commit()
        if closed.admin_chat_id is not None:
            note = TicketStatusForAdmins(
                language=tenant.default_language, ticket_id=closed.id, status=closed.status
            )
            thread = closed.admin_thread_id
            await self._desk.post(
                tenant.id,
                closed.admin_chat_id,
                self._renderer.render(note).text,
                thread_id=thread,
                reply_to=None if thread else closed.admin_message_id,
            )
        return closed


@dataclass(frozen=True, slots=True)
class AnswerInput:
    tenant: Tenant
    admin_id: int  # who wrote (Telegram id)
    chat_id: int
    thread_id: int | None  # the forum topic written in
    reply_to: int | None  # the message replied to
    content: TicketContent


@dataclass(frozen=True, slots=True)
class Answered:
    ticket: Ticket
    reached_user: bool  # the user got it (else it is stored; they see it in the ticket)


class AnswerTicket:
    """An admin's message about a ticket reaches its user and marks it answered.

    Which ticket: the forum topic the message was written in, else the ticket
    message it replies to — looked up among this tenant's tickets only, so a reply in
    another tenant's chat finds nothing. None: the message is about no ticket (the
    caller lets others handle it). Rules: only the tenant's admins answer
    (`NotSupportAdmin`); `support_tickets` on; a closed ticket takes no answer; text
    at most 4,096 characters. The answer is stored, then sent to the user.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        features: GetFeatures,
        desk: SupportDesk,
        notifier: UserNotifier,
        renderer: NoticeRenderer,
    ) -> None:
        self._uow, self._clock, self._features = uow, clock, features
        self._desk, self._notifier, self._renderer = desk, notifier, renderer

    async def __call__(self, data: AnswerInput) -> Answered | None:
        async with self._uow.for_tenant(data.tenant.id) as uow:
            ticket = None
            if data.thread_id is not None:
                ticket = await uow.tickets.by_topic(data.chat_id, data.thread_id)
            if ticket is None and data.reply_to is not None:
                ticket = await uow.tickets.by_admin_message(data.chat_id, data.reply_to)
        if ticket is None:
            return None
        if not data.tenant.is_admin(data.admin_id):
            raise NotSupportAdmin("only the shop's admins answer tickets")
        await _flag_limit(self._features, data.tenant.id)
        content = data.content.checked()
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant.id) as uow:
            answered = await uow.tickets.set_status(ticket.id, TicketStatus.ANSWERED, now)
            if answered is None:
                raise TicketClosed("the ticket is closed")
            user = await uow.users.get(answered.user_id)
            message = await uow.tickets.add_message(answered.id, Author.ADMIN, content, now)
            await uow.commit()
        notice = TicketAnswered(
            tenant_id=data.tenant.id,
            chat_id=answered.telegram_id,
            language=user.language if user else data.tenant.default_language,
            ticket_id=answered.id,
            text=content.text,
        )
        if content.photo_file_id is None:
            reached = await self._notifier.notify(notice)
        else:
            text = self._renderer.render(notice, limit=CAPTION_MAX).text
            sent = await self._desk.post(
                data.tenant.id, answered.telegram_id, text, photo_file_id=content.photo_file_id
            )
            reached = sent is not None
        if reached:
            async with self._uow.for_tenant(data.tenant.id) as uow:
                await uow.tickets.mark_delivered(message.id)
                await uow.commit()
        return Answered(answered, reached)


@dataclass(frozen=True, slots=True)
class TicketPage:
    items: Sequence[Ticket]
    total: int


class ListOpenTickets:
    """The tenant's tickets not closed, oldest first, for its admins (the bot's
    /tickets; `caller` None: the management API, already scoped to the tenant).
    Before listing, messages no admin could be shown are posted again."""

    def __init__(self, uow: UnitOfWorkFactory, relay: TicketRelay) -> None:
        self._uow, self._relay = uow, relay

    async def __call__(
        self, tenant: Tenant, caller: int | None, *, limit: int = 20, offset: int = 0
    ) -> TicketPage:
        if caller is not None:
            if not tenant.is_admin(caller):
                raise NotSupportAdmin("only the shop's admins list tickets")
            await self._relay.redeliver(tenant, fallback_admin=caller)
        async with self._uow.for_tenant(tenant.id) as uow:
            items, total = await uow.tickets.list(OPEN_STATUSES, limit=limit, offset=offset)
        return TicketPage(items, total)


class ListTickets:
    """The management API's list: a tenant's tickets, oldest first, optionally of one
    status, a page at a time. Another tenant: not found."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, tenant_id: TenantId, status: TicketStatus | None, *, limit: int, offset: int
    ) -> TicketPage:
        statuses = tuple(TicketStatus) if status is None else (status,)
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            items, total = await uow.tickets.list(statuses, limit=limit, offset=offset)
        return TicketPage(items, total)


class OfferWaitingTickets:
    """An admin of the tenant sends /start: ticket messages no admin could be shown are
    posted again (to the admin chat, or to this admin privately when it refuses).
    Anyone else: nothing read, 0. Returns how many were delivered."""

    def __init__(self, relay: TicketRelay, notifier: UserNotifier) -> None:
        self._relay, self._notifier = relay, notifier

    async def __call__(self, tenant: Tenant, telegram_id: int) -> int:
        if not tenant.is_admin(telegram_id):
            return 0
        done = await self._relay.redeliver(tenant, fallback_admin=telegram_id)
        if done:
            await self._notifier.notify(
                TicketsWaiting(
                    tenant_id=tenant.id,
                    chat_id=telegram_id,
                    language=tenant.default_language,
                    count=len(done),
                )
            )
        return len(done)
