"""Support tickets end to end (issue #14 item 3): real aiogram over HTTP against the Bot API
simulator (forum topics included), real PostgreSQL.

Cases considered (the use-case tests in tests/unit/support cover the rest):
- a forum admin chat: a topic per ticket, the admin writes in the topic, the user
  gets it, the ticket is answered; a follow-up lands in the same topic; closing is
  told in the topic;
- a plain admin chat: a message naming the ticket; the admin's reply to it (and to a
  follow-up) reaches the user;
- an album (one media_group_id, three updates in one batch): one ticket, one reply;
- the admin chat refuses (403, the bot was kicked): the user is told the ticket is
  saved; nothing is lost: the admin's /start delivers it once the chat works again;
- no admin chat and the admin never started the bot: the admin's /start brings the
  ticket privately and a reply to it answers;
- a member of the admin chat who is not an admin, and another tenant's admin in a
  shared admin chat, reply in the ticket's topic: nothing changes (status, user);
- a user of tenant A forges a press for tenant B's ticket: not found, nothing shown;
- a stale Support button after the flag went off: the feature-off refusal;
- /tickets lists the open tickets for an admin only.
"""

from __future__ import annotations

from src.application.tenancy.features import SetFeatureInput
from src.application.tenancy.update_tenant import UpdateTenantInput
from src.core.support.ticket import Author, TicketStatus
from src.interfaces.bot.callbacks import SupportCb
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.support.top_ups import enable

USER, OTHER, ADMIN, MEMBER, ADMIN_B = 714_001, 714_002, 924_001, 924_002, 924_003
FORUM, PLAIN = -100_714_001, -100_714_002


async def support_shop(
    harness: Harness,
    name: str,
    chat: int | None,
    *,
    forum: bool,
    admins: tuple[int, ...] = (ADMIN,),
) -> Shop:
    shop = await harness.add_shop(name, admins=admins)
    if chat is not None:
        if chat not in harness.sim._world.chats:
            harness.sim.add_chat(chat, "supergroup", f"{name} admins", is_forum=forum)
        await harness.container.update_tenant()(
            UpdateTenantInput(shop.id, by_master=True, admin_chat_id=chat)
        )
    await enable(harness.container, shop.id, "support_tickets")
    return shop


async def open_ticket(harness: Harness, shop: Shop, user: int, text: str) -> SentMessage:
    menu = await harness.say(shop, user, "/start")
    screen = await harness.press(shop, user, menu, "Support")
    assert "New ticket" in " ".join(labels(screen)), labels(screen)
    prompt = await harness.press(shop, user, screen, "New ticket")
    assert "Write your message" in (prompt.text or "")
    return await harness.say(shop, user, text)


def in_chat(harness: Harness, shop: Shop, chat: int) -> list[SentMessage]:
    return harness.sim.sent_messages(shop.token, chat)


async def ticket_of(harness: Harness, shop: Shop, ticket_id: int) -> tuple[TicketStatus, int]:
    async with harness.container.uow().for_tenant(shop.id) as uow:
        ticket = await uow.tickets.get(ticket_id)
        messages = await uow.tickets.messages(ticket_id)
    assert ticket is not None
    return ticket.status, len(messages)


def number(reply: SentMessage) -> int:
    text = reply.text or ""
    return int(text.split("#", 1)[1].split()[0].rstrip("."))


