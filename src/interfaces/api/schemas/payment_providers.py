"""Payment-provider credential schemas: write-only secrets, a view without them."""

from __future__ import annotations

from typing import Annotated

import msgspec

from src.application.payments.provider_settings import SECRET_MAX, ProviderSetting
from src.interfaces.api.schemas.common import Input

Secret = Annotated[str, msgspec.Meta(max_length=SECRET_MAX)]


class ProviderCredentialsIn(Input):
    """YooKassa: `account_id` is the shopId, `secret` the secret key. Crypto Pay:
    `secret` is the app token (`account_id` left out). Never returned."""

    secret: Secret
    account_id: Secret = ""
    test_mode: bool = False


class ProviderSettingOut(msgspec.Struct):
    """Whether the provider has credentials, and their test mode. Never a credential."""

    provider: str
    configured: bool
    test_mode: bool

    @classmethod
    def of(cls, setting: ProviderSetting) -> ProviderSettingOut:
        return cls(setting.provider, setting.configured, setting.test_mode)
