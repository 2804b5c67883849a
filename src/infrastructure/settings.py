"""Settings from the environment (docs/api.md "Environment"), validated at start.

A bad value raises SettingsError whose message is one line naming the variable;
the CLI prints it and exits 2. Secrets that are not given are generated once and
kept in FLEET_DATA_DIR so restarts keep working.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from src.core.billing.settings import AMOUNT_MAX, BillingModel
from src.core.money import CURRENCY_EXPONENTS
from src.core.shop.trial import TrialLimits
from src.core.tenancy.config import CONFIG
from src.infrastructure.payments.settings import PaymentSettings, PaymentSettingsError

log = logging.getLogger(__name__)

MIN_SECRET_LEN = 32


class SettingsError(Exception):
    """One line: `VARIABLE: what is wrong`."""


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str | None
    redis_url: str | None
    secret_key: str = field(repr=False)
    master_api_key: str = field(repr=False)
    master_bot_token: str | None = field(repr=False)
    master_admin_ids: tuple[int, ...]
    telegram_api_url: str
    public_url: str | None
    http_host: str
    http_port: int
    remnawave_url: str | None
    remnawave_token: str | None = field(repr=False)
    currency: str
    log_format: str
    master_api_key_generated: bool = False
    billing_rate_per_gb: int = 0  # tenant wallets' default price of one GiB (docs/billing.md)
    billing_model: BillingModel = BillingModel.SALE  # tenant wallets' default model
    trial_limits: TrialLimits = field(
        default_factory=TrialLimits
    )  # the caps of every tenant's free trial
    digest_hour: int = 8  # the UTC hour the master admins' daily digest goes out
    lease_ttl: float = 15.0  # seconds a worker's polling and job leases last unrenewed
    payments: PaymentSettings = field(default_factory=PaymentSettings)  # online providers

    @property
    def lease_renew_every(self) -> float:
        return self.lease_ttl / 3

    @property
    def webhook_mode(self) -> bool:
        return self.public_url is not None


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes or not (parts.netloc or parts.path):
        raise SettingsError(f"{name}: must be a URL starting with {' or '.join(schemes)}")
    return value.rstrip("/")


def _int_list(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return ()
    try:
        ids = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"{name}: must be comma-separated Telegram ids") from None
    if any(i <= 0 for i in ids):
        raise SettingsError(f"{name}: Telegram ids are positive integers")
    return ids


def _persistent_secret(
    data_dir: Path, env: Mapping[str, str], name: str, file: str
) -> tuple[str, bool]:
    """The variable's value, or one generated once and kept in the data dir."""
    value = env.get(name, "").strip()
    if value:
        if len(value) < MIN_SECRET_LEN:
            raise SettingsError(f"{name}: must be at least {MIN_SECRET_LEN} characters")
        return value, False
    path = data_dir / file
    if path.exists():
        return path.read_text().strip(), False
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value, True


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data_dir = Path(env.get("FLEET_DATA_DIR", "").strip() or ".data")
    database_url = _url(env, "FLEET_DATABASE_URL", ("postgresql+asyncpg", "postgresql"))
    if database_url and database_url.startswith("postgresql://"):
        database_url = "postgresql+asyncpg://" + database_url.removeprefix("postgresql://")
    redis_url = _url(env, "FLEET_REDIS_URL", ("redis", "rediss", "unix"))
    telegram_api_url = (
        _url(env, "FLEET_TELEGRAM_API_URL", ("http", "https")) or "https://api.telegram.org"
    )
    public_url = _url(env, "FLEET_PUBLIC_URL", ("https", "http"))
    remnawave_url = _url(env, "FLEET_REMNAWAVE_URL", ("http", "https"))
    remnawave_token = env.get("FLEET_REMNAWAVE_TOKEN", "").strip() or None
    if remnawave_url and not remnawave_token:
        raise SettingsError("FLEET_REMNAWAVE_TOKEN: required when FLEET_REMNAWAVE_URL is set")

    host = env.get("FLEET_HTTP_HOST", "").strip() or "127.0.0.1"
    port_raw = env.get("FLEET_HTTP_PORT", "").strip() or "8080"
    if not port_raw.isdigit() or not 0 < int(port_raw) < 65536:
        raise SettingsError("FLEET_HTTP_PORT: must be an integer from 1 to 65535")

    currency = env.get("FLEET_CURRENCY", "").strip().upper() or "RUB"
    if currency not in CURRENCY_EXPONENTS or currency == "XTR":
        raise SettingsError(f"FLEET_CURRENCY: unknown ISO 4217 code {currency!r}")
    log_format = env.get("FLEET_LOG_FORMAT", "").strip() or "console"
    if log_format not in ("console", "json"):
        raise SettingsError("FLEET_LOG_FORMAT: must be console or json")

    token = env.get("FLEET_MASTER_BOT_TOKEN", "").strip() or None
    if token is not None and not _looks_like_bot_token(token):
        raise SettingsError("FLEET_MASTER_BOT_TOKEN: not a Telegram bot token (<bot id>:<secret>)")

    secret_key, secret_generated = _persistent_secret(
        data_dir, env, "FLEET_SECRET_KEY", "secret_key"
    )
    if secret_generated:
        log.warning("FLEET_SECRET_KEY is unset: generated one and kept it in the data directory")
    master_key, master_generated = _persistent_secret(
        data_dir, env, "FLEET_MASTER_API_KEY", "master_api_key"
    )
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        redis_url=redis_url,
        secret_key=secret_key,
        master_api_key=master_key,
        master_bot_token=token,
        master_admin_ids=_int_list(env, "FLEET_MASTER_ADMIN_IDS"),
        telegram_api_url=telegram_api_url,
        public_url=public_url,
        http_host=host,
        http_port=int(port_raw),
        remnawave_url=remnawave_url,
        remnawave_token=remnawave_token,
        currency=currency,
        log_format=log_format,
        master_api_key_generated=master_generated,
        billing_rate_per_gb=_billing_rate(env),
        billing_model=_billing_model(env),
        trial_limits=_trial_limits(env),
        lease_ttl=_lease_ttl(env),
        digest_hour=_digest_hour(env),
        payments=_payment_settings(env),
    )


