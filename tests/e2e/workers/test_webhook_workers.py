"""Two `fleet serve` workers in webhook mode behind a load balancer that picks a worker
at random for every delivery; one database, one Redis.

Cases considered: the same update delivered to both workers (Telegram retries after a
timeout; dropped by the Redis dedup: handled once), an FSM conversation whose steps
land on different workers (state in Redis), replies under each tenant's own token
(each chat's answer comes from its own bot), /metrics on each worker counting what
was sent. Considered and not tested here: a worker dying mid-update (Telegram retries
a delivery that got no 200; dedup marks the update only once it is taken), Redis down
(each worker falls back to its own memory: tests/e2e/bots/test_redis_outage.py).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from redis.asyncio import Redis

from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.sandbox.telegram import BotApiSimulator, SentMessage
from tests.e2e.test_quickstart import free_port
from tests.e2e.workers.conftest import add_shops
from tests.e2e.workers.fleet_workers import Worker, eventually, worker_env
from tests.support.top_ups import add_cards, enable

pytestmark = pytest.mark.e2e
TENANTS = 100
CONVERSATIONS = 10  # tenants whose user goes through the top-up amount conversation


class RandomBalancer:
    """Forwards each POST to a random worker; remembers which worker took which path."""

    def __init__(self) -> None:
        self.port = free_port()
        self.workers: list[str] = []
        self.routed: list[tuple[str, int]] = []  # (path, worker index)
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
        if self._http:
            await self._http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        if not self.workers:
            return web.Response(status=503)
        index = random.randrange(len(self.workers))
        self.routed.append((request.path, index))
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        headers["Content-Type"] = "application/json"
        async with self._http.post(
            self.workers[index] + request.path, data=await request.read(), headers=headers
        ) as answer:
            return web.Response(body=await answer.read(), status=answer.status)


@pytest.fixture
async def balancer() -> AsyncIterator[RandomBalancer]:
    lb = RandomBalancer()
    await lb.start()
    yield lb
    await lb.stop()


async def scrape(worker: Worker) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with aiohttp.ClientSession() as http, http.get(f"{worker.url}/metrics") as response:
        body = await response.text()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


def updates(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], outcome: str) -> float:
    return samples.get(("fleet_updates_total", (("outcome", outcome),)), 0.0)


@pytest.mark.timeout(400)  # two worker processes start on a shared 2-core machine
async def test_two_webhook_workers_handle_every_update_once_and_fsm_hops_between_them(
    sim: BotApiSimulator, setup: Container, balancer: RandomBalancer, database_url: str,
    redis_url: str, tmp_path: Path,
) -> None:  # fmt: skip
    redis = Redis.from_url(redis_url)
    await redis.flushdb()  # dedup marks of an earlier run name the same tenant and update ids
    await redis.aclose()
    master, shops = await add_shops(setup, sim, TENANTS)
    talkers = list(shops)[:CONVERSATIONS]
    for tenant_id in talkers:
        await enable(setup, tenant_id, "card_to_card")
        await add_cards(setup, tenant_id, 1)
    env = worker_env(
        database_url, sim.base_url, master,
        FLEET_REDIS_URL=redis_url, FLEET_PUBLIC_URL=f"http://127.0.0.1:{balancer.port}",
    )  # fmt: skip
    workers = [Worker({**env, "FLEET_DATA_DIR": str(tmp_path / name)}) for name in "ab"]
    try:
        for worker, name in zip(workers, "ab", strict=True):
            await worker.start(tmp_path / f"{name}.log")
        for worker in workers:
            await worker.wait_ready()
            balancer.workers.append(worker.url)
        before = [await scrape(w) for w in workers]

        async def webhooks_set() -> bool:
            return all(sim.calls(t, "setWebhook") for t in shops.values())

        await eventually(webhooks_set, 60, "every webhook set")

        # every tenant: one /start, answered once, by its own bot
        for token in shops.values():
            sim.send_text(token, 2001, "/start")
        try:
            await asyncio.gather(
                *(sim.wait_for_message(t, 2001, timeout=60) for t in shops.values())
            )
        except TimeoutError:
            failed = [d for t in shops.values() for d in sim.webhook_deliveries(t) if d.error]
            raise AssertionError(f"failed deliveries: {failed[:5]}") from None
        # the same update delivered to both workers, as a Telegram retry would
        duplicated = list(shops.items())[CONVERSATIONS : CONVERSATIONS + 10]
        for tenant_id, token in duplicated:
            await deliver_twice(workers, setup, sim, tenant_id, token, 7_000_000 + tenant_id)
            await sim.wait_for_message(token, 2002, timeout=30)

        # FSM conversations: each step may land on either worker
        for tenant_id in talkers:
            await top_up_conversation(sim, shops[tenant_id], 2003)

        sent = len(shops) + 2 * len(duplicated) + len(talkers) * 5  # updates POSTed

        async def all_counted() -> bool:
            now = [await scrape(w) for w in workers]
            handled = sum(
                updates(n, "handled") - updates(b, "handled")
                for n, b in zip(now, before, strict=True)
            )
            return handled >= sent

        await eventually(all_counted, 30, "every update counted in /metrics")
        after = [await scrape(w) for w in workers]
        delta = {
            outcome: sum(
                updates(a, outcome) - updates(b, outcome)
                for a, b in zip(after, before, strict=True)
            )
            for outcome in ("received", "handled", "duplicate", "failed")
        }
        assert delta == {
            "received": sent,
            "handled": sent,
            "duplicate": len(duplicated),
            "failed": 0,
        }
        for tenant_id, token in shops.items():
            answers = sim.sent_messages(token, 2001)
            assert len(answers) == 1, (tenant_id, answers)
        for _tenant_id, token in duplicated:
            assert len(sim.sent_messages(token, 2002)) == 1
        hops = Counter(path for path, _ in balancer.routed)
        workers_per_path = {p: {i for q, i in balancer.routed if q == p} for p in hops}
        assert any(len(ws) == 2 for p, ws in workers_per_path.items() if hops[p] >= 5)
        sends = ("fleet_bot_api_calls_total", (("method", "SendMessage"), ("status", "200")))
        assert all(a.get(sends, 0) > 0 for a in after)  # both replied to someone
    finally:
        for worker in workers:
            await worker.stop()


async def deliver_twice(
    workers: list[Worker], setup: Container, sim: BotApiSimulator, tenant_id: TenantId,
    token: str, update_id: int,
) -> None:  # fmt: skip
    """One /start update POSTed to both workers, as Telegram retrying a delivery would."""
    sim.add_user(2002, started_bots=[token])
    update = {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 1_700_000_000, "text": "/start",
            "chat": {"id": 2002, "type": "private"},
            "from": {"id": 2002, "is_bot": False, "first_name": "Twice"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }  # fmt: skip
    secret = setup.webhook_secrets().for_tenant(tenant_id)
    async with aiohttp.ClientSession() as http:
        for worker in workers:
            async with http.post(
                f"{worker.url}/telegram/{tenant_id}", json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            ) as response:  # fmt: skip
                assert response.status == 200


async def top_up_conversation(sim: BotApiSimulator, token: str, user: int) -> None:
    """/start -> Balance -> Card to card -> a wrong amount -> 750: five updates, the
    last two answered from the FSM state the third one set."""
    sim.send_text(token, user, "/start")
    menu = await sim.wait_for_message(token, user, timeout=30)
    balance = await press(sim, token, user, menu, "Balance")
    prompt = await press(sim, token, user, balance, "Card to card")
    assert "How much" in (prompt.text or "")
    sim.send_text(token, user, "lots")
    assert "not an amount" in ((await sim.wait_for_message(token, user, timeout=30)).text or "")
    sim.send_text(token, user, "750")
    offer = await sim.wait_for_message(token, user, timeout=30)
    assert "750" in (offer.text or ""), offer.text


async def press(
    sim: BotApiSimulator, token: str, user: int, message: SentMessage, label: str
) -> SentMessage:
    sim.press_button(token, user, message.message_id, message.button_data(label))
    return await sim.wait_for_message(token, user, timeout=30)
