"""A provider API that hangs while the bot creates an invoice (docs/payments.md): the user
waits in the chat, so the invoice gets a deadline of a few seconds, then the refusal
"provider down" (ProviderUnavailable) and no row is left behind.

Cases considered: a provider that never answers (the HTTP client's own 8 s timeout is
longer than a user waits); a provider that answers after the deadline (its invoice is
never shown, so no one pays it; no pending row); one that answers in time (unchanged).
Also: the invoice's description on the provider's page is plain text (a shop name with
`&` or `<` read as HTML entities there).
"""

from __future__ import annotations

import asyncio
import time

import pytest

from src.application.payments import online_top_up
from src.application.ports.online_payments import (
    CreatedInvoice,
    InvoiceRequest,
    ProviderCredentials,
)
from src.core.payments.online import ProviderUnavailable
from src.infrastructure.container import Container
from tests.unit.payments.test_online_payments import USER, FakeProvider, fake, online_shop

__all__ = ["fake"]  # the fixture


class Hanging(FakeProvider):
    def __init__(self) -> None:
        super().__init__()
        self.delay: float | None = None  # None: never answers

    async def create_invoice(
        self, credentials: ProviderCredentials, request: InvoiceRequest
    ) -> CreatedInvoice:
        await asyncio.sleep(3600 if self.delay is None else self.delay)
        return await super().create_invoice(credentials, request)


async def test_a_hanging_provider_refuses_within_the_deadline(
    any_container: Container, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert online_top_up.INVOICE_DEADLINE_S <= 5  # a user waits in the chat
    monkeypatch.setattr(online_top_up, "INVOICE_DEADLINE_S", 0.2)
    hanging = Hanging()
    fake.create_invoice = hanging.create_invoice  # type: ignore[method-assign]
    c = any_container
    tenant = await online_shop(c)
    start = time.monotonic()
    with pytest.raises(ProviderUnavailable):
        await c.start_online_top_up()(tenant, USER, "yookassa", 25_000, "top-up")
    assert time.monotonic() - start < 2
    hanging.delay = 0.0
    invoice = await c.start_online_top_up()(tenant, USER, "yookassa", 25_000, "top-up")
    async with c.uow().for_tenant(tenant.id) as uow:
        assert await uow.online_payments.get("yookassa", invoice.payment_id) is not None


def test_the_payment_page_s_description_is_plain_text_not_html() -> None:
    """The provider's checkout page shows the description as text: a shop named
    `Tom & Jerry <VPN>` must not read `Tom &amp; Jerry &lt;VPN&gt;` there."""
    from src.interfaces.bot.views.topup import online_description

    for lang in ("en", "ru", "fa"):
        text = online_description(lang, 25_000, "RUB", "Tom & Jerry <VPN>")
        assert "Tom & Jerry <VPN>" in text and "&amp;" not in text, text
