"""Support tickets (issue #14 item 3) on both adapter sets, the admins' desk in memory.

Hostile and edge cases considered:
- several messages of one user in one batch (concurrent): each stored once, the limit
  of open tickets never passed (10 concurrent openings with room for 3 -> 3 tickets);
- an album (one media_group_id, concurrent): one ticket;
- 4,096 characters accepted, 4,097 refused; NUL and control characters dropped; an
  empty message (a sticker, whitespace) refused; emoji kept;
- an admin who never started the bot / an admin chat that refuses (403): the ticket
  stays open and stored; the next message or an admin's /start delivers it, in order;
  the admin chat still refusing: the admin who came gets it privately;
- huge ids (2^63 - 1) and another user's or tenant's ticket ids: not found;
- a forged admin reply (not an admin, another tenant's chat or message): nothing
  changes; a reply to a closed ticket refused; a closed ticket takes nothing more;
- the user blocked the bot: the admin's answer is stored, the admin is told;
- a forum where the bot may not create topics: the ticket goes to the chat's General;
- an admin's answer with a photo reaches the user as a photo;
- the flag off: every use case refuses.
Not applicable: money (a ticket moves none), JSON input (the bot takes none).
"""

from __future__ import annotations

import asyncio

import pytest
from dependency_injector import providers

from src.application.shop.errors import FeatureDisabled
from src.application.support.tickets import AnswerInput, WriteInput
from src.application.tenancy.features import SetFeatureInput
from src.application.tenancy.update_tenant import UpdateTenantInput
from src.core.ids import MAX_ID
from src.core.support.ticket import (
    MAX_TEXT,
    NotSupportAdmin,
    TicketClosed,
    TicketContent,
    TicketEmpty,
    TicketNotFound,
    TicketStatus,
    TicketTooLong,
    TooManyOpenTickets,
)
from src.core.tenancy.tenant import Tenant
from src.infrastructure.container import Container
from src.infrastructure.memory.messaging import InMemoryUserMessenger
from src.infrastructure.memory.support_desk import InMemorySupportDesk
from tests.support.shop import ShopWorld, shop_world
from tests.support.top_ups import enable

USER, OTHER, ADMIN = 730_001, 730_002, 930_001
CHAT = -100_730_001


@pytest.fixture
def desk(any_container: Container) -> InMemorySupportDesk:
    desk = InMemorySupportDesk()
    any_container.support_desk.override(providers.Object(desk))
    any_container.messenger.override(providers.Object(InMemoryUserMessenger()))
    return desk


async def support_world(
    c: Container, name: str = "Help", *, chat: int | None = CHAT, forum: bool = False
) -> ShopWorld:
    world = await shop_world(c, name)
    tenant = await c.update_tenant()(
        UpdateTenantInput(world.tenant.id, by_master=True, admin_chat_id=chat, admin_ids=(ADMIN,))
    )
    world.tenant = tenant
    await enable(c, tenant.id, "support_tickets")
    for tg in (USER, OTHER, ADMIN):
        await world.customer(tg)
    desk = c.support_desk()
    assert isinstance(desk, InMemorySupportDesk)
    if forum and chat is not None:
        desk.forums.add(chat)
    return world


def write(
    tenant: Tenant,
    text: str | None,
    ticket: int | None = None,
    *,
    tg: int = USER,
    photo_file_id: str | None = None,
    album: str | None = None,
) -> WriteInput:
    return WriteInput(tenant, tg, ticket, TicketContent(text, photo_file_id, album))


async def test_limits_and_hostile_text(any_container: Container, desk: InMemorySupportDesk) -> None:
    c = any_container
    world = await support_world(c)
    w = c.write_ticket()
    first = await w(write(world.tenant, "a" * MAX_TEXT))
    assert first.created and first.delivered and first.ticket.status is TicketStatus.OPEN
    with pytest.raises(TicketTooLong):
        await w(write(world.tenant, "a" * (MAX_TEXT + 1)))
    for empty in (None, "   ", "\x00\x01"):
        with pytest.raises(TicketEmpty):
            await w(write(world.tenant, empty))
    clean = await w(write(world.tenant, "hi\x00 there 🙂\nline two"))
    view = await c.show_ticket()(world.tenant, USER, clean.ticket.id)
    assert view.messages[0].text == "hi there 🙂\nline two"
    await w(write(world.tenant, "third"))
    with pytest.raises(TooManyOpenTickets) as err:
        await w(write(world.tenant, "fourth"))
    assert err.value.limit == 3
    await c.close_ticket()(world.tenant, USER, first.ticket.id)
    assert (await w(write(world.tenant, "room again"))).created
    with pytest.raises(TicketClosed):
        await w(write(world.tenant, "more", first.ticket.id))
    with pytest.raises(TicketClosed):
        await c.close_ticket()(world.tenant, USER, first.ticket.id)


