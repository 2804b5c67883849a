"""One bot failing never takes the others down (PRODUCT 2.4)."""

from __future__ import annotations

import time

import pytest

from src.core.tenancy.tenant import TenantStatus
from tests.e2e.bots.conftest import MASTER_ADMIN
from tests.e2e.bots.harness import Harness

USER = 555_002


async def _with_master(harness: Harness) -> str:
    token = harness.new_token("master_bot")
    harness.use_master(token)
    return token


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_token_rejected_marks_the_tenant_failed_and_tells_master_admins(
    harness: Harness,
) -> None:
    master_token = await _with_master(harness)
    await harness.start()
    await harness.say(master_token, MASTER_ADMIN, "/start")  # bots may only write to known users
    bad, good = await harness.add_shop("Revoked"), await harness.add_shop("Healthy")
    await harness.say(bad, USER, "/start")

    harness.sim.fail_token(bad.token, 401)

    async def failed() -> bool:
        return (await harness.container.get_tenant()(bad.id)).status is TenantStatus.FAILED

    await harness.eventually(failed)
    alert = await harness.sim.wait_for_message(master_token, MASTER_ADMIN)
    assert f"#{bad.id}" in (alert.text or "") and "rejected its token" in (alert.text or "")
    assert bad.id not in harness.platform.runtime.registry  # type: ignore[union-attr]
    assert "Welcome to Healthy" in ((await harness.say(good, USER, "/start")).text or "")


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_network_failure_of_one_bot_is_retried_while_others_answer(
    harness: Harness,
) -> None:
    await harness.start()
    flaky, steady = await harness.add_shop("Flaky"), await harness.add_shop("Steady")
    await harness.eventually(lambda: _polling(harness, flaky.token))
    harness.sim.network_fail(flaky.token, times=3)  # the next three getUpdates drop
    assert "Welcome to Steady" in ((await harness.say(steady, USER, "/start")).text or "")
    await harness.eventually(lambda: _drops_used(harness, flaky.token))
    await harness.eventually(lambda: _polling(harness, flaky.token))  # it came back by itself
    assert "Welcome to Flaky" in ((await harness.say(flaky, USER, "/start")).text or "")
    assert (await harness.container.get_tenant()(flaky.id)).status is TenantStatus.ACTIVE


async def test_flood_limit_is_waited_out_and_the_reply_still_arrives(harness: Harness) -> None:
    await harness.start()
    shop = await harness.add_shop("Busy")
    harness.sim.rate_limit(shop.token, "sendMessage", retry_after=1, times=1)
    started = time.monotonic()
    reply = await harness.say(shop, USER, "/start")
    assert "Welcome to Busy" in (reply.text or "")
    assert time.monotonic() - started >= 1.0  # it waited retry_after before the retry
    assert len(harness.sim.calls(shop.token, "sendMessage")) == 2


async def _polling(harness: Harness, token: str) -> bool:
    return harness.sim.is_polling(token)


async def _drops_used(harness: Harness, token: str) -> bool:
    return not harness.sim.pending_network_drops(token)