def _lease_ttl(env: Mapping[str, str]) -> float:
    """FLEET_LEASE_TTL: how long a worker's leases outlive its last renewal; a dead
    worker's bots are polled again within about 4/3 of it (docs/deployment.md)."""
    raw = env.get("FLEET_LEASE_TTL", "").strip() or "15"
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 3 <= value <= 300:
        raise SettingsError("FLEET_LEASE_TTL: must be a number of seconds from 3 to 300")
    return value


def _digest_hour(env: Mapping[str, str]) -> int:
    """FLEET_DIGEST_HOUR: the UTC hour (0 to 23) of the master admins' daily digest."""
    raw = env.get("FLEET_DIGEST_HOUR", "").strip() or "8"
    if not (raw.isascii() and raw.isdigit()) or not 0 <= int(raw) <= 23:
        raise SettingsError("FLEET_DIGEST_HOUR: must be an integer from 0 to 23 (UTC)")
    return int(raw)


def _payment_settings(env: Mapping[str, str]) -> PaymentSettings:
    try:
        return PaymentSettings.from_env(env)
    except PaymentSettingsError as exc:
        raise SettingsError(str(exc)) from None


def _trial_limits(env: Mapping[str, str]) -> TrialLimits:
    """FLEET_TRIAL_MAX_DAYS, _GB, _DEVICES: the platform's caps on a tenant's trial,
    each from 1 to what the config registry allows (docs/shop.md#trial)."""
    default = TrialLimits()
    caps = []
    for suffix, key, value in (
        ("DAYS", "trial_days", default.max_days),
        ("GB", "trial_traffic_gb", default.max_traffic_gb),
        ("DEVICES", "trial_device_limit", default.max_devices),
    ):
        name, high = f"FLEET_TRIAL_MAX_{suffix}", CONFIG[key].schema.describe()["maximum"]
        raw = env.get(name, "").strip() or str(value)
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= high:
            raise SettingsError(f"{name}: must be an integer from 1 to {high}")
        caps.append(int(raw))
    return TrialLimits(*caps)


def _billing_rate(env: Mapping[str, str]) -> int:
    """FLEET_BILLING_RATE_PER_GB: the default price of one GiB in minor units of
    FLEET_CURRENCY for every tenant wallet without its own rate (0: traffic is free)."""
    raw = env.get("FLEET_BILLING_RATE_PER_GB", "").strip() or "0"
    if not (raw.isascii() and raw.isdigit()) or int(raw) > AMOUNT_MAX:
        raise SettingsError(
            f"FLEET_BILLING_RATE_PER_GB: must be an integer from 0 to {AMOUNT_MAX} "
            "(minor units of FLEET_CURRENCY per GiB)"
        )
    return int(raw)


def _billing_model(env: Mapping[str, str]) -> BillingModel:
    """FLEET_BILLING_MODEL: the default model of every tenant wallet without its own."""
    raw = env.get("FLEET_BILLING_MODEL", "").strip().lower() or BillingModel.SALE.value
    models = [m.value for m in BillingModel]
    if raw not in models:
        raise SettingsError(f"FLEET_BILLING_MODEL: must be one of {', '.join(models)}")
    return BillingModel(raw)


def _looks_like_bot_token(token: str) -> bool:
    bot_id, _, secret = token.partition(":")
    return bot_id.isdigit() and len(secret) >= 8
