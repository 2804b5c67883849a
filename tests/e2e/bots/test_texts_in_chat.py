"""Issue #19 over the Bot API simulator (which parses Telegram HTML as Telegram does),
with real PostgreSQL: escaping, a tenant's override seen within a second, another
tenant unaffected, the reset.

Cases considered: a shop name holding a tag and `&` (shown literally, the message not
refused by the HTML parser); an override with HTML formatting (a bold entity, not tags in
the text); the next update after the change already sees it (no TTL wait); a second
tenant with the same key keeps its default; a reset brings the default back at once.
"""

from __future__ import annotations

import time

from src.application.tenancy.texts import TextOverrideInput
from src.interfaces.bot.i18n.overrides import check
from tests.e2e.bots.harness import Harness

USER = 930_001


async def test_a_name_with_html_is_shown_literally(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("<b>Tom</b> & <i")
    menu = await harness.say(shop, USER, "/start")
    assert "<b>Tom</b> & <i\nBalance: 0.00 RUB" in (menu.text or "")
    assert not menu.message.get("entities")  # no formatting smuggled in


async def test_an_override_is_seen_at_once_by_its_tenants_users_only(harness: Harness) -> None:
    await harness.start()
    own, other = await harness.add_shop("Alpha", "ru"), await harness.add_shop("Beta", "ru")
    await harness.say(own, USER, "/start")  # registered: the next /start is the menu alone
    before = await harness.say(own, USER, "/start")

    source = "<b>{ $name }</b> приветствует вас!\nНа счету: { $balance }"
    check("ru", "menu.title", source)
    await harness.container.set_text_override()(
        TextOverrideInput(own.id, "ru", "menu.title", source)
    )
    changed = time.monotonic()
    after = await harness.say(own, USER, "/start", timeout=1.0)
    assert time.monotonic() - changed < 1.0
    assert (after.text or "").startswith("Alpha приветствует вас!\nНа счету: 0,00")
    assert [e["type"] for e in after.message.get("entities", [])] == ["bold"]

    elsewhere = await harness.say(other, USER, "/start")
    assert "Beta\nБаланс: 0,00" in (elsewhere.text or "")

    assert await harness.container.reset_text_override()(own.id, "ru", "menu.title")
    reset = await harness.say(own, USER, "/start", timeout=1.0)
    assert reset.text == before.text
