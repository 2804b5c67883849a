"""Hostile text on the tenant console's screens after the switch to Telegram HTML
(docs/i18n.md#safe-formatting), in the fast bot tier whose recording session now parses
every text as Telegram does (bad entities and texts over 4096 characters are a 400).

Cases considered: an adjustment reason holding `<`, `&` or a tag (it becomes the ledger
row's reference, listed on the user's card); dates and amounts on list lines built
outside `t` (they must read as the language writes them, never as a Python repr); the
longest reasons the use case accepts, several of them on one card (clipped, not
refused).
"""

from __future__ import annotations

from src.infrastructure.container import Container
from tests.unit.bot.test_tenant_console import ADMIN, USER, console, find

HOSTILE = "<b>refund & <i>bonus</i> for a<b"


async def adjust(shop: object, card: object, amount: str, reason: str) -> object:
    await shop.press(ADMIN, card, "Adjust balance")  # type: ignore[attr-defined]
    await shop.say(ADMIN, amount)  # type: ignore[attr-defined]
    [confirm] = await shop.say(ADMIN, reason)  # type: ignore[attr-defined]
    [after] = await shop.press(ADMIN, confirm, "Yes, apply")  # type: ignore[attr-defined]
    return after


async def test_a_hostile_adjustment_reason_shows_literally_on_the_user_card(
    memory_container: Container,
) -> None:
    shop = await console(memory_container)
    await shop.say(USER, "/start")
    found = await find(shop, str(USER))
    [card] = await shop.press(ADMIN, found, str(USER))
    after = await adjust(shop, card, "25000", HOSTILE)
    assert "&lt;b&gt;refund &amp; &lt;i&gt;bonus" in after.text  # type: ignore[attr-defined]
    [again] = await shop.press(ADMIN, found, str(USER))
    assert "&lt;b&gt;refund &amp; &lt;i&gt;bonus&lt;/i&gt; for a&lt;b" in again.text
    assert "Moment(" not in again.text and "datetime" not in again.text
    assert "250.00" in again.text
