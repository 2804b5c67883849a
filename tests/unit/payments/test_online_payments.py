"""Online top-ups on both adapter sets with a fake provider (docs/payments.md, "Online
providers"): the invoice, the settlement once per provider payment id, the order of
what the provider says, the poll job, the flag precondition; and the pure rules.

Cases considered: 10 concurrent settlements of one payment (one credit), a replay, a
succeeded after a local expiry (credited late) and a canceled after a success (nothing
changes), an amount / currency / tenant / payer that differ (never credited), a
provider down at creation (no row) and at a poll (the row stays pending), credentials
in a repr, an X-Forwarded-For from an untrusted peer, a signature over other bytes;
clearing credentials while the flag is on or a payment is pending (refused, nothing
changes), clearing twice,
the audit rows of credential changes (never the secret); a referred payer's 10
concurrent settlements (one referral bonus); a poll batch smaller than the rows a
provider keeps refusing (the batches go round: none starves).
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import replace
from datetime import timedelta

import pytest
from dependency_injector import providers

from src.application.payments.online_top_up import Settled
from src.application.payments.provider_settings import (
    CredentialsInput,
    ProviderInUse,
    ProviderNotConfigured,
)
from src.application.ports.online_payments import (
    CreatedInvoice,
    InvoiceRequest,
    Notification,
    ProviderCredentials,
    VerifiedNotice,
)
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.features import SetFeatureInput
from src.core.payments.online import (
    OnlineStatus,
    ProviderPayment,
    ProviderUnavailable,
    major_text,
    minor_of,
    valid_payment_id,
)
from src.core.payments.senders import client_ip
from src.core.shop.ledger import LedgerKind
from src.core.tenancy.tenant import Tenant
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.payments.cryptopay import signature
from tests.support.doubles import memory_messenger
from tests.support.shop import shop_world
from tests.support.top_ups import enable

USER = 700_901


class FakeProvider:
    """A provider that records which credentials created which invoice."""

    name = "yookassa"

    def __init__(self) -> None:
        self.down = False
        self.created: dict[str, ProviderCredentials] = {}
        self.requests: list[InvoiceRequest] = []
        self.payments: dict[str, ProviderPayment] = {}
        self.fetched: list[str] = []

    async def create_invoice(
        self, credentials: ProviderCredentials, request: InvoiceRequest
    ) -> CreatedInvoice:
        if self.down:
            raise ProviderUnavailable("down")
        payment_id = f"p-{len(self.created) + 1}"
        self.created[payment_id] = credentials
        self.requests.append(request)
        self.payments[payment_id] = ProviderPayment(
            payment_id,
            OnlineStatus.PENDING,
            request.amount,
            request.currency,
            request.tenant_id,
            request.telegram_id,
        )
        return CreatedInvoice(payment_id, f"https://pay.example/{payment_id}")

    async def fetch_payment(
        self, credentials: ProviderCredentials, payment_id: str
    ) -> ProviderPayment | None:
        self.fetched.append(payment_id)
        if self.down:
            raise ProviderUnavailable("down")
        return self.payments.get(payment_id)

    def verify_notification(
        self, credentials: ProviderCredentials, notification: Notification
    ) -> VerifiedNotice:
        return VerifiedNotice(notification.body.decode(), None)

    def set(self, payment_id: str, **changes: object) -> ProviderPayment:
        self.payments[payment_id] = replace(self.payments[payment_id], **changes)  # type: ignore[arg-type]
        return self.payments[payment_id]


@pytest.fixture
def fake(any_container: Container) -> FakeProvider:
    provider = FakeProvider()
    any_container.payment_providers.override(providers.Object({"yookassa": provider}))
    return provider


async def online_shop(c: Container, name: str = "Online", secret: str = "sk") -> Tenant:
    shop = await shop_world(c, name)
    await c.set_provider_credentials()(
        CredentialsInput(shop.tenant.id, "yookassa", f"shop-{name}", secret)
    )
    await enable(c, shop.tenant.id, "yookassa", min_amount=1_000, max_amount=1_000_000)
    await shop.customer(USER)
    return shop.tenant


async def balance(c: Container, tenant: Tenant) -> int:
    async with c.uow().for_tenant(tenant.id) as uow:
        user = await uow.users.by_telegram_id(USER)
    assert user is not None
    return user.balance


async def test_ten_concurrent_settlements_and_a_replay_credit_once(
    any_container: Container, fake: FakeProvider
) -> None:
    tenant = await online_shop(any_container)
    invoice = await any_container.start_online_top_up()(tenant, USER, "yookassa", 25_000, "top-up")
    assert invoice.url == "https://pay.example/p-1"
    paid = fake.set(invoice.payment_id, status=OnlineStatus.SUCCEEDED)
    settle = any_container.settle_online_payment()
    outcomes = await asyncio.gather(*(settle(tenant.id, "yookassa", paid) for _ in range(10)))
    assert sorted(outcomes).count(Settled.CREDITED) == 1
    assert set(outcomes) == {Settled.CREDITED, Settled.UNCHANGED}
    assert await settle(tenant.id, "yookassa", paid) is Settled.UNCHANGED  # a replay
    assert await balance(any_container, tenant) == 25_000
    told = [t for t in memory_messenger(any_container).to(USER) if "Payment received" in t]
    assert len(told) == 1
    async with any_container.uow().for_tenant(tenant.id) as uow:
        entry = await uow.ledger.by_key(f"yookassa:{invoice.payment_id}")
    assert entry is not None and entry.amount == 25_000


async def test_what_differs_from_the_invoice_is_never_credited(
    any_container: Container, fake: FakeProvider
) -> None:
    tenant = await online_shop(any_container)
    invoice = await any_container.start_online_top_up()(tenant, USER, "yookassa", 25_000, "top-up")
    settle = any_container.settle_online_payment()
    paid = fake.set(invoice.payment_id, status=OnlineStatus.SUCCEEDED)
    for lie in (
        {"amount": 25_001},
        {"amount": None},
        {"currency": "USD"},
        {"tenant_id": tenant.id + 1},
        {"telegram_id": USER + 1},
    ):
        assert await settle(tenant.id, "yookassa", replace(paid, **lie)) is Settled.MISMATCH
    other = await online_shop(any_container, "Other")
    assert await settle(other.id, "yookassa", paid) is Settled.UNKNOWN  # another tenant's id
    assert await balance(any_container, tenant) == 0


async def test_the_provider_s_word_orders_the_statuses(
    any_container: Container, fake: FakeProvider, clock: FrozenClock
) -> None:
    tenant = await online_shop(any_container)
    start, settle = any_container.start_online_top_up(), any_container.settle_online_payment()
    poll = any_container.poll_online_payments()
    late = await start(tenant, USER, "yookassa", 10_000, "top-up")
    clock.advance(timedelta(hours=25))
    assert await poll() == {"closed": 1}  # still pending there after a day: expired here
    paid = fake.set(late.payment_id, status=OnlineStatus.SUCCEEDED)
    assert await settle(tenant.id, "yookassa", paid) is Settled.CREDITED
    assert "confirmed late" in memory_messenger(any_container).to(USER)[-1]
    canceled = replace(paid, status=OnlineStatus.CANCELED)
    assert await settle(tenant.id, "yookassa", canceled) is Settled.UNCHANGED  # never back
    assert await balance(any_container, tenant) == 10_000


async def test_the_poll_job_credits_what_the_webhook_missed_and_waits_when_down(
    any_container: Container, fake: FakeProvider, clock: FrozenClock
) -> None:
    tenant = await online_shop(any_container)
    invoice = await any_container.start_online_top_up()(tenant, USER, "yookassa", 30_000, "top-up")
    fake.set(invoice.payment_id, status=OnlineStatus.SUCCEEDED)
    poll = any_container.poll_online_payments()
    assert await poll() == {}  # younger than 5 minutes: the webhook may still come
    clock.advance(timedelta(minutes=6))
    fake.down = True
    assert await poll() == {"deferred": 1}
    fake.down = False
    assert await poll() == {"credited": 1}
    assert await poll() == {}
    assert await balance(any_container, tenant) == 30_000


async def test_a_provider_down_at_creation_leaves_no_row(
    any_container: Container, fake: FakeProvider, clock: FrozenClock
) -> None:
    tenant = await online_shop(any_container)
    fake.down = True
    with pytest.raises(ProviderUnavailable):
        await any_container.start_online_top_up()(tenant, USER, "yookassa", 30_000, "top-up")
    clock.advance(timedelta(days=2))
    async with any_container.uow().platform() as uow:
        assert await uow.online_due.pending(clock.now(), 10) == []


async def test_each_tenant_s_invoice_uses_its_own_credentials(
    any_container: Container, fake: FakeProvider
) -> None:
    a = await online_shop(any_container, "A", "secret-A")
    b = await online_shop(any_container, "B", "secret-B")
    start = any_container.start_online_top_up()
    ia = await start(a, USER, "yookassa", 10_000, "top-up")
    ib = await start(b, USER, "yookassa", 10_000, "top-up")
    assert fake.created[ia.payment_id].secret == "secret-A"
    assert fake.created[ib.payment_id].secret == "secret-B"
    assert "secret-A" not in repr(fake.created[ia.payment_id])
    assert [r.tenant_id for r in fake.requests] == [a.id, b.id]


async def test_the_flag_turns_on_only_with_credentials(any_container: Container) -> None:
    shop = await shop_world(any_container, "Flags")
    switch = any_container.set_feature()
    with pytest.raises(ProviderNotConfigured):
        await switch(SetFeatureInput(shop.tenant.id, "cryptopay", True))
    await any_container.set_provider_credentials()(
        CredentialsInput(shop.tenant.id, "cryptopay", "", "app-token")
    )
    assert (await switch(SetFeatureInput(shop.tenant.id, "cryptopay", True))).enabled


def test_amounts_cross_the_wire_exactly() -> None:
    assert major_text(15_000, "RUB") == "150.00"
    assert major_text(7, "JPY") == "7"
    assert minor_of("150.00", "RUB") == 15_000
    assert minor_of("150.005", "RUB") is None  # not exact: never rounded into a credit
    assert minor_of("NaN", "RUB") is None and minor_of("1e999999", "XXX") is None


def test_payment_ids_are_strict_tokens() -> None:
    assert valid_payment_id("2d8c9f2a-000f-5000-9000-1b2c3d4e5f60") and valid_payment_id("1001")
    for bad in ("", "a\x00b", "x" * 65, "../etc", 12, None):
        assert not valid_payment_id(bad)


def test_the_sender_is_the_peer_unless_the_peer_is_a_trusted_proxy() -> None:
    proxies = (ipaddress.ip_network("10.0.0.0/8"),)
    assert client_ip("203.0.113.1", "185.71.76.1", proxies) == "203.0.113.1"  # not trusted
    assert client_ip("10.0.0.2", "185.71.76.1", proxies) == "185.71.76.1"
    assert client_ip("10.0.0.2", "6.6.6.6, 185.71.76.1, 10.0.0.9", proxies) == "185.71.76.1"
    assert client_ip("10.0.0.2", None, proxies) == "10.0.0.2"


def test_the_crypto_pay_signature_is_hmac_of_the_raw_body_keyed_with_sha256_of_the_token() -> None:
    import hashlib
    import hmac

    body = b'{"update_type":"invoice_paid"}'
    key = hashlib.sha256(b"123:AAA").digest()
    assert signature("123:AAA", body) == hmac.new(key, body, hashlib.sha256).hexdigest()
    assert signature("123:AAA", body + b" ") != signature("123:AAA", body)


async def test_credentials_clear_only_with_the_flag_off_and_every_change_is_audited(
    any_container: Container, fake: FakeProvider
) -> None:
    c = any_container
    tenant = await online_shop(c, "Clear", "sk-live-secret")
    clear, listed = c.clear_provider_credentials(), c.list_provider_settings()
    with pytest.raises(ProviderInUse):
        await clear(tenant.id, "yookassa", actor="api:tenant")
    assert (await listed(tenant.id))[0].configured  # refused: nothing changed
    invoice = await c.start_online_top_up()(tenant, USER, "yookassa", 10_000, "top-up")
    await c.set_feature()(SetFeatureInput(tenant.id, "yookassa", False))
    with pytest.raises(ProviderInUse) as pending:  # the pending payment must stay readable
        await clear(tenant.id, "yookassa", actor="api:tenant")
    assert pending.value.pending == 1
    await c.settle_online_payment().expire(tenant.id, "yookassa", invoice.payment_id)
    data = CredentialsInput(tenant.id, "yookassa", "shop-1", "sk-new-secret", True, "api:master")
    assert (await c.set_provider_credentials()(data)).test_mode
    assert not (await clear(tenant.id, "yookassa", actor="api:tenant")).configured
    assert not (await clear(tenant.id, "yookassa", actor="api:tenant")).configured  # twice: ok
    assert [(s.provider, s.configured) for s in await listed(tenant.id)] == [
        ("yookassa", False),
        ("cryptopay", False),
    ]
    with pytest.raises(ProviderNotConfigured):
        await c.set_feature()(SetFeatureInput(tenant.id, "yookassa", True))
    page = await c.list_audit()(tenant.id)
    rows = [(e.actor, e.action, e.before, e.after) for e in page.items]
    assert ("api:master", "payment_provider.set", "configured", "configured, test mode") in rows
    assert ("api:tenant", "payment_provider.clear", "configured, test mode", "not configured") in (
        rows
    )
    assert len([r for r in rows if r[1] == "payment_provider.clear"]) == 1  # the no-op: no row
    assert "secret" not in repr(page.items) and "shop-1" not in repr(page.items)


async def test_a_referred_payer_s_concurrent_settlements_pay_one_referral_bonus(
    any_container: Container, fake: FakeProvider
) -> None:
    c = any_container
    tenant = await online_shop(c, "Referred")
    await enable(c, tenant.id, "referral_program", percent=10)
    referrer = (await c.register_user()(RegisterInput(tenant, 700_902))).user
    payload = f"ref_{referrer.referral_code}"
    await c.register_user()(RegisterInput(tenant, 700_903, start_payload=payload))
    invoice = await c.start_online_top_up()(tenant, 700_903, "yookassa", 20_000, "top-up")
    paid = fake.set(invoice.payment_id, status=OnlineStatus.SUCCEEDED)
    settle = c.settle_online_payment()
    outcomes = await asyncio.gather(*(settle(tenant.id, "yookassa", paid) for _ in range(10)))
    assert outcomes.count(Settled.CREDITED) == 1
    async with c.uow().for_tenant(tenant.id) as uow:
        got = await uow.users.by_telegram_id(700_902)
        assert got is not None
        rows = await uow.ledger.entries(got.id, limit=10, offset=0)
    assert [e.amount for e in rows if e.kind is LedgerKind.REFERRAL_BONUS] == [2_000]
    told = memory_messenger(c).to(700_903)
    assert sum("Payment received" in text for text in told) == 1


async def test_poll_batches_go_round_so_failing_rows_starve_nothing(
    any_container: Container, fake: FakeProvider, clock: FrozenClock
) -> None:
    tenant = await online_shop(any_container, "Round")
    start = any_container.start_online_top_up()
    first = await start(tenant, USER, "yookassa", 10_000, "top-up")
    clock.advance(timedelta(seconds=1))
    second = await start(tenant, USER, "yookassa", 20_000, "top-up")
    for invoice in (first, second):
        fake.set(invoice.payment_id, status=OnlineStatus.SUCCEEDED)
    clock.advance(timedelta(minutes=6))
    poll = any_container.poll_online_payments(batch=1)
    fake.down = True
    assert await poll() == {"deferred": 1}
    clock.advance(timedelta(minutes=1))
    assert await poll() == {"deferred": 1}
    assert fake.fetched == [first.payment_id, second.payment_id]  # not the first one twice
    fake.down = False
    clock.advance(timedelta(minutes=1))
    assert await poll() == {"credited": 1}
    clock.advance(timedelta(minutes=1))
    assert await poll() == {"credited": 1}
    assert await balance(any_container, tenant) == 30_000
