"""The master console through `Dispatcher.feed_update`, in memory (docs/master-console.md).

Rights: a non-admin's `/admin` is an unknown command (no answer, like `/nosuch`), and
every console action pressed by a non-admin (forged data) changes nothing. Every
action writes one audit row naming `tg:<admin id>`.

Cases considered (tested where they apply):
- a forged press of every console action, by a stranger and by an ordinary tenant's
  admin in that tenant's bot (the console lives in the master bot only);
- ids past int64, negative amounts, garbage actions in forged data: "out of date";
- the confirm button of a top-up pressed twice, and twice at once (race): one credit;
- a value changed between the screen and the press: a feature button carries the
  state it sets, so a double press sets it once and never flips it back;
- an online payment provider switched on before the tenant set its credentials:
  refused with the reason, nothing stored;
- hostile input: a search or a note with NUL, an amount past 10^12, a token of the
  wrong shape, a token Telegram refuses, a token already hosted;
- cancel at each step of the new-tenant conversation leaves nothing created;
- the master tenant offers neither deactivate, suspend nor delete (the use cases
  refuse it too: 409);
- not covered here: an album or several messages in one batch during the
  conversation (each message is one step; the FSM takes them in order), Redis down
  (the FSM falls back to memory, tests/e2e/bots/test_redis_outage.py).
"""

from __future__ import annotations

import asyncio
import copy

import pytest

from src.application.tenancy.ensure_master import EnsureMasterInput
from src.core.errors import Unauthenticated
from src.core.ids import TenantId
from src.core.tenancy.tenant import TenantStatus
from src.infrastructure.container import Container
from src.interfaces.bot.callbacks import LangCb
from src.interfaces.bot.console_callbacks import ConsoleCb
from src.interfaces.bot.i18n import t
from tests.support.botfeed import FeedBot, Sent, feed_bot
from tests.support.console import OUT_OF_DATE, forged_presses
from tests.support.doubles import memory_telegram, memory_uow
from tests.support.factories import create_tenant
from tests.support.flags import mark_not_built

ADMIN = 900_001
STRANGER = 900_002
MASTER_TOKEN = "6000000001:AAmasterTOKEN"


async def console(container: Container) -> tuple[FeedBot, FeedBot]:
    """The master bot (its admins from the settings) and one ordinary tenant ("Alpha",
    admin ADMIN+5), on the shop's Dispatcher and recording session."""
    shop = await feed_bot(container, "Alpha", admin_ids=(ADMIN + 5,))
    memory_telegram(container).register(MASTER_TOKEN, username="fleet_master_bot")
    master = await container.ensure_master()(EnsureMasterInput(MASTER_TOKEN, (ADMIN,)))
    bot = container.bot_registry().add(master.id, MASTER_TOKEN)
    return FeedBot(shop.dp, bot, shop.session, master), shop


async def open_card(master: FeedBot, tenant_id: int) -> Sent:
    [home] = await master.say(ADMIN, "/admin")
    [listing] = await master.press(ADMIN, home, "Tenants")
    [card] = await master.press_data(
        ADMIN, listing, ConsoleCb(action="card", tenant_id=tenant_id).pack()
    )
    return card


def audit_rows(container: Container) -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.target) for e in memory_uow(container).store.data.audit]


async def test_admin_opens_the_console_and_sees_tenants_with_status_and_balance(
    memory_container: Container,
) -> None:
    master, shop = await console(memory_container)
    [home] = await master.say(ADMIN, "/admin")
    assert "Master console" in home.text
    [listing] = await master.press(ADMIN, home, "Tenants")
    labels = [label for label, _ in listing.buttons]
    assert f"#{shop.tenant.id} Alpha · active · 0.00 RUB" in labels
    assert "Tenants (2)" in listing.text


async def test_a_non_admins_admin_is_an_unknown_command(memory_container: Container) -> None:
    master, shop = await console(memory_container)
    assert await master.say(STRANGER, "/nosuchcommand") == []
    assert await master.say(STRANGER, "/admin") == []
    # an ordinary tenant's admin: their own shop's console (issue #13), never the master's
    [own] = await shop.say(ADMIN + 5, "/admin")
    assert "Alpha: admin console" in own.text and "Master console" not in own.text
    assert await shop.say(ADMIN, "/admin") == []  # a master admin, in another bot


