"""The tenant console's Texts screen (docs/tenant-console.md#texts,
docs/i18n.md#per-tenant-overrides) in the fast bot tier.

Cases considered:
- round trip: language → key → card (default and current override, escaped in <pre>)
  → Replace → the new text → a user of the tenant sees it on /start; another tenant's
  users do not; the card then shows the override;
- an unknown key, a key past the API's 128 characters, NUL: refused, the step stays
  open (the next good key is taken);
- a text that drops a variable, unbalanced HTML: refused with the reason (the API's own
  `check`), nothing stored, the step stays open (the next good text is stored);
- HTML in a default (`&amp;`) and in an override shown literally on the card;
- reset behind a confirmation: the default applies again; pressed twice: nothing more;
- forged presses (Replace / Reset / confirm / a language index out of range) by the
  admin before anything was chosen: refused, nothing stored;
- forged presses by a user of the tenant and by another tenant's admin: nothing changes
  (the forged-press test of test_tenant_console_admins_broadcasts.py enumerates these
  callbacks too).
Not applicable: money, albums (the screen reads typed text only).
"""

from __future__ import annotations

from dataclasses import replace

from src.application.tenancy.texts import TextOverrideInput
from src.infrastructure.container import Container
from src.interfaces.bot.views.tenant_console import cb
from tests.support.botfeed import FeedBot, RecordingSession, Sent, feed_bot
from tests.unit.bot.test_tenant_console_admins_broadcasts import every_console_action

ADMIN, OTHER_ADMIN, USER = 840_001, 840_901, 850_001
NEW_TITLE = "<b>{ $name }</b> welcomes you!\nMoney: { $balance }"


async def shops(c: Container) -> tuple[FeedBot, FeedBot]:
    shop = await feed_bot(c, "Alpha", admin_ids=(ADMIN,), default_language="en")
    other = await feed_bot(c, "Beta", admin_ids=(OTHER_ADMIN,), default_language="en")
    assert isinstance(other.bot.session, RecordingSession)  # the registry's, which records
    other = replace(other, session=other.bot.session)
    return shop, other


async def overrides(c: Container, shop: FeedBot) -> dict[tuple[str, str], str]:
    return dict(await c.get_text_overrides()(shop.tenant.id))


async def audit(c: Container, shop: FeedBot) -> list[tuple[str, str, str | None]]:
    items = (await c.list_audit()(shop.tenant.id)).items
    return sorted((e.action, e.actor, e.target) for e in items)


async def open_card(shop: FeedBot, key: str = "menu.title", lang: str = "en") -> Sent:
    [menu] = [s for s in await shop.say(ADMIN, "/admin") if "admin console" in s.text]
    [languages] = await shop.press(ADMIN, menu, "Texts")
    [ask] = await shop.press(ADMIN, languages, lang)
    assert "key" in ask.text
    [card] = await shop.say(ADMIN, key)
    return card