async def test_concurrent_openings_and_an_album(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c)
    w = c.write_ticket()
    results = await asyncio.gather(
        *(w(write(world.tenant, f"msg {i}")) for i in range(10)), return_exceptions=True
    )
    opened = [r for r in results if not isinstance(r, BaseException)]
    assert len(opened) == 3
    assert all(isinstance(r, TooManyOpenTickets) for r in results if isinstance(r, BaseException))

    album = await asyncio.gather(
        *(
            w(write(world.tenant, None, tg=OTHER, photo_file_id=f"ph{i}", album="g1"))
            for i in range(4)
        )
    )
    assert len({r.ticket.id for r in album}) == 1
    assert sum(r.created for r in album) == 1 and sum(not r.quiet for r in album) == 1
    view = await c.show_ticket()(world.tenant, OTHER, album[0].ticket.id)
    assert sorted(m.photo_file_id or "" for m in view.messages) == ["ph0", "ph1", "ph2", "ph3"]
    photos = [p for p in desk.to(CHAT) if p.photo_file_id]
    assert len(photos) == 4  # each photo posted once


async def test_nothing_is_lost_when_no_admin_can_be_reached(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c)
    desk.unreachable.add(CHAT)
    w = c.write_ticket()
    a = await w(write(world.tenant, "first"))
    b = await w(write(world.tenant, "second", a.ticket.id))
    assert not a.delivered and not b.delivered and desk.posted == []
    assert a.ticket.status is TicketStatus.OPEN
    assert await c.offer_waiting_tickets()(world.tenant, USER) == 0  # not an admin
    desk.unreachable.discard(CHAT)
    third = await w(write(world.tenant, "third", a.ticket.id))  # the next message delivers all
    assert third.delivered
    texts = [p.text or "" for p in desk.to(CHAT)]
    assert ["first" in texts[0], "second" in texts[1], "third" in texts[2]] == [True] * 3
    assert all(p.reply_to == desk.to(CHAT)[0].where.message_id for p in desk.to(CHAT)[1:])

    # the chat refuses again: the admin's /start brings it to them privately
    desk.unreachable.add(CHAT)
    late = await w(write(world.tenant, "late", tg=OTHER))
    assert not late.delivered
    assert await c.offer_waiting_tickets()(world.tenant, ADMIN) == 1
    [private] = desk.to(ADMIN)
    assert "late" in (private.text or "")
    answered = await c.answer_ticket()(
        AnswerInput(world.tenant, ADMIN, ADMIN, None, private.where.message_id, TicketContent("ok"))
    )
    assert answered is not None and answered.ticket.id == late.ticket.id