@pytest.mark.parametrize("in_tenant_bot", [False, True])
async def test_every_console_press_forged_by_a_non_admin_changes_nothing(
    memory_container: Container, in_tenant_bot: bool
) -> None:
    master, shop = await console(memory_container)
    bot, presser = (shop, ADMIN) if in_tenant_bot else (master, STRANGER)
    store = memory_uow(memory_container).store
    before = copy.deepcopy(store.data)
    [anything] = await master.say(ADMIN, "/admin")  # a message to press on
    for data in forged_presses(shop.tenant.id):
        assert await bot.press_data(presser, anything, data) == [], data
        assert bot.session.alerts[-1] == OUT_OF_DATE
    assert store.data.bots[shop.tenant.id].tenant == before.bots[shop.tenant.id].tenant
    assert store.data.flags == before.flags
    assert store.data.billing.wallets == before.billing.wallets
    assert store.data.audit == before.audit
    assert set(store.data.bots) == set(before.bots)


@pytest.mark.parametrize(
    "data",
    [
        "mc:card:9223372036854775808:0:0:",  # a tenant id past int64
        "mc:topok:1:0:-5:x",  # a negative amount
        "mc:topok:1:0:1000000000001:x",  # past 10^12
        "mc:nosuch:1:0:0:",
        "mc:do:1:0:0:explode",
    ],
)
async def test_malformed_console_data_from_an_admin_is_out_of_date(
    memory_container: Container, data: str
) -> None:
    master, shop = await console(memory_container)
    [home] = await master.say(ADMIN, "/admin")
    data = data.replace(":1:", f":{shop.tenant.id}:", 1)
    assert await master.press_data(ADMIN, home, data) == []
    assert "out of date" in master.session.alerts[-1]
    assert audit_rows(memory_container) == [] or all(
        row[1] == "tenant.create" for row in audit_rows(memory_container)
    )


async def test_a_new_tenant_is_made_from_a_token_in_the_chat(memory_container: Container) -> None:
    master, _shop = await console(memory_container)
    gateway = memory_telegram(memory_container)
    token = "6100000002:AAnewSHOPtoken"
    gateway.register(token, username="new_shop_bot", first_name="New Shop")
    [home] = await master.say(ADMIN, "/admin")
    [ask] = await master.press(ADMIN, home, "New tenant")
    assert "bot token" in ask.text
    [refused] = await master.say(ADMIN, "not-a-token")
    assert "Telegram does not accept this token" in refused.text
    [refused] = await master.say(ADMIN, "6100000003:AAunknown")  # getMe says 401
    assert "Telegram does not accept this token" in refused.text
    [used] = await master.say(ADMIN, "6000000001:AAmasterTOKEN")
    assert used.text == "This bot is already hosted by a tenant."
    [name] = await master.say(ADMIN, token)
    assert "@new_shop_bot" in name.text
    [language] = await master.press(ADMIN, name, 'Use "New Shop"')
    [_admins] = await master.press(ADMIN, language, "فارسی")
    [done] = await master.say(ADMIN, "111 222")
    assert "New Shop (@new_shop_bot) is created" in done.text
    api_token = done.text.rsplit("\n", 1)[-1]
    tenant_id = await memory_container.authenticate_api_token()(api_token)
    made = await memory_container.get_tenant()(tenant_id)
    assert (made.name, made.default_language, made.admin_ids, made.status) == (
        "New Shop",
        "fa",
        (111, 222),
        TenantStatus.ACTIVE,
    )
    assert made.created_by == f"tg:{ADMIN}"
    assert (f"tg:{ADMIN}", "tenant.create", f"tenant:{tenant_id}") in audit_rows(memory_container)
    # the conversation is over: another token-looking message creates nothing (it is
    # text outside any flow, answered by the short help: docs/shop.md#first-contact)
    [helped] = await master.say(ADMIN, token)
    assert helped.text == t("en", "help.fallback")


@pytest.mark.parametrize("step", ["token", "name", "language", "admins"])
async def test_cancel_at_any_step_creates_nothing(memory_container: Container, step: str) -> None:
    master, _ = await console(memory_container)
    token = "6100000004:AAcancelled"
    memory_telegram(memory_container).register(token, username="cancel_bot")
    [home] = await master.say(ADMIN, "/admin")
    [screen] = await master.press(ADMIN, home, "New tenant")
    if step != "token":
        [screen] = await master.say(ADMIN, token)
    if step in ("language", "admins"):
        [screen] = await master.say(ADMIN, "Cancelled Shop")
    if step == "admins":
        [screen] = await master.press(ADMIN, screen, "English")
    [back] = await master.press(ADMIN, screen, "Cancel")
    assert "Master console" in back.text
    [helped] = await master.say(ADMIN, "123")  # outside any flow now: the short help
    assert helped.text == t("en", "help.fallback")
    assert len(memory_uow(memory_container).store.data.bots) == 2


