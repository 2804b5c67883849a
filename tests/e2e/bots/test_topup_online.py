"""Online top-ups end to end (docs/payments.md, "Online providers"): the bot's menu, the
provider's simulator over HTTP, Fleet's notification route, real PostgreSQL.

Cases considered (tested unless marked):
- a duplicate notification, one replayed by a restarted process, 10 concurrent copies,
  and a poll racing a notification: one credit, one "Payment received";
- forged notifications: Crypto Pay with a wrong signature (401), YooKassa from an
  address outside its ranges (401), YooKassa from the right address whose body says
  succeeded while the API says canceled, another tenant's payment id at this tenant's
  URL: nothing credited;
- the provider's API down while creating the invoice: a clear message, no row; down
  or hanging while a notification is handled: answered within 2 s, nothing credited,
  then credited by the poll job;
- an invoice expired here and paid there later: credited, the user told it was late;
- two tenants: each invoice is created with its own tenant's credentials only;
- hostile bodies (deep JSON, NUL, ids past int64, a body no notification needs) and an
  unknown provider or tenant at the route;
- not tested here: Telegram down when the credit is told (the messenger is best effort
  and the credit stands, as for Stars); Redis down (online top-ups never touch Redis).
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import timedelta

import aiohttp
import pytest
import uvicorn
from dependency_injector import providers
from litestar import Litestar
from sqlalchemy import text

from src.application.payments.online_top_up import Settled
from src.application.payments.provider_settings import CredentialsInput
from src.application.ports.online_payments import Notification
from src.infrastructure.clock import FrozenClock
from src.interfaces.composition import compose
from src.interfaces.payment_webhooks import payment_webhook_route
from src.sandbox.payments import CryptoPaySimulator, YooKassaSimulator
from src.sandbox.payments.cryptopay import sign
from src.sandbox.payments.yookassa import FORGED_SENDER_IP, YOOKASSA_SENDER_IP
from tests.e2e.bots.harness import Harness, Shop, free_port
from tests.e2e.bots.topup_helpers import balance
from tests.support.top_ups import enable

USER = 615_001
LABELS = {"yookassa": "YooKassa", "cryptopay": "CryptoBot"}
pytestmark = pytest.mark.parametrize("harness", ["polling"], indirect=True)


@dataclass
class Online:
    harness: Harness
    yookassa: YooKassaSimulator
    cryptopay: CryptoPaySimulator
    url: str

    @property
    def clock(self) -> FrozenClock:
        clock = self.harness.container.clock()
        assert isinstance(clock, FrozenClock)
        return clock

    def sim(self, provider: str) -> YooKassaSimulator | CryptoPaySimulator:
        return self.yookassa if provider == "yookassa" else self.cryptopay

    async def shop(self, name: str, provider: str, account: str, secret: str) -> Shop:
        shop = await self.harness.add_shop(name)
        data = CredentialsInput(shop.id, provider, account, secret)
        await self.harness.container.set_provider_credentials()(data)
        await enable(self.harness.container, shop.id, provider, min_amount=5_000)
        return shop

    async def link(self, shop: Shop, provider: str, amount: str = "150") -> str:
        """/start -> Balance -> the provider -> the amount: the payment id of the link."""
        h = self.harness
        menu = await h.say(shop, USER, "/start")
        methods = await h.press(shop, USER, menu, "Balance")
        await h.press(shop, USER, methods, LABELS[provider])
        sent = await h.say(shop, USER, amount)
        [url] = [str(b["url"]) for b in sent.buttons if "url" in b]
        assert url.startswith(self.sim(provider).url + "/checkout/"), url
        return url.rsplit("/", 1)[1]

    def credited(self, shop: Shop) -> list[str]:
        return [
            m.text or ""
            for m in self.harness.sim.sent_messages(shop.token, USER)
            if "Payment received" in (m.text or "") or "confirmed late" in (m.text or "")
        ]

    async def rows(self) -> list[tuple[int, str, str]]:
        async with self.harness.container.engine().connect() as conn:
            result = await conn.execute(
                text("SELECT bot_id, provider_payment_id, status FROM online_payments ORDER BY id")
            )
            return [(r[0], r[1], r[2]) for r in result]

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url + path, data=body, headers=headers) as response,
        ):
            return response.status


@pytest.fixture
async def online(harness: Harness) -> AsyncIterator[Online]:
    yookassa, cryptopay = YooKassaSimulator(), CryptoPaySimulator()
    await yookassa.start()
    await cryptopay.start()
    settings = harness.container.settings()
    payments = replace(
        settings.payments,
        yookassa_api_url=yookassa.base_url,
        cryptopay_api_url=cryptopay.base_url,
        trusted_proxies=(ipaddress.ip_network("127.0.0.1/32"),),
    )
    harness.container.settings.override(providers.Object(replace(settings, payments=payments)))
    port = free_port()
    app = Litestar(
        route_handlers=[
            payment_webhook_route(
                harness.container.handle_payment_notification, payments.trusted_proxies
            )
        ]
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
        await asyncio.sleep(0.01)
    url = f"http://127.0.0.1:{port}"
    yookassa.fleet_url = cryptopay.fleet_url = url
    await harness.start()
    yield Online(harness, yookassa, cryptopay, url)
    server.should_exit = True
    await task
    await harness.container.provider_http().close()
    await yookassa.stop()
    await cryptopay.stop()


@pytest.mark.parametrize("provider", ["yookassa", "cryptopay"])
async def test_a_top_up_through_the_bot_is_credited_once_whatever_is_delivered(
    online: Online, provider: str
) -> None:
    """Paid, then: a duplicate, 10 concurrent copies, a poll, and a replay by a restarted
    process (a fresh container on the same database): one credit."""
    shop = await online.shop("Online", provider, "shop-1", "secret-1")
    payment_id = await online.link(shop, provider, "150")
    assert await online.rows() == [(shop.id, payment_id, "pending")]
    sim = online.sim(provider)
    sim.pay(payment_id)
    first = await sim.notify(payment_id)
    assert first.status == 200 and "credited" in first.body
    again = await asyncio.gather(*(sim.notify(payment_id) for _ in range(11)))
    assert {d.status for d in again} == {200}
    assert all("credited" not in d.body for d in again)
    online.clock.advance(timedelta(hours=1))
    assert await online.harness.container.poll_online_payments()() == {}  # nothing pending
    container = online.harness.container
    restarted = compose(settings=container.settings(), database_url=container.database_url())
    restarted.engine.override(providers.Object(container.engine()))
    replayed = await restarted.handle_payment_notification()(
        provider, shop.id, notice(sim, payment_id)
    )
    assert replayed is Settled.UNCHANGED
    await restarted.provider_http().close()
    await online.harness.eventually(lambda: _told(online, shop))
    assert await balance(online.harness, shop, USER) == 15_000
    assert len(online.credited(shop)) == 1 and "150.00 RUB" in online.credited(shop)[0]
    assert await online.rows() == [(shop.id, payment_id, "succeeded")]


def notice(sim: YooKassaSimulator | CryptoPaySimulator, payment_id: str) -> Notification:
    """The notification the provider would send, as a restarted Fleet receives it."""
    if isinstance(sim, YooKassaSimulator):
        return Notification(sim.notification(payment_id), {}, YOOKASSA_SENDER_IP)
    body = sim.update(payment_id)
    signed = {"crypto-pay-api-signature": sign(sim.created_by[payment_id], body)}
    return Notification(body, signed, "127.0.0.1")


async def _told(online: Online, shop: Shop) -> bool:
    return len(online.credited(shop)) >= 1


async def test_a_forged_crypto_pay_signature_is_refused_and_nothing_is_credited(
    online: Online,
) -> None:
    shop = await online.shop("Crypto", "cryptopay", "", "app-token-1")
    payment_id = await online.link(shop, "cryptopay")
    online.cryptopay.pay(payment_id)
    forged = await online.cryptopay.notify(payment_id, forged=True)
    assert forged.status == 401
    unsigned = await online.post(
        f"/payments/cryptopay/{shop.id}", online.cryptopay.update(payment_id), {}
    )
    assert unsigned == 401
    assert await balance(online.harness, shop, USER) == 0
    assert await online.rows() == [(shop.id, payment_id, "pending")]


async def test_yookassa_notifications_that_do_not_prove_a_payment_credit_nothing(
    online: Online,
) -> None:
    shop = await online.shop("Yoo", "yookassa", "shop-A", "secret-A")
    other = await online.shop("Other", "yookassa", "shop-B", "secret-B")
    payment_id = await online.link(shop, "yookassa")
    online.yookassa.pay(payment_id)
    wrong_ip = await online.yookassa.notify(payment_id, sender_ip=FORGED_SENDER_IP)
    assert wrong_ip.status == 401
    elsewhere = await online.yookassa.notify(payment_id, tenant_id=other.id)
    assert (elsewhere.status, "unknown" in elsewhere.body) == (200, True)
    assert await balance(online.harness, shop, USER) == 0

    second = await online.link(shop, "yookassa", "200")
    online.yookassa.cancel(second)
    lying = await online.yookassa.notify(second, event="payment.succeeded")  # right IP
    assert (lying.status, "closed" in lying.body) == (200, True)
    assert await balance(online.harness, shop, USER) == 0
    assert [r[2] for r in await online.rows()] == ["pending", "canceled"]


@pytest.mark.parametrize("provider", ["yookassa", "cryptopay"])
async def test_the_provider_down_while_creating_leaves_nothing_and_says_so(
    online: Online, provider: str
) -> None:
    shop = await online.shop("Down", provider, "shop-D", "secret-D")
    online.sim(provider).down = True
    h = online.harness
    menu = await h.say(shop, USER, "/start")
    methods = await h.press(shop, USER, menu, "Balance")
    await h.press(shop, USER, methods, LABELS[provider])
    told = await h.say(shop, USER, "150")
    assert "not answering" in (told.text or "")
    assert await online.rows() == []
    online.sim(provider).down = False  # back: the next try works
    await online.link(shop, provider)
    assert len(await online.rows()) == 1


@pytest.mark.parametrize("fault", ["down", "hanging"])
async def test_a_re_read_that_fails_defers_the_credit_to_the_poll_job(
    online: Online, fault: str
) -> None:
    shop = await online.shop("Later", "yookassa", "shop-L", "secret-L")
    payment_id = await online.link(shop, "yookassa")
    online.yookassa.pay(payment_id)
    if fault == "down":
        online.yookassa.down = True
    else:
        online.yookassa.hang_s = 5.0
    started = time.monotonic()
    deferred = await online.yookassa.notify(payment_id)
    assert time.monotonic() - started < 2.0  # the webhook never waits on the provider
    assert (deferred.status, "deferred" in deferred.body) == (200, True)
    assert await balance(online.harness, shop, USER) == 0
    online.yookassa.down, online.yookassa.hang_s = False, 0.0
    online.clock.advance(timedelta(minutes=6))
    assert await online.harness.container.poll_online_payments()() == {"credited": 1}
    assert await balance(online.harness, shop, USER) == 15_000
    await online.harness.eventually(lambda: _told(online, shop))


async def test_an_invoice_expired_here_but_paid_there_is_credited_late(online: Online) -> None:
    shop = await online.shop("Late", "cryptopay", "", "app-token-late")
    payment_id = await online.link(shop, "cryptopay")
    online.clock.advance(timedelta(hours=25))
    assert await online.harness.container.poll_online_payments()() == {"closed": 1}
    assert await online.rows() == [(shop.id, payment_id, "expired")]
    online.cryptopay.pay(payment_id)
    assert (await online.cryptopay.notify(payment_id)).status == 200
    await online.harness.eventually(lambda: _told(online, shop))
    assert "confirmed late" in online.credited(shop)[0]
    assert await balance(online.harness, shop, USER) == 15_000


async def test_each_tenant_s_invoices_are_created_with_its_own_credentials(
    online: Online,
) -> None:
    a = await online.shop("A", "yookassa", "shop-A", "secret-A")
    b = await online.shop("B", "yookassa", "shop-B", "secret-B")
    ca = await online.shop("CA", "cryptopay", "", "token-A")
    cb = await online.shop("CB", "cryptopay", "", "token-B")
    made = {
        (shop.id, provider): await online.link(shop, provider)
        for shop, provider in (
            (a, "yookassa"),
            (b, "yookassa"),
            (ca, "cryptopay"),
            (cb, "cryptopay"),
        )
    }
    assert online.yookassa.created_by == {
        made[(a.id, "yookassa")]: "shop-A",
        made[(b.id, "yookassa")]: "shop-B",
    }
    assert online.cryptopay.created_by == {
        made[(ca.id, "cryptopay")]: "token-A",
        made[(cb.id, "cryptopay")]: "token-B",
    }


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"object": {"id": "\\u0000"}}',
        b'{"object": {"id": 99999999999999999999999}}',
        b"\x00",
    ],
    ids=["deep", "nul", "past-int64", "binary"],
)
async def test_hostile_notifications_are_refused_without_a_credit(
    online: Online, body: bytes
) -> None:
    shop = await online.shop("Hostile", "yookassa", "shop-H", "secret-H")
    headers = {"X-Forwarded-For": "185.71.76.10"}
    status = await online.post(f"/payments/yookassa/{shop.id}", body, headers)
    assert status == (413 if len(body) > 64 * 1024 else 401), status  # not a notification
    assert await online.rows() == []
    assert await online.post("/payments/paypal/1", b"{}", headers) == 404
    assert await online.post(f"/payments/yookassa/{2**63}", b"{}", headers) == 404
