"""What a user sees of the shop's money rules (issue #10 items 5, 6, 7, 14): real aiogram
against the Bot API simulator, the Remnawave simulator over HTTP, real PostgreSQL, in
polling and webhook mode.

Cases considered (the use-case file lists the rest):
- a forged trial press after a purchase (the button is not shown): refused in the chat
  and as an alert, the panel user and the subscription untouched;
- the plan's price changed between showing and pressing its confirm button: the new
  terms are shown with a fresh button; only that one buys, at the price it shows;
- a plan withdrawn after its confirm button was shown: the refusal is a message, not
  only an alert (the terminal sandbox shows no alerts);
- a trial the tenant's wallet cannot carry: refused in the chat, nothing on the panel;
- a forged confirm button with a plan id past int64 or a NUL in the offer: refused
  in the chat, nothing charged; a confirm button without a deal (sent before the
  buttons carried one, or forged): the plans again, nothing charged;
- days left a minute after buying a 30-day plan; no reminder minutes after a trial.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from src.application.shop.update_plan import UpdatePlanInput
from src.core.billing.settings import GIB, BillingModel
from src.core.billing.wallet import WalletKind
from src.core.shop.plan import Plan
from src.sandbox.remnawave.simulator import RemnawaveSimulator
from src.sandbox.telegram import SentMessage
from tests.e2e.bots.harness import Harness, Shop, labels
from tests.e2e.bots.test_shop_journey import USER, fund, open_shop
from tests.support.billing import configure, ledger_of, top_up
from tests.support.doubles import frozen_clock

RATE = 1_000  # minor units per GiB


async def test_a_customer_gets_no_trial_and_a_forged_trial_press_changes_nothing(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    shop, _ = await open_shop(harness)
    menu = await harness.say(shop, USER, "/start")
    assert "🎁 Free trial" in labels(menu)  # a new user is offered one
    await fund(harness, shop, 50_000)
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    assert "Done!" in ((await harness.press(shop, USER, details, "Buy for")).text or "")

    menu = await harness.say(shop, USER, "/start")
    assert "🎁 Free trial" not in labels(menu)
    update_id = harness.sim.press_button(shop.token, USER, menu.message_id, "m:trial", force=True)
    answer = await harness.sim.wait_callback_answer(shop.token, update_id)
    shown = await harness.sim.wait_for_message(shop.token, USER)
    assert answer is not None and "for new customers" in (answer.text or "")
    assert "for new customers" in (shown.text or "")  # in the chat, not only an alert

    [panel_user] = panel_sim.users()
    assert (panel_user.traffic_limit_bytes, panel_user.hwid_device_limit) == (40 * GIB, 2)
    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
        assert user is not None
        sub = await uow.subscriptions.of_user(user.id)
    assert sub is not None and not sub.is_trial and sub.traffic_limit_bytes == 40 * GIB


async def test_a_trial_is_charged_to_the_wallet_or_refused_in_the_chat(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    await harness.start()
    c = harness.container
    shop, _ = await open_shop(harness)
    await configure(c, shop.id, model=BillingModel.SALE, rate_per_gb=RATE)
    menu = await harness.say(shop, USER, "/start")
    refused = await harness.press(shop, USER, menu, "Free trial")  # an empty wallet
    assert "temporarily unavailable" in (refused.text or "")
    assert panel_sim.users() == []

    await top_up(c, shop.id, 5 * RATE)
    menu = await harness.say(shop, USER, "/start")
    started = await harness.press(shop, USER, menu, "Free trial")
    assert "trial runs until" in (started.text or "")
    *_, charge = await ledger_of(c, shop.id)
    assert (charge.kind, charge.amount, charge.balance_after) == (
        WalletKind.TRIAL_CHARGE,
        -5 * RATE,
        0,
    )
    [panel_user] = panel_sim.users()
    assert (panel_user.traffic_limit_bytes, panel_user.hwid_device_limit) == (5 * GIB, 1)

    mark = harness.sim.mark()  # no "ends in 2 days" minutes after a 3-day trial starts
    frozen_clock(c).advance(timedelta(minutes=10))
    assert (await c.run_expiry_jobs()()).reminded == 0
    assert [m for m in harness.sim.sent_messages(shop.token, USER) if m.seq > mark] == []


async def confirming(harness: Harness, **change: object) -> tuple[Shop, SentMessage, Plan]:
    """A user with 1,000 RUB looking at the plan's confirm button; then the tenant
    changes the plan by `change` (the plan as it is now is returned)."""
    await harness.start()
    shop, _ = await open_shop(harness)
    menu = await harness.say(shop, USER, "/start")
    await fund(harness, shop, 100_000)
    details = await harness.press(shop, USER, await harness.press(shop, USER, menu, "Buy"), "Month")
    [plan] = await harness.container.list_plans()(shop.id)
    if change:
        changed = UpdatePlanInput(shop.id, plan.id, **change)  # type: ignore[arg-type]
        plan = await harness.container.update_plan()(changed)
    return shop, details, plan


async def test_a_price_changed_after_confirming_is_shown_and_only_then_charged(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    shop, details, _ = await confirming(harness, price=60_000)
    c = harness.container
    assert "Price: 500.00 RUB" in (details.text or "")  # what the user saw

    again = await harness.press(shop, USER, details, "Buy for")
    assert "changed" in (again.text or "") and "Price: 600.00 RUB" in (again.text or "")
    assert "Buy for 600.00 RUB" in " ".join(labels(again))
    assert panel_sim.users() == []
    done = await harness.press(shop, USER, again, "Buy for")
    assert "Done!" in (done.text or "")
    async with c.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None and user.balance == 40_000

    frozen_clock(c).advance(timedelta(minutes=1))  # a fresh 30-day plan has 30 days left
    menu = await harness.say(shop, USER, "/start")
    view = await harness.press(shop, USER, menu, "My subscription")
    assert "(30 days left)" in (view.text or "")


async def test_a_plan_withdrawn_after_confirming_is_refused_in_the_chat(
    harness: Harness, panel_sim: RemnawaveSimulator
) -> None:
    shop, details, _ = await confirming(harness, active=False)

    refused = await harness.press(shop, USER, details, "Buy for")
    assert "no longer on sale" in (refused.text or "")
    assert labels(refused) == ["⬅️ Back"]
    assert panel_sim.users() == []


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        # a plan id past int64 is no button of ours (the callback ids are int64):
        # like a button without a deal, the plans are shown again
        (f"b:{2**63}:n0nce:abc", "Choose a plan"),
        (f"b:{-(2**64)}:x:y", "Choose a plan"),
        ("b:PLAN:n0nce:a\x00b", "changed"),  # a NUL in the offer: a stale confirmation
        ("b:PLAN:n0nce", "Choose a plan"),  # sent before buttons carried the deal
        ("b:PLAN:n0nce:abc:extra", "Choose a plan"),
    ],
)
async def test_a_forged_confirm_button_charges_nothing(
    harness: Harness, panel_sim: RemnawaveSimulator, data: str, shown: str
) -> None:
    shop, details, plan = await confirming(harness)
    data = data.replace("PLAN", str(plan.id))
    update_id = harness.sim.press_button(shop.token, USER, details.message_id, data, force=True)
    await harness.sim.wait_callback_answer(shop.token, update_id)
    assert shown in ((await harness.sim.wait_for_message(shop.token, USER)).text or "")
    async with harness.container.uow().for_tenant(shop.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None and user.balance == 100_000
    assert panel_sim.users() == []