async def test_a_feature_switched_in_the_console_changes_the_tenants_menu(
    memory_container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    master, shop = await console(memory_container)
    [menu] = await shop.say(7001, "/start")
    assert any("trial" in label.lower() for label, _ in menu.buttons)
    card = await open_card(master, shop.tenant.id)
    [feats] = await master.press(ADMIN, card, "Features")
    off = feats.button("trial_subscription")
    [after] = await master.press_data(ADMIN, feats, off)
    assert "▫️ trial_subscription" in [label for label, _ in after.buttons]
    await master.press_data(ADMIN, feats, off)  # the same button again: still off
    [menu] = await shop.say(7002, "/start")
    assert not any("trial" in label.lower() for label, _ in menu.buttons)
    assert (f"tg:{ADMIN}", "feature.set", "feature:trial_subscription") in audit_rows(
        memory_container
    )
    not_built = after.button(mark_not_built(monkeypatch))
    await master.press_data(ADMIN, after, not_built)
    assert "not built yet" in master.session.alerts[-1]
    # an online provider without the tenant's credentials: refused, named, nothing stored
    await master.press_data(ADMIN, after, after.button("yookassa"))
    assert "no credentials" in master.session.alerts[-1]
    assert not (await memory_container.get_features()(shop.tenant.id))["yookassa"].enabled


async def test_a_top_up_confirmed_twice_credits_once(memory_container: Container) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [wallet] = await master.press(ADMIN, card, "Wallet")
    [_ask] = await master.press(ADMIN, wallet, "Top up")
    [confirm] = await master.say(ADMIN, "50000 bank transfer 12")
    assert "Credit 500.00 RUB to the wallet of Alpha" in confirm.text
    assert "bank transfer 12" in confirm.text
    [shown] = await master.press(ADMIN, confirm, "Yes")
    assert "Balance: 500.00 RUB" in shown.text and "bank transfer 12" not in shown.text
    assert await master.press(ADMIN, confirm, "Yes") == []
    assert master.session.alerts[-1] == "This top-up was already credited; nothing was added."
    view = await memory_container.get_wallet()(shop.tenant.id)
    assert view.wallet.balance == 50_000
    ledger = await memory_container.list_wallet_ledger()(shop.tenant.id)
    assert [e.amount for e in ledger.items] == [50_000]
    assert ledger.items[0].reference == "bank transfer 12"
    rows = [r for r in audit_rows(memory_container) if r[1] == "wallet.top_up"]
    assert rows == [(f"tg:{ADMIN}", "wallet.top_up", f"wallet:{shop.tenant.id}")]


async def test_a_top_up_confirmed_twice_at_once_credits_once(memory_container: Container) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [wallet] = await master.press(ADMIN, card, "Wallet")
    await master.press(ADMIN, wallet, "Top up")
    [confirm] = await master.say(ADMIN, "70000")
    await asyncio.gather(*(master.press(ADMIN, confirm, "Yes") for _ in range(5)))
    ledger = await memory_container.list_wallet_ledger()(shop.tenant.id)
    assert [e.amount for e in ledger.items] == [70_000]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1000000000001", "whole number"),
        ("-5", "whole number"),
        ("12abc", "whole number"),
        ("500 note\x00with NUL", "note"),
    ],
)
async def test_a_bad_top_up_amount_is_refused_and_credits_nothing(
    memory_container: Container, text: str, reason: str
) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [wallet] = await master.press(ADMIN, card, "Wallet")
    await master.press(ADMIN, wallet, "Top up")
    [refused] = await master.say(ADMIN, text)
    assert refused.text.startswith("Not accepted") and reason in refused.text
    # one error path (errors.py), the console's audience: the step stays open, with
    # the console's own way out, so the admin simply types again
    assert [label for label, _ in refused.buttons] == ["Cancel"]
    assert (await memory_container.get_wallet()(shop.tenant.id)).wallet.balance == 0
    [confirm] = await master.say(ADMIN, "500")
    assert "5.00 RUB" in confirm.text


async def test_status_changes_need_a_confirmation_and_are_audited(
    memory_container: Container,
) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [confirm] = await master.press(ADMIN, card, "Deactivate")
    assert "Its bot stops at once" in confirm.text
    assert (await memory_container.get_tenant()(shop.tenant.id)).status is TenantStatus.ACTIVE
    [card] = await master.press(ADMIN, confirm, "Yes")
    assert "Status: disabled" in card.text
    [confirm] = await master.press(ADMIN, card, "Activate")
    [card] = await master.press(ADMIN, confirm, "Yes")
    assert "Status: active" in card.text
    [confirm] = await master.press(ADMIN, card, "Suspend")
    [card] = await master.press(ADMIN, confirm, "Yes")
    assert "Status: suspended" in card.text
    [confirm] = await master.press(ADMIN, card, "Resume")
    [card] = await master.press(ADMIN, confirm, "Yes")
    assert "Status: active" in card.text
    actions = [r[1] for r in audit_rows(memory_container) if r[0] == f"tg:{ADMIN}"]
    assert actions == ["tenant.deactivate", "tenant.activate", "tenant.suspend", "tenant.resume"]


