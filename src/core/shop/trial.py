"""What a free trial may grant (docs/shop.md#trial) under the platform's caps.

Rules:
- a trial is never unlimited: its traffic and devices are at least 1 (the config
  registry refuses 0 for `trial_traffic_gb` and `trial_device_limit`);
- the platform caps a tenant's trial days, GiB and devices (FLEET_TRIAL_MAX_DAYS,
  FLEET_TRIAL_MAX_GB, FLEET_TRIAL_MAX_DEVICES): setting a trial key above its cap
  is a validation error (`check`), and a value stored before a cap was lowered
  (or a 0 stored before unlimited trials were refused) grants the cap (`grant`);
- the trial's traffic is sold to the tenant like a plan's (a `trial_charge`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from src.core.errors import ValidationError

DAYS_KEY, TRAFFIC_KEY, DEVICES_KEY = "trial_days", "trial_traffic_gb", "trial_device_limit"


@dataclass(frozen=True, slots=True)
class TrialGrant:
    days: int
    traffic_gb: int
    device_limit: int


@dataclass(frozen=True, slots=True)
class TrialLimits:
    max_days: int = 14
    max_traffic_gb: int = 10
    max_devices: int = 3

    def _caps(self) -> dict[str, tuple[int, str]]:
        return {
            DAYS_KEY: (self.max_days, "FLEET_TRIAL_MAX_DAYS"),
            TRAFFIC_KEY: (self.max_traffic_gb, "FLEET_TRIAL_MAX_GB"),
            DEVICES_KEY: (self.max_devices, "FLEET_TRIAL_MAX_DEVICES"),
        }

    def check(self, key: str, value: Any) -> None:
        """Refuse a trial config value above the platform's cap (other keys pass)."""
        cap = self._caps().get(key)
        if cap is not None and isinstance(value, int) and value > cap[0]:
            raise ValidationError(
                f"value must be at most {cap[0]} (the platform's {cap[1]})", field="value"
            )

    def grant(self, config: Mapping[str, Any]) -> TrialGrant:
        """The trial of a tenant's effective config, each value within [1, cap]."""
        days, traffic, devices = (
            _within(config[key], cap) for key, (cap, _) in self._caps().items()
        )
        return TrialGrant(days, traffic, devices)


def _within(value: int, cap: int) -> int:
    return cap if value < 1 else min(value, cap)