async def test_forum_topic_per_ticket_and_admin_answers(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c, forum=True)
    w = c.write_ticket()
    one = await w(write(world.tenant, "one"))
    two = await w(write(world.tenant, "two", tg=OTHER))
    assert len(desk.topics) == 2
    t1 = next(p.thread_id for p in desk.to(CHAT) if "one" in (p.text or ""))
    assert t1 is not None
    answer = c.answer_ticket()

    def reply(by: int, thread: int | None, to: int | None, text: str = "hello") -> AnswerInput:
        return AnswerInput(world.tenant, by, CHAT, thread, to, TicketContent(text))

    with pytest.raises(NotSupportAdmin):
        await answer(reply(USER, t1, None))
    assert await answer(reply(ADMIN, 10**9, None)) is None  # no such topic: not about a ticket
    assert await answer(reply(ADMIN, None, MAX_ID)) is None
    done = await answer(reply(ADMIN, t1, None))
    assert done is not None and done.reached_user and done.ticket.id == one.ticket.id
    messenger = c.messenger()
    assert isinstance(messenger, InMemoryUserMessenger)
    assert any("hello" in s for s in messenger.to(USER)) and messenger.to(OTHER) == []
    assert (await c.show_ticket()(world.tenant, OTHER, two.ticket.id)).ticket.status is (
        TicketStatus.OPEN
    )
    with pytest.raises(TicketTooLong):
        await answer(reply(ADMIN, t1, None, "x" * (MAX_TEXT + 1)))
    photo = AnswerInput(world.tenant, ADMIN, CHAT, t1, None, TicketContent(None, "admin-ph"))
    assert (await answer(photo)) is not None
    [sent] = [p for p in desk.to(USER) if p.photo_file_id == "admin-ph"]
    assert f"#{one.ticket.id}" in (sent.text or "")
    messenger.blocked.add(USER)  # the user blocked the bot: stored, the admin is told
    blocked = await answer(reply(ADMIN, t1, None, "again"))
    assert blocked is not None and not blocked.reached_user
    assert len((await c.show_ticket()(world.tenant, USER, one.ticket.id)).messages) == 4
    await c.close_ticket()(world.tenant, USER, one.ticket.id)
    with pytest.raises(TicketClosed):
        await answer(reply(ADMIN, t1, None))
    listed = await c.list_open_tickets()(world.tenant, ADMIN)
    assert [x.id for x in listed.items] == [two.ticket.id] and listed.total == 1
    with pytest.raises(NotSupportAdmin):
        await c.list_open_tickets()(world.tenant, USER)


async def test_a_forum_without_topic_rights_gets_the_ticket_in_general(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c, forum=True)
    desk.no_topics.add(CHAT)
    made = await c.write_ticket()(write(world.tenant, "no topics here"))
    assert made.delivered and desk.topics == {}
    [head] = desk.to(CHAT)
    assert head.thread_id is None
    done = await c.answer_ticket()(
        AnswerInput(world.tenant, ADMIN, CHAT, None, head.where.message_id, TicketContent("ok"))
    )
    assert done is not None and done.ticket.id == made.ticket.id


async def test_isolation_between_users_and_tenants(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    a = await support_world(c, "Alpha")
    b = await support_world(c, "Beta")
    mine = await c.write_ticket()(write(a.tenant, "alpha secret"))
    for tenant, tg in ((a.tenant, OTHER), (b.tenant, USER)):
        with pytest.raises(TicketNotFound):
            await c.show_ticket()(tenant, tg, mine.ticket.id)
        with pytest.raises(TicketNotFound):
            await c.write_ticket()(write(tenant, "sneak", mine.ticket.id, tg=tg))
        with pytest.raises(TicketNotFound):
            await c.close_ticket()(tenant, tg, mine.ticket.id)
    with pytest.raises(TicketNotFound):
        await c.show_ticket()(a.tenant, USER, MAX_ID)
    assert await c.my_tickets()(b.tenant, USER) == []
    head = next(p for p in desk.to(CHAT) if p.tenant_id == a.tenant.id)
    forged = AnswerInput(b.tenant, ADMIN, CHAT, None, head.where.message_id, TicketContent("x"))
    assert await c.answer_ticket()(forged) is None  # Beta's admin, Alpha's message: nothing
    assert (await c.show_ticket()(a.tenant, USER, mine.ticket.id)).ticket.status is (
        TicketStatus.OPEN
    )
    assert (await c.list_open_tickets()(b.tenant, ADMIN)).total == 0


async def test_the_flag_off_refuses_everything(
    any_container: Container, desk: InMemorySupportDesk
) -> None:
    c = any_container
    world = await support_world(c)
    made = await c.write_ticket()(write(world.tenant, "before"))
    await c.set_feature()(SetFeatureInput(world.tenant.id, "support_tickets", False))
    for call in (
        c.write_ticket()(write(world.tenant, "after")),
        c.my_tickets()(world.tenant, USER),
        c.show_ticket()(world.tenant, USER, made.ticket.id),
        c.close_ticket()(world.tenant, USER, made.ticket.id),
    ):
        with pytest.raises(FeatureDisabled):
            await call
    head = desk.to(CHAT)[0]
    with pytest.raises(FeatureDisabled):
        await c.answer_ticket()(
            AnswerInput(world.tenant, ADMIN, CHAT, None, head.where.message_id, TicketContent("x"))
        )
