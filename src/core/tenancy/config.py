"""The tenant configuration registry (docs/architecture.md#flags-and-config).

Effective config = registry defaults overlaid with the tenant's stored overrides.
`tenant_editable` keys may be changed with a tenant API token; the others are set
by the platform owner only (they shape what the platform provides the tenant,
such as the panel squads). Platform settings (database, panel URL, secrets) are
not in this registry at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from src.core.errors import ConfigKeyNotEditable, UnknownConfigKey
from src.core.schema import UUID_PATTERN, Bool, Int, List, Object, Schema, Str

ROTATION_STRATEGIES: tuple[str, ...] = ("round_robin", "random", "time_based", "weighted")
CALENDARS: tuple[str, ...] = ("gregorian", "jalali")  # docs/i18n.md#formatting
DIGIT_SETS: tuple[str, ...] = ("latin", "persian")


@dataclass(frozen=True, slots=True)
class ConfigSpec:
    key: str
    description: str
    schema: Schema
    default: Any
    tenant_editable: bool = True

    def validate(self, value: Any) -> Any:
        return self.schema.validate(value, "value")


_TEXT = Str(max_length=4000)

PLATFORMS: tuple[str, ...] = ("ios", "android", "windows", "macos")
# The app each connect guide names (docs/shop.md#my-subscription); a tenant may name
# others per platform, a platform it leaves out keeps this default.
DEFAULT_CONNECT_APPS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "ios": {"name": "Streisand", "url": "https://apps.apple.com/app/streisand/id6450534064"},
        "android": {
            "name": "v2rayNG",
            "url": "https://play.google.com/store/apps/details?id=com.v2ray.ang",
        },
        "windows": {"name": "Hiddify", "url": "https://github.com/hiddify/hiddify-app/releases"},
        "macos": {"name": "Hiddify", "url": "https://github.com/hiddify/hiddify-app/releases"},
    }
)
_APP = Object(
    {"name": Str(min_length=1, max_length=64), "url": Str(max_length=512, pattern=r"https://\S+")}
)

CONFIG: Mapping[str, ConfigSpec] = MappingProxyType(
    {
        spec.key: spec
        for spec in (
            ConfigSpec(
                "trial_days",
                "length of the free trial in days (capped by the platform)",
                Int(1, 30),
                3,
            ),
            ConfigSpec(
                "trial_traffic_gb",
                "traffic of the free trial in GB (never unlimited; capped by the platform)",
                Int(1, 1000),
                5,
            ),
            ConfigSpec(
                "trial_device_limit",
                "devices allowed on a trial (never unlimited; capped by the platform)",
                Int(1, 100),
                1,
            ),
            ConfigSpec("referral_percent", "referral commission in percent", Int(0, 100), 10),
            ConfigSpec(
                "stars_rate",
                "price of one Telegram Star in minor units of the platform currency",
                Int(1, 10**9),
                200,
            ),
            ConfigSpec(
                "card_rotation_strategy",
                "how the next payment card is picked",
                Str(choices=ROTATION_STRATEGIES),
                "round_robin",
            ),
            ConfigSpec(
                "rotation_interval_minutes",
                "how long time_based rotation keeps a card",
                Int(1, 10_080),
                60,
            ),
            ConfigSpec(
                "reminder_days", "days before expiry to remind users", List(Int(0, 60), 10), [3, 1]
            ),
            ConfigSpec("welcome_text", "extra text on /start (empty: none)", _TEXT, ""),
            ConfigSpec("support_text", "text shown by Support (empty: default)", _TEXT, ""),
            ConfigSpec(
                "connect_apps",
                "the app named by each connect guide: {platform: {name, url}} for "
                "ios, android, windows, macos (a platform left out keeps the default)",
                Object(dict.fromkeys(PLATFORMS, _APP)),
                {},
            ),
            ConfigSpec("show_prices_with_currency", "append the currency code", Bool(), True),
            ConfigSpec(
                "calendar",
                "calendar of dates shown in Persian: gregorian, or jalali (Solar Hijri)",
                Str(choices=CALENDARS),
                "gregorian",
            ),
            ConfigSpec(
                "digits",
                "digits of numbers, amounts and dates shown in Persian: latin or persian",
                Str(choices=DIGIT_SETS),
                "latin",
            ),
            ConfigSpec(
                "panel_squads",
                "internal squad uuids given to this tenant's panel users",
                List(Str(pattern=UUID_PATTERN), 20),
                [],
                tenant_editable=False,
            ),
            ConfigSpec(
                "panel_traffic_strategy",
                "panel traffic limit reset strategy",
                Str(choices=("NO_RESET", "DAY", "WEEK", "MONTH", "MONTH_ROLLING")),
                "NO_RESET",
                tenant_editable=False,
            ),
        )
    }
)


def config_spec(key: str, *, by_master: bool = True) -> ConfigSpec:
    """The spec of `key`; a tenant caller may only get tenant-editable keys."""
    try:
        spec = CONFIG[key]
    except KeyError:
        raise UnknownConfigKey(f"unknown config key {key!r}", field="key") from None
    if not by_master and not spec.tenant_editable:
        raise ConfigKeyNotEditable(f"config key {key!r} is managed by the platform")
    return spec


def effective_config(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Registry defaults overlaid with stored values; retired keys are ignored."""
    return {key: stored.get(key, spec.default) for key, spec in CONFIG.items()}


def connect_app(configured: Mapping[str, Any], platform: str) -> Mapping[str, str]:
    """The app of `platform`'s connect guide: the tenant's `connect_apps` entry over the
    default (a field the tenant left out keeps the default's)."""
    return {**DEFAULT_CONNECT_APPS[platform], **configured.get(platform, {})}