async def test_replace_round_trip_reaches_this_tenants_users_only(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, other = await shops(c)
    await shop.say(USER, "/start")
    await other.say(USER, "/start")
    card = await open_card(shop)
    assert "<pre>{ $name }\nBalance: { $balance }\nChoose an option:</pre>" in card.text
    assert "the default applies" in card.text
    [ask] = await shop.press(ADMIN, card, "Replace")
    assert "{ $balance }, { $name }" in ask.text
    [saved] = await shop.say(ADMIN, NEW_TITLE)
    assert "Saved" in saved.text
    assert "<b>{name}</b> welcomes you!\nMoney: {balance}" in saved.text
    assert await overrides(c, shop) == {("en", "menu.title"): NEW_TITLE}
    [mine] = await shop.say(USER, "/start")
    assert mine.text.startswith("<b>Alpha</b> welcomes you!\nMoney: ")
    [theirs] = await other.say(USER, "/start")
    assert theirs.text.startswith("Beta\nBalance: ")
    assert await overrides(c, other) == {}
    assert await audit(c, shop) == [("text.set", f"tg:{ADMIN}", "en/menu.title")]
    # the card shows the override literally (escaped inside <pre>)
    again = await open_card(shop)
    assert (
        "<pre>&lt;b&gt;{ $name }&lt;/b&gt; welcomes you!\nMoney: { $balance }</pre>" in again.text
    )


async def test_a_refused_key_or_text_keeps_the_step_open(memory_container: Container) -> None:
    c = memory_container
    shop, _ = await shops(c)
    [menu] = [s for s in await shop.say(ADMIN, "/admin") if "admin console" in s.text]
    [languages] = await shop.press(ADMIN, menu, "Texts")
    await shop.press(ADMIN, languages, "en")
    for bad in ("menu.nothing", "x" * 500, "menu.title\x00"):
        [refusal] = await shop.say(ADMIN, bad)
        assert "No such text" in refusal.text or "Not accepted" in refusal.text, refusal.text
    [card] = await shop.say(ADMIN, "menu.title")  # the step stayed open
    assert "<pre>" in card.text
    await shop.press(ADMIN, card, "Replace")
    [refusal] = await shop.say(ADMIN, "<b>{ $name }</b> welcomes you!")  # balance removed
    assert "Not saved" in refusal.text and "missing balance" in refusal.text
    [refusal] = await shop.say(ADMIN, "<b>{ $name } { $balance }")
    assert "Not saved" in refusal.text and "never closed" in refusal.text
    assert await overrides(c, shop) == {}
    [saved] = await shop.say(ADMIN, NEW_TITLE)  # still waiting for the text
    assert "Saved" in saved.text
    assert await overrides(c, shop) == {("en", "menu.title"): NEW_TITLE}


async def test_a_default_with_html_shows_literally(memory_container: Container) -> None:
    shop, _ = await shops(memory_container)
    card = await open_card(shop, "menu.balance")
    assert "<pre>💰 Balance &amp;amp; top-up</pre>" in card.text


async def test_reset_behind_a_confirmation(memory_container: Container) -> None:
    c = memory_container
    shop, _ = await shops(c)
    await c.set_text_override()(TextOverrideInput(shop.tenant.id, "ru", "menu.title", "{ $name }"))
    await c.set_text_override()(TextOverrideInput(shop.tenant.id, "en", "menu.title", NEW_TITLE))
    card = await open_card(shop, lang="ru")
    [ask] = await shop.press(ADMIN, card, "Reset to default")
    assert "Reset menu.title (ru)" in ask.text
    assert await overrides(c, shop) != {}  # asking deleted nothing
    [done] = await shop.press(ADMIN, ask, "Reset")
    assert "default text applies again" in done.text and "the default applies" in done.text
    assert await overrides(c, shop) == {("en", "menu.title"): NEW_TITLE}
    await shop.press(ADMIN, ask, "Reset")  # a second press: nothing more
    assert await overrides(c, shop) == {("en", "menu.title"): NEW_TITLE}
    assert await audit(c, shop) == [("text.reset", f"tg:{ADMIN}", "ru/menu.title")]


async def test_forged_presses_before_a_choice_change_nothing(memory_container: Container) -> None:
    c = memory_container
    shop, _ = await shops(c)
    on = Sent(ADMIN, 1, "", None)
    for data in (cb("tx_set"), cb("tx_rst!"), cb("tx_show"), cb("tx_lang", 3)):
        await shop.press_data(ADMIN, on, data)
    [reply] = await shop.say(ADMIN, NEW_TITLE)  # no step was opened: the shop's fallback
    assert "Saved" not in reply.text and "<pre>" not in reply.text
    assert await overrides(c, shop) == {}
    assert await audit(c, shop) == []


async def test_forged_presses_by_a_user_and_another_tenants_admin(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, other = await shops(c)
    await c.set_text_override()(TextOverrideInput(shop.tenant.id, "en", "menu.title", NEW_TITLE))
    actions = {a for a in every_console_action() if a.startswith("tx")}
    assert actions == {"tx", "tx_lang", "tx_show", "tx_set", "tx_rst", "tx_rst!"}
    on = Sent(USER, 1, "", None)
    for presser in (USER, OTHER_ADMIN):
        await shop.say(presser, "/start")
        for data in [cb(a, i) for a in sorted(actions) for i in (0, 1)]:
            shown = await shop.press_data(presser, on, data)
            assert not [s for s in shown if "Texts" in s.text or "<pre>" in s.text], data
        for text in ("menu.title", "{ $name }"):
            shown = await shop.say(presser, text)
            assert not [s for s in shown if "<pre>" in s.text or "Saved" in s.text]
    # another tenant's admin in their own console changes their own tenant only
    [menu] = [s for s in await other.say(OTHER_ADMIN, "/admin") if "admin console" in s.text]
    [languages] = await other.press(OTHER_ADMIN, menu, "Texts")
    await other.press(OTHER_ADMIN, languages, "en")
    [card] = await other.say(OTHER_ADMIN, "menu.title")
    assert "the default applies" in card.text
    [done] = await other.press(OTHER_ADMIN, card, "Reset to default")
    await other.press(OTHER_ADMIN, done, "Reset")
    assert await overrides(c, shop) == {("en", "menu.title"): NEW_TITLE}
    assert await overrides(c, other) == {}
    assert await audit(c, shop) == []
