"""`just run` in sandbox mode points the payment providers at their simulators unless a
real provider URL is configured (docs/sandbox.md, docs/payments.md)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import aiohttp

from src.infrastructure.payments.settings import CRYPTOPAY_API_URL
from src.infrastructure.settings import load_settings
from src.sandbox.plan import plan_sandbox


async def test_the_sandbox_serves_simulated_providers_and_trusts_only_itself(
    tmp_path: Path,
) -> None:
    plan = plan_sandbox(load_settings({"FLEET_DATA_DIR": str(tmp_path)}))
    payments = plan.settings.payments
    assert payments.yookassa_api_url.startswith("http://127.0.0.1:")
    assert payments.cryptopay_api_url.startswith("http://127.0.0.1:")
    assert payments.trusted_proxies == (ipaddress.ip_network("127.0.0.1/32"),)
    stop = await plan.start()
    try:
        assert plan.cryptopay is not None
        async with aiohttp.ClientSession() as session:
            headers = {"Crypto-Pay-API-Token": "demo"}
            body = {"currency_type": "fiat", "fiat": "RUB", "amount": "1.00", "payload": "{}"}
            url = f"{payments.cryptopay_api_url}/createInvoice"
            async with session.post(url, json=body, headers=headers) as response:
                created = await response.json()
        assert created["ok"] and plan.cryptopay.created_by == {"1001": "demo"}
    finally:
        await stop()


def test_a_configured_provider_url_is_used_as_is(tmp_path: Path) -> None:
    env = {"FLEET_DATA_DIR": str(tmp_path), "FLEET_CRYPTOPAY_API_URL": "https://cp.example/api"}
    plan = plan_sandbox(load_settings(env))
    assert plan.cryptopay is None and plan.yookassa is not None
    assert plan.settings.payments.cryptopay_api_url == "https://cp.example/api"
    assert plan.settings.payments.cryptopay_api_url != CRYPTOPAY_API_URL
