"""The tenant console's Online payments screen, in the fast bot tier (docs/tenant-console.md).

Cases considered:
- both providers listed, configured or not, with the test mode; credentials never shown;
- YooKassa set by conversation (shopId → test/live → secret): the secret's message is
  deleted from the chat once read (deleteMessage), whether accepted or refused, and no
  message the bot sends carries it; stored sealed (read back only through the port);
  audited `payment_provider.set` without the secret;
- Crypto Pay: no shopId step;
- hostile input: a shopId that is not a number, NUL in the secret, a secret over 512
  characters: refused, the step stays open, the next good one is taken;
- a secret sent as a command (`/start`) is not taken as the secret;
- clear: behind a confirmation; refused while the provider's flag is on (in use); a
  stale screen clearing a provider no longer configured: "not configured", nothing
  written; audited `payment_provider.clear`;
- forged presses (a user of the tenant, an admin of another tenant): nothing set or
  cleared (and every console callback in tests/unit/bot/
  test_tenant_console_admins_broadcasts.py, which enumerates these handlers too);
- a forged provider index past the providers: refused.
Not applicable: money (no payment moves here); a pending payment blocking the clear is
the use case's (tests of ClearProviderCredentials through the API).
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.methods import DeleteMessage
from aiogram.types import Chat, Message

from src.application.payments.provider_settings import load_credentials
from src.application.tenancy.features import SetFeatureInput
from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.interfaces.bot.views.tenant_console import cb
from tests.support.botfeed import FeedBot, Sent, _user, feed_bot
from tests.support.top_ups import enable
from tests.unit.bot.test_tenant_console_admins_broadcasts import (
    ADMIN,
    OTHER_ADMIN,
    USER,
    audit_actions,
    menu,
)

SECRET = "live_S3cr3tKeyThatMustNeverBeShown"


async def setup(c: Container) -> tuple[FeedBot, FeedBot]:
    shop = await feed_bot(c, "Alpha", admin_ids=(ADMIN,))
    other = await feed_bot(c, "Beta", admin_ids=(OTHER_ADMIN,))
    return shop, other


async def say_as(shop: FeedBot, user_id: int, text: str, message_id: int) -> list[Sent]:
    message = Message(
        message_id=message_id,
        date=datetime.now(UTC),
        chat=Chat(id=user_id, type="private"),
        from_user=_user(user_id, "en"),
        text=text,
    )
    return await shop.feed(message=message)


def deleted(shop: FeedBot) -> list[tuple[int, int]]:
    return [
        (int(m.chat_id), m.message_id) for m in shop.session.calls if isinstance(m, DeleteMessage)
    ]


async def stored(c: Container, tenant_id: TenantId, provider: str) -> tuple[str, str, bool] | None:
    async with c.uow().for_tenant(tenant_id) as uow:
        found = await load_credentials(uow, c.box(), provider)
    return None if found is None else (found.account_id, found.secret, found.test_mode)


async def test_set_yookassa_by_conversation_the_secret_deleted_never_echoed(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _ = await setup(c)
    [screen] = await shop.press(ADMIN, await menu(shop), "🌐 Online payments")
    assert "YooKassa: not configured" in screen.text
    assert "Crypto Pay: not configured" in screen.text
    [ask] = await shop.press(ADMIN, screen, "🔑 Set YooKassa")
    assert "shopId" in ask.text
    [refused] = await shop.say(ADMIN, "shop 12")  # not a number: the step stays
    assert "Not accepted" in refused.text or "number" in refused.text
    [mode] = await shop.say(ADMIN, "123456")
    [ask_secret] = await shop.press(ADMIN, mode, "🧪 Test mode")
    assert "deleted" in ask_secret.text
    # hostile secrets: refused, their messages deleted too, the step stays
    for n, bad in enumerate(("a\x00b", "x" * 513)):
        await say_as(shop, ADMIN, bad, 5_000 + n)
        assert (ADMIN, 5_000 + n) in deleted(shop)
    assert await stored(c, shop.tenant.id, "yookassa") is None
    [saved] = await say_as(shop, ADMIN, SECRET, 6_000)
    assert (ADMIN, 6_000) in deleted(shop)
    assert "YooKassa: configured, test mode" in saved.text
    assert not [s for s in shop.session.sent if SECRET in s.text]
    assert await stored(c, shop.tenant.id, "yookassa") == ("123456", SECRET, True)
    assert await audit_actions(c, shop) == ["payment_provider.set"]
    rows = (await c.list_audit()(shop.tenant.id)).items
    assert all(SECRET not in f"{r.before}{r.after}" for r in rows)


async def test_crypto_pay_has_no_shop_id_and_a_command_is_no_secret(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, _ = await setup(c)
    [screen] = await shop.press(ADMIN, await menu(shop), "🌐 Online payments")
    [mode] = await shop.press(ADMIN, screen, "🔑 Set Crypto Pay")
    assert "Test mode" in str(mode.buttons)
    await shop.press(ADMIN, mode, "💰 Live")
    await shop.say(ADMIN, "/start")  # a command is not the secret
    assert await stored(c, shop.tenant.id, "cryptopay") is None
    [screen] = await shop.press(ADMIN, await menu(shop), "🌐 Online payments")
    [mode] = await shop.press(ADMIN, screen, "🔑 Set Crypto Pay")
    await shop.press(ADMIN, mode, "💰 Live")
    [saved] = await say_as(shop, ADMIN, "12345:AAtoken", 7_000)
    assert "Crypto Pay: configured" in saved.text and "test mode" not in saved.text.split("Pay:")[1]
    assert await stored(c, shop.tenant.id, "cryptopay") == ("", "12345:AAtoken", False)


async def test_clear_behind_a_confirmation_refused_while_in_use(
    memory_container: Container,
) -> None:
    c = memory_container
    shop, other = await setup(c)
    [screen] = await shop.press(ADMIN, await menu(shop), "🌐 Online payments")
    [mode] = await shop.press(ADMIN, screen, "🔑 Set Crypto Pay")
    await shop.press(ADMIN, mode, "💰 Live")
    [screen] = await say_as(shop, ADMIN, "12345:AAtoken", 7_000)
    await enable(c, shop.tenant.id, "cryptopay")
    # forged presses: a user of the tenant, an admin of another tenant (in this bot and theirs)
    for presser, bot in ((USER, shop), (OTHER_ADMIN, shop), (OTHER_ADMIN, other)):
        for data in (cb("op_clr!", 1), cb("op_clr", 1), cb("op_set", 1), cb("op_mode", 1)):
            shown = await bot.press_data(presser, screen, data)
            assert not [s for s in shown if "Crypto Pay" in s.text], data
    [ask] = await shop.press(ADMIN, screen, "🗑 Clear Crypto Pay")
    assert "Clear the Crypto Pay credentials?" in ask.text
    assert await shop.press(ADMIN, ask, "🗑 Clear") == []  # the flag is on: in use
    assert "switched on" in shop.session.alerts[-1]
    assert await stored(c, shop.tenant.id, "cryptopay") is not None
    await c.set_feature()(SetFeatureInput(shop.tenant.id, "cryptopay", False))
    [cleared] = await shop.press(ADMIN, ask, "🗑 Clear")
    assert "Crypto Pay: not configured" in cleared.text
    assert await stored(c, shop.tenant.id, "cryptopay") is None
    # a stale screen: clearing what is no longer configured
    assert await shop.press_data(ADMIN, screen, cb("op_clr", 1)) == []
    assert "no credentials" in shop.session.alerts[-1]
    # a forged provider index
    assert await shop.press_data(ADMIN, screen, cb("op_set", 7)) == []
    assert await audit_actions(c, shop) == ["payment_provider.clear", "payment_provider.set"]
