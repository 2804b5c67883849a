"""The payment providers' settings (README "Configuration"): API base URLs, YooKassa's
published notification addresses, the trusted proxy, Crypto Pay's accepted assets."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from src.core.payments.senders import Network

YOOKASSA_API_URL = "https://api.yookassa.ru/v3"
CRYPTOPAY_API_URL = "https://pay.crypt.bot/api"
CRYPTOPAY_TESTNET_API_URL = "https://testnet-pay.crypt.bot/api"
# the addresses YooKassa sends notifications from (docs/payments.md, "Online providers")
YOOKASSA_IPS = (
    "185.71.76.0/27",
    "185.71.77.0/27",
    "77.75.153.0/25",
    "77.75.156.11/32",
    "77.75.156.35/32",
    "77.75.154.128/25",
    "2a02:5180::/32",
)
CRYPTOPAY_ASSETS = "USDT,TON,BTC,ETH,LTC,BNB,TRX,USDC"


class PaymentSettingsError(ValueError):
    """One line: `VARIABLE: what is wrong` (re-raised as SettingsError)."""


def _networks(raw: str, name: str) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(p.strip()) for p in raw.split(",") if p.strip())
    except ValueError:
        raise PaymentSettingsError(f"{name}: must be comma-separated IP networks") from None


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, "").strip() or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PaymentSettingsError(f"{name}: must be an http(s) URL")
    return value.rstrip("/")


@dataclass(frozen=True, slots=True)
class PaymentSettings:
    yookassa_api_url: str = YOOKASSA_API_URL
    cryptopay_api_url: str = CRYPTOPAY_API_URL
    yookassa_ips: tuple[Network, ...] = tuple(ipaddress.ip_network(n) for n in YOOKASSA_IPS)
    trusted_proxies: tuple[Network, ...] = ()
    cryptopay_assets: str = CRYPTOPAY_ASSETS
    return_url: str = "https://t.me"
    poll_after_minutes: int = 5

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PaymentSettings:
        assets = env.get("FLEET_CRYPTOPAY_ASSETS", "").strip().upper() or CRYPTOPAY_ASSETS
        if not all(a.isalnum() for a in assets.split(",")):
            raise PaymentSettingsError("FLEET_CRYPTOPAY_ASSETS: comma-separated asset codes")
        minutes = env.get("FLEET_PAYMENT_POLL_MINUTES", "").strip() or "5"
        if not (minutes.isascii() and minutes.isdigit()) or not 1 <= int(minutes) <= 1440:
            raise PaymentSettingsError("FLEET_PAYMENT_POLL_MINUTES: an integer from 1 to 1440")
        return cls(
            yookassa_api_url=_url(env, "FLEET_YOOKASSA_API_URL", YOOKASSA_API_URL),
            cryptopay_api_url=_url(env, "FLEET_CRYPTOPAY_API_URL", CRYPTOPAY_API_URL),
            yookassa_ips=_networks(
                env.get("FLEET_YOOKASSA_IPS", "").strip() or ",".join(YOOKASSA_IPS),
                "FLEET_YOOKASSA_IPS",
            ),
            trusted_proxies=_networks(
                env.get("FLEET_TRUSTED_PROXIES", ""), "FLEET_TRUSTED_PROXIES"
            ),
            cryptopay_assets=assets,
            return_url=_url(env, "FLEET_PAYMENT_RETURN_URL", "https://t.me"),
            poll_after_minutes=int(minutes),
        )