async def test_the_master_tenant_offers_no_deactivate_suspend_or_delete(
    memory_container: Container,
) -> None:
    master, _ = await console(memory_container)
    card = await open_card(master, master.tenant.id)
    labels = [label for label, _ in card.buttons]
    assert not {"Deactivate", "Suspend", "Delete"} & set(labels)
    forged = ConsoleCb(action="do", tenant_id=master.tenant.id, arg="deactivate").pack()
    await master.press_data(ADMIN, card, forged)
    assert master.session.alerts[-1] == "The master tenant cannot be changed this way."


async def test_rotating_the_api_token_shows_the_new_one_once(memory_container: Container) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [confirm] = await master.press(ADMIN, card, "Rotate API token")
    [shown] = await master.press(ADMIN, confirm, "Yes")
    token = shown.text.rsplit("\n", 1)[-1]
    assert token.startswith("flt_") and "shown only this once" in shown.text
    assert await memory_container.authenticate_api_token()(token) == shop.tenant.id
    assert (f"tg:{ADMIN}", "tenant.rotate_token", f"tenant:{shop.tenant.id}") in audit_rows(
        memory_container
    )


async def test_delete_needs_the_tenants_name_typed(memory_container: Container) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [ask] = await master.press(ADMIN, card, "Delete")
    assert "send its name exactly: Alpha" in ask.text
    [mismatch] = await master.say(ADMIN, "alpha")
    assert mismatch.text == "The name does not match; nothing was deleted."
    assert shop.tenant.id in memory_uow(memory_container).store.data.bots
    # the card as an older view shows it (a second client): the edit changes nothing on
    # Telegram's side ("not modified"), which is no error; the conversation is open
    assert await master.press(ADMIN, card, "Delete") == []
    [done] = await master.say(ADMIN, "Alpha")
    assert "Alpha was deleted." in done.text
    assert shop.tenant.id not in memory_uow(memory_container).store.data.bots
    assert (f"tg:{ADMIN}", "tenant.delete", f"tenant:{shop.tenant.id}") in audit_rows(
        memory_container
    )


async def test_the_list_pages_by_ten_filters_by_status_and_searches(
    memory_container: Container,
) -> None:
    master, shop = await console(memory_container)
    for i in range(11):
        await create_tenant(memory_container, f"Shop{i:02d}")
    await memory_container.deactivate_tenant()(shop.tenant.id)
    [home] = await master.say(ADMIN, "/admin")
    [first] = await master.press(ADMIN, home, "Tenants")
    tenants = [label for label, _ in first.buttons if label.startswith("#")]
    assert len(tenants) == 10 and "Tenants (13)" in first.text
    [second] = await master.press(ADMIN, first, "Next")
    assert len([label for label, _ in second.buttons if label.startswith("#")]) == 3
    [disabled] = await master.press(ADMIN, second, "Disabled")
    assert [label for label, _ in disabled.buttons if label.startswith("#")] == [
        f"#{shop.tenant.id} Alpha · disabled · 0.00 RUB"
    ]
    [found] = await master.say(ADMIN, "shop0")
    assert "Tenants (10)" in found.text
    [found] = await master.say(ADMIN, str(shop.tenant.id))  # the id, or digits in names
    assert f"#{shop.tenant.id} Alpha · disabled · 0.00 RUB" in [label for label, _ in found.buttons]
    [found] = await master.say(ADMIN, "zzz")
    assert "No tenant matches." in found.text
    [refused] = await master.say(ADMIN, "bad\x00search")
    assert refused.text.startswith("Not accepted")


async def test_the_statistics_screen_and_the_audit_log(memory_container: Container) -> None:
    master, shop = await console(memory_container)
    await memory_container.deactivate_tenant()(shop.tenant.id, actor="api:master")
    [home] = await master.say(ADMIN, "/admin")
    [stats] = await master.press(ADMIN, home, "Statistics")
    assert "Tenants: active: 1, suspended: 0, disabled: 1, failed: 0" in stats.text
    assert "Today: 0 purchases, 0.00 RUB" in stats.text
    [back] = await master.press(ADMIN, stats, "Back")
    [log] = await master.press(ADMIN, back, "Audit log")
    assert "api:master tenant.deactivate" in log.text


