"""The feature registry (docs/architecture.md#flags-and-config): every feature key, its default
and its config schema.

A tenant with no stored row for a key gets the registry default. The stored
config is merged over the default config, so a partial config is valid and a new
field added to a schema later has a value for every tenant.

A flag that switches on nothing is a defect, so each spec says whether its
behaviour is `implemented`. This registry is the one place that says so: a flag
not implemented refuses to be switched on (`FeatureNotImplemented`, 409) and is
off in every tenant's effective state whatever was stored or defaulted, so no
menu shows it. Building the feature means flipping its mark here.

A flag may also name a `precondition`: a check the application runs (it may need
the database, which this module never touches) before the flag is switched on,
e.g. `provider_credentials` for the online payment providers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from src.core.errors import Conflict, UnknownFeature, ValidationError
from src.core.schema import Bool, Int, Object, Str

_MAX_AMOUNT = 10**12
PROVIDER_CREDENTIALS = "provider_credentials"  # the flag's key names the payment provider


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    key: str
    description: str
    default_enabled: bool
    schema: Object = field(default_factory=Object)
    default_config: Mapping[str, Any] = field(default_factory=dict)
    implemented: bool = True  # False: the behaviour is not built; the flag cannot be on
    precondition: str | None = None  # named check run before switching on (application)

    def enabled(self, wanted: bool) -> bool:
        """The effective switch: a flag whose behaviour is not built is always off."""
        return wanted and self.implemented

    def check_switch(self, enabled: bool) -> None:
        if enabled and not self.implemented:
            raise FeatureNotImplemented(self.key)

    def validate_config(self, config: Any) -> dict[str, Any]:
        checked = self.schema.validate({} if config is None else config, "config")
        merged = {**self.default_config, **checked}
        _check_amount_range(merged)
        return merged


class FeatureNotImplemented(Conflict):
    """The flag exists in the product but its behaviour is not built yet: it stays off."""

    code = "feature_not_implemented"

    def __init__(self, key: str) -> None:
        super().__init__(f"feature {key!r} is not available yet and cannot be switched on")
        self.key = key


@dataclass(frozen=True, slots=True)
class FeatureState:
    """The effective state of one feature for one tenant."""

    enabled: bool
    config: Mapping[str, Any]


def _check_amount_range(config: Mapping[str, Any]) -> None:
    low, high = config.get("min_amount"), config.get("max_amount")
    if low is not None and high is not None and low > high:
        raise ValidationError("min_amount must not exceed max_amount", field="config.min_amount")


_PAYMENT = Object(
    {"min_amount": Int(minimum=1, maximum=_MAX_AMOUNT), "max_amount": Int(1, _MAX_AMOUNT)}
)
_PAYMENT_DEFAULT = {"min_amount": 10_000, "max_amount": 10_000_000}

FEATURES: Mapping[str, FeatureSpec] = MappingProxyType(
    {
        spec.key: spec
        for spec in (
            FeatureSpec(
                "card_to_card",
                "card-to-card top-ups with receipt review",
                False,
                Object(
                    {
                        **_PAYMENT.fields,
                        "max_pending_per_user": Int(1, 10),
                        "expiry_hours": Int(1, 168),
                    }
                ),
                {**_PAYMENT_DEFAULT, "max_pending_per_user": 3, "expiry_hours": 24},
            ),
            FeatureSpec(
                "telegram_stars",
                "top-ups paid in Telegram Stars",
                False,
                _PAYMENT,
                _PAYMENT_DEFAULT,
            ),
            FeatureSpec(
                "yookassa",
                "top-ups through YooKassa",
                False,
                _PAYMENT,
                _PAYMENT_DEFAULT,
                precondition=PROVIDER_CREDENTIALS,
            ),
            FeatureSpec(
                "cryptopay",
                "top-ups through Crypto Pay (CryptoBot)",
                False,
                _PAYMENT,
                _PAYMENT_DEFAULT,
                precondition=PROVIDER_CREDENTIALS,
            ),
            FeatureSpec("trial_subscription", "one free trial per user", True),
            FeatureSpec(
                "auto_renewal",
                "renewal from balance before expiry",
                False,
                Object({"hours_before_expiry": Int(1, 168)}),
                {"hours_before_expiry": 24},
            ),
            FeatureSpec(
                "referral_program",
                "referral links and commissions",
                False,
                Object(
                    {
                        "percent": Int(0, 100),
                        "source": Str(max_length=16, choices=("top_up", "purchase")),
                        "first_top_up_bonus": Int(0, _MAX_AMOUNT),
                        "first_purchase_only": Bool(),
                    }
                ),
                {
                    "percent": 10,
                    "source": "top_up",
                    "first_top_up_bonus": 0,
                    "first_purchase_only": False,
                },
            ),
            FeatureSpec("promo_codes", "promo code redemption", False),
            FeatureSpec(
                "support_tickets",
                "support tickets relayed to the admin chat",
                False,  # on when the tenant's admins are ready to answer
                Object({"max_open_per_user": Int(1, 20)}),
                {"max_open_per_user": 3},  # docs/support.md
            ),
        )
    }
)


def feature_spec(key: str) -> FeatureSpec:
    try:
        return FEATURES[key]
    except KeyError:
        raise UnknownFeature(f"unknown feature {key!r}", field="key") from None


def default_state(key: str) -> FeatureState:
    spec = feature_spec(key)
    return FeatureState(
        spec.enabled(spec.default_enabled), MappingProxyType(dict(spec.default_config))
    )


def effective_features(
    stored: Mapping[str, tuple[bool, Mapping[str, Any]]],
) -> dict[str, FeatureState]:
    """Registry defaults overlaid with stored rows; rows of retired keys are ignored."""
    out: dict[str, FeatureState] = {}
    for key, spec in FEATURES.items():
        if key in stored:
            enabled, config = stored[key]
            merged = {**spec.default_config, **config}
            out[key] = FeatureState(spec.enabled(enabled), MappingProxyType(merged))
        else:
            out[key] = default_state(key)
    return out