async def test_round_trip_in_a_forum_admin_chat(harness: Harness) -> None:
    await harness.start()
    shop = await support_shop(harness, "Forum", FORUM, forum=True)
    saved = await open_ticket(harness, shop, USER, "My VPN does not connect")
    assert "is saved and was sent to the admins" in (saved.text or ""), saved.text
    ticket_id = number(saved)
    [(thread, name)] = harness.sim.forum_topics(FORUM).items()
    assert name.startswith(f"#{ticket_id} ")
    [head] = in_chat(harness, shop, FORUM)
    assert head.message_thread_id == thread
    assert "My VPN does not connect" in (head.text or "") and f"#{ticket_id}" in (head.text or "")

    harness.sim.send_text(shop.token, ADMIN, "Reinstall the profile", chat_id=FORUM,
                          message_thread_id=thread)  # fmt: skip
    answer = await harness.sim.wait_for_message(shop.token, USER)
    assert f"answered your ticket #{ticket_id}" in (answer.text or "")
    assert "Reinstall the profile" in (answer.text or "")
    ack = await harness.sim.wait_for_message(shop.token, FORUM)
    assert "Sent to the user" in (ack.text or "")
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.ANSWERED, 2)

    # the user adds to it from the ticket screen: same topic, open again
    menu = await harness.say(shop, USER, "/start")
    screen = await harness.press(shop, USER, menu, "Support")
    view = await harness.press(shop, USER, screen, f"#{ticket_id}")
    assert "Reinstall the profile" in (view.text or "") and "answered" in (view.text or "")
    ask = await harness.press(shop, USER, view, "Add a message")
    assert f"ticket #{ticket_id}" in (ask.text or "")
    added = await harness.say(shop, USER, "Still broken on iOS")
    assert f"Added to ticket #{ticket_id}" in (added.text or "")
    more = await harness.sim.wait_for_message(
        shop.token, FORUM, predicate=lambda m: "Still broken" in (m.text or "")
    )
    assert more.message_thread_id == thread
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.OPEN, 3)

    done = await harness.press(shop, USER, added, "Done")
    closed = await harness.press(shop, USER, done, "Close the ticket")
    assert "closed" in (closed.text or "") and "Add a message" not in labels(closed)
    note = await harness.sim.wait_for_message(
        shop.token, FORUM, predicate=lambda m: "closed by the user" in (m.text or "")
    )
    assert note.message_thread_id == thread
    harness.sim.send_text(shop.token, ADMIN, "one more thing", chat_id=FORUM,
                          message_thread_id=thread)  # fmt: skip
    refused = await harness.sim.wait_for_message(shop.token, FORUM)
    assert "This ticket is closed" in (refused.text or "")
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.CLOSED, 3)


async def test_round_trip_in_a_plain_admin_chat_and_an_album(harness: Harness) -> None:
    await harness.start()
    shop = await support_shop(harness, "Plain", PLAIN, forum=False)
    saved = await open_ticket(harness, shop, USER, "Where is my refund?")
    ticket_id = number(saved)
    assert harness.sim.forum_topics(PLAIN) == {}
    [head] = in_chat(harness, shop, PLAIN)
    assert f"Ticket #{ticket_id}" in (head.text or "") and head.message_thread_id is None
    harness.sim.send_text(shop.token, ADMIN, "Refunded today", chat_id=PLAIN,
                          reply_to_message_id=head.message_id)  # fmt: skip
    answer = await harness.sim.wait_for_message(shop.token, USER)
    assert "Refunded today" in (answer.text or "")
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.ANSWERED, 2)

    # an album as a new ticket, its three photos in one batch: one ticket, one reply
    menu = await harness.say(shop, OTHER, "/start")
    screen = await harness.press(shop, OTHER, menu, "Support")
    prompt = await harness.press(shop, OTHER, screen, "New ticket")
    for i in range(3):
        harness.sim.send_photo(shop.token, OTHER, "screenshots" if i == 0 else None,
                               media_group_id="alb-7")  # fmt: skip
    first = await harness.sim.wait_for_message(shop.token, OTHER)
    assert "is saved" in (first.text or ""), first.text
    await harness.settled(shop)
    replies = [m for m in harness.sim.sent_messages(shop.token, OTHER) if m.seq > prompt.seq]
    assert [m.text for m in replies] == [first.text]
    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(OTHER)
        assert user is not None
        [album] = await uow.tickets.of_user(user.id, limit=10)
        messages = await uow.tickets.messages(album.id)
    assert len(messages) == 3 and all(m.photo_file_id for m in messages)
    photos = [m for m in in_chat(harness, shop, PLAIN) if m.photo]
    assert len(photos) == 3
    # the admin replies to a follow-up photo (not the first message): same ticket
    harness.sim.send_text(shop.token, ADMIN, "Got the screenshots", chat_id=PLAIN,
                          reply_to_message_id=photos[-1].message_id)  # fmt: skip
    got = await harness.sim.wait_for_message(shop.token, OTHER)
    assert f"#{album.id}" in (got.text or "") and "Got the screenshots" in (got.text or "")


async def test_an_unreachable_admin_chat_loses_nothing(harness: Harness) -> None:
    await harness.start()
    shop = await support_shop(harness, "Kicked", PLAIN, forum=False)
    harness.sim.block_chat(shop.token, PLAIN)  # 403: the bot was kicked from the group
    saved = await open_ticket(harness, shop, USER, "Please help")
    assert "No admin could be reached right now" in (saved.text or ""), saved.text
    ticket_id = number(saved)
    async with harness.container.uow().for_tenant(shop.id) as uow:
        [waiting] = await uow.tickets.undelivered(10)
    assert (waiting.ticket_id, waiting.text, waiting.delivered) == (ticket_id, "Please help", False)
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.OPEN, 1)

    harness.sim.unblock_chat(shop.token, PLAIN)
    told = await harness.say(shop, ADMIN, "/start")
    assert "1 ticket message(s) waited" in (told.text or ""), told.text
    [head] = in_chat(harness, shop, PLAIN)
    assert "Please help" in (head.text or "")
    harness.sim.send_text(shop.token, ADMIN, "Here now", chat_id=PLAIN,
                          reply_to_message_id=head.message_id)  # fmt: skip
    assert "Here now" in ((await harness.sim.wait_for_message(shop.token, USER)).text or "")
    async with harness.container.uow().for_tenant(shop.id) as uow:
        assert await uow.tickets.undelivered(10) == []