async def test_the_console_speaks_the_admins_language(memory_container: Container) -> None:
    master, _ = await console(memory_container)
    [menu] = await master.say(ADMIN, "/start")
    await master.press_data(ADMIN, menu, LangCb(code="ru").pack())
    [home] = await master.say(ADMIN, "/admin")
    assert home.text == "Консоль владельца платформы. Что будем настраивать?"


async def test_an_unknown_tenant_id_is_not_found(memory_container: Container) -> None:
    master, _ = await console(memory_container)
    [home] = await master.say(ADMIN, "/admin")
    data = ConsoleCb(action="card", tenant_id=TenantId(10**15)).pack()
    assert await master.press_data(ADMIN, home, data) == []
    assert master.session.alerts[-1] == "This tenant no longer exists."
    with pytest.raises(Unauthenticated):
        await memory_container.authenticate_api_token()("flt_nothing")


async def test_an_admin_added_from_the_console_gets_the_console_and_loses_it_on_removal(
    memory_container: Container,
) -> None:
    master, _ = await console(memory_container)
    assert await master.say(STRANGER, "/admin") == []
    [home] = await master.say(ADMIN, "/admin")
    [listing] = await master.press(ADMIN, home, "Master admins")
    assert f"From the settings (FLEET_MASTER_ADMIN_IDS): {ADMIN}" in listing.text
    [ask] = await master.press(ADMIN, listing, "Add an admin")
    assert ask.text == "Send the Telegram id of the new master admin."
    [refused] = await master.say(ADMIN, "99999999999999999999")  # past int64
    assert refused.text.startswith("Not accepted")
    [added] = await master.say(ADMIN, str(STRANGER))
    assert f"Added here: {STRANGER}" in added.text
    [their_home] = await master.say(STRANGER, "/admin")
    assert "Master console" in their_home.text
    [removed] = await master.press(ADMIN, added, f"✖ {STRANGER}")
    assert "Added here: —" in removed.text
    assert await master.say(STRANGER, "/admin") == []
    rows = [r for r in audit_rows(memory_container) if r[1].startswith("master_admin.")]
    assert rows == [
        (f"tg:{ADMIN}", "master_admin.add", f"tg:{STRANGER}"),
        (f"tg:{ADMIN}", "master_admin.remove", f"tg:{STRANGER}"),
    ]


async def test_billing_settings_are_set_from_the_wallet_screen(
    memory_container: Container,
) -> None:
    master, shop = await console(memory_container)
    card = await open_card(master, shop.tenant.id)
    [wallet] = await master.press(ADMIN, card, "Wallet")
    [wallet] = await master.press(ADMIN, wallet, "consumption")
    assert "Model: consumption" in wallet.text
    [ask] = await master.press(ADMIN, wallet, "Set the credit limit")
    assert ask.text.startswith("Set the credit limit: send the amount")
    [refused] = await master.say(ADMIN, "-5")  # a credit limit is never negative
    assert refused.text.startswith("Not accepted") and "credit_limit" in refused.text
    [refused] = await master.say(ADMIN, "12x")
    assert refused.text.startswith("Not accepted")
    [wallet] = await master.say(ADMIN, "30000")
    assert "Credit limit: 300.00 RUB" in wallet.text
    [ask] = await master.press(ADMIN, wallet, "Set the suspension threshold")
    [wallet] = await master.say(ADMIN, "-20000")
    assert "Suspension below: -200.00 RUB" in wallet.text
    settings = (await memory_container.get_wallet()(shop.tenant.id)).settings
    assert (settings.model.value, settings.credit_limit, settings.suspend_threshold) == (
        "consumption",
        30_000,
        -20_000,
    )
    rows = [r for r in audit_rows(memory_container) if r[1] == "wallet.settings"]
    assert len(rows) == 3 and rows[0][0] == f"tg:{ADMIN}"


def test_the_forged_press_list_covers_every_console_action() -> None:
    """A new console callback must join tests/support/console.py's ACTIONS."""
    import re
    from pathlib import Path

    from tests.support.console import ACTIONS

    source = Path("src/interfaces/bot/handlers/master_console.py").read_text()
    handled = set(re.findall(r'F\.action == "([^"]+)"', source))
    for group in re.findall(r"F\.action\.in_\(\{([^}]*)\}\)", source):
        handled |= set(re.findall(r'"([^"]+)"', group))
    assert handled <= {a for a, _, _ in ACTIONS}