async def test_no_admin_chat_and_an_admin_who_never_started_the_bot(harness: Harness) -> None:
    await harness.start()
    shop = await support_shop(harness, "Lonely", None, forum=False)
    saved = await open_ticket(harness, shop, USER, "Anyone there?")
    assert "No admin could be reached right now" in (saved.text or "")
    ticket_id = number(saved)
    harness.sim.send_text(shop.token, ADMIN, "/start")
    posted = await harness.sim.wait_for_message(
        shop.token, ADMIN, predicate=lambda m: "Anyone there?" in (m.text or "")
    )
    await harness.sim.wait_for_message(  # told after the posted message is linked
        shop.token, ADMIN, predicate=lambda m: "waited for an admin" in (m.text or "")
    )
    harness.sim.send_text(shop.token, ADMIN, "Yes", reply_to_message_id=posted.message_id)
    answer = await harness.sim.wait_for_message(
        shop.token, USER, predicate=lambda m: "answered" in (m.text or "")
    )
    assert f"#{ticket_id}" in (answer.text or "")


async def test_forged_and_foreign_replies_change_nothing(harness: Harness) -> None:
    await harness.start()
    shop = await support_shop(harness, "Alpha", FORUM, forum=True)
    other = await support_shop(harness, "Beta", FORUM, forum=True, admins=(ADMIN_B,))
    saved = await open_ticket(harness, shop, USER, "Alpha question")
    ticket_id = number(saved)
    [(thread, _)] = harness.sim.forum_topics(FORUM).items()
    before = len(harness.sim.sent_messages(shop.token, USER))

    # a member of the admin chat who is no admin; then Beta's admin in the shared chat,
    # to Alpha's bot and to Beta's own bot: no answer anywhere, nothing stored
    harness.sim.send_text(shop.token, MEMBER, "I am staff", chat_id=FORUM, message_thread_id=thread)
    harness.sim.send_text(shop.token, ADMIN_B, "me too", chat_id=FORUM, message_thread_id=thread)
    harness.sim.send_text(other.token, ADMIN_B, "via Beta", chat_id=FORUM, message_thread_id=thread)
    await harness.settled(shop)
    await harness.settled(other)
    assert len(harness.sim.sent_messages(shop.token, USER)) == before
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.OPEN, 1)
    assert harness.sim.sent_messages(other.token, FORUM) == []

    # a user of Beta forges a press for Alpha's ticket in Beta's bot: not found
    for action in ("view", "add", "close"):
        menu = await harness.say(other, OTHER, "/start")  # the refusal replaces the menu
        data = SupportCb(action=action, ticket_id=ticket_id).pack()
        harness.sim.press_button(other.token, OTHER, menu.message_id, data, force=True)
        refused = await harness.sim.wait_for_message(other.token, OTHER)
        assert "This ticket does not exist" in (refused.text or ""), (action, refused.text)
    assert await ticket_of(harness, shop, ticket_id) == (TicketStatus.OPEN, 1)

    # /tickets: the admin sees the open ticket, a user is refused
    listed = await harness.say(shop, ADMIN, "/tickets")
    assert f"#{ticket_id}" in (listed.text or "") and "Open tickets: 1" in (listed.text or "")
    assert "Only this shop's admins" in ((await harness.say(shop, USER, "/tickets")).text or "")


async def test_a_stale_support_button_after_the_flag_went_off(harness: Harness) -> None:
    await harness.start()
    shop = await support_shop(harness, "Flag", PLAIN, forum=False)
    menu = await harness.say(shop, USER, "/start")
    screen = await harness.press(shop, USER, menu, "Support")
    await harness.container.set_feature()(SetFeatureInput(shop.id, "support_tickets", False))
    refused = await harness.press(shop, USER, screen, "New ticket")
    assert "not available" in (refused.text or ""), refused.text
    fresh = await harness.say(shop, USER, "/start")
    assert "Support" not in " ".join(labels(fresh))
    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
        assert user is not None
        assert await uow.tickets.of_user(user.id, limit=5) == []
    assert Author.USER  # the enum is part of the stored shape
