"""A tenant's online payment providers: credentials (write-only), and the flag precondition.

Rules (docs/payments.md, "Online providers"):
- credentials are sealed with the platform SecretBox before they are stored and are
  never returned: the view says only whether a provider is configured, and its test mode;
- the flags `yookassa` and `cryptopay` switch on only when the tenant has credentials
  for that provider (ProviderNotConfigured, 409);
- credentials are read back only to talk to the provider for the same tenant;
- credentials are cleared only while the provider's flag is off and no payment of
  that provider is pending (ProviderInUse, 409): a flag on with nothing to pay through
  would be a dead button, and a pending payment could no longer be read or verified,
  so a user who paid would never be credited;
- setting and clearing write one audit row when an actor is named (never the secret).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.clock import Clock
from src.application.ports.online_payments import ProviderCredentials
from src.application.ports.security import SecretBox
from src.application.ports.uow import TenantUnitOfWork, UnitOfWorkFactory
from src.application.tenancy.features import FeaturePrecondition
from src.application.tenancy.lookups import require_own_tenant
from src.core.errors import Conflict, ValidationError
from src.core.ids import TenantId
from src.core.payments.online import PROVIDERS, YOOKASSA, check_provider
from src.core.tenancy.features import PROVIDER_CREDENTIALS, effective_features

SECRET_MAX = 512


class ProviderNotConfigured(Conflict):
    code = "payment_provider_not_configured"

    def __init__(self, provider: str) -> None:
        super().__init__(f"set the {provider} credentials before switching {provider!r} on")
        self.provider = provider


class ProviderInUse(Conflict):
    code = "payment_provider_in_use"

    def __init__(self, provider: str, pending: int = 0) -> None:
        why = (
            f"{pending} payment(s) through {provider!r} are still pending; clear the "
            "credentials once they are settled or expired"
            if pending
            else f"switch {provider!r} off before clearing its credentials"
        )
        super().__init__(why)
        self.provider, self.pending = provider, pending


def _text(value: str, field: str, *, required: bool) -> str:
    value = value.strip()
    if (required and not value) or len(value) > SECRET_MAX or "\x00" in value:
        raise ValidationError(f"{field} must be 1-{SECRET_MAX} characters", field=field)
    return value


async def load_credentials(
    uow: TenantUnitOfWork, box: SecretBox, provider: str
) -> ProviderCredentials | None:
    stored = await uow.provider_credentials.get(provider)
    if stored is None:
        return None
    fields = json.loads(box.open(stored.sealed))
    return ProviderCredentials(fields["account_id"], fields["secret"], stored.test_mode)


@dataclass(frozen=True, slots=True)
class CredentialsInput:
    tenant_id: TenantId
    provider: str
    account_id: str  # YooKassa shopId; empty for Crypto Pay
    secret: str  # YooKassa secret key; Crypto Pay app token
    test_mode: bool = False
    actor: str | None = None  # named: the change is audited (without the secret)


@dataclass(frozen=True, slots=True)
class ProviderSetting:
    provider: str
    configured: bool
    test_mode: bool


class SetProviderCredentials:
    """Store (replace) a tenant's credentials for one provider, sealed."""

    def __init__(self, uow: UnitOfWorkFactory, box: SecretBox, clock: Clock) -> None:
        self._uow, self._box, self._clock = uow, box, clock

    async def __call__(self, data: CredentialsInput) -> ProviderSetting:
        provider = check_provider(data.provider)
        account = _text(data.account_id, "account_id", required=provider == YOOKASSA)
        secret = _text(data.secret, "secret", required=True)
        sealed = self._box.seal(json.dumps({"account_id": account, "secret": secret}))
        now = self._clock.now()
        async with self._uow.for_tenant(data.tenant_id) as uow:
            await require_own_tenant(uow.tenant, for_update=True)
            before = await uow.provider_credentials.get(provider)
            await uow.provider_credentials.put(provider, sealed, data.test_mode, now)
            change = Change(
                data.tenant_id,
                "payment_provider.set",
                f"payment_provider:{provider}",
                _summary(before is not None, before.test_mode if before else False),
                _summary(True, data.test_mode),
            )
            await audit_change(uow.audit, data.actor, change, now)
            await uow.commit()
        return ProviderSetting(provider, True, data.test_mode)


class ClearProviderCredentials:
    """Remove a tenant's credentials for one provider (its flag must be off first)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(
        self, tenant_id: TenantId, provider: str, *, actor: str | None = None
    ) -> ProviderSetting:
        provider = check_provider(provider)
        now = self._clock.now()
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant, for_update=True)
            if effective_features(await uow.flags.all())[provider].enabled:
                raise ProviderInUse(provider)
            if pending := await uow.online_payments.pending_count(provider):
                raise ProviderInUse(provider, pending)
            before = await uow.provider_credentials.get(provider)
            if await uow.provider_credentials.delete(provider):
                change = Change(
                    tenant_id,
                    "payment_provider.clear",
                    f"payment_provider:{provider}",
                    _summary(True, before.test_mode if before else False),
                    _summary(False, False),
                )
                await audit_change(uow.audit, actor, change, now)
            await uow.commit()
        return ProviderSetting(provider, False, False)


def _summary(configured: bool, test_mode: bool) -> str:
    if not configured:
        return "not configured"
    return "configured, test mode" if test_mode else "configured"


class ListProviderSettings:
    """Every provider: configured or not, and its test mode. Never a credential."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, tenant_id: TenantId) -> list[ProviderSetting]:
        async with self._uow.for_tenant(tenant_id) as uow:
            await require_own_tenant(uow.tenant)
            stored = await uow.provider_credentials.all()
        return [
            ProviderSetting(p, p in stored, stored[p].test_mode if p in stored else False)
            for p in PROVIDERS
        ]


async def credentials_configured(uow: TenantUnitOfWork, key: str) -> None:
    """The `provider_credentials` precondition of a provider's flag (its key is the provider)."""
    if await uow.provider_credentials.get(key) is None:
        raise ProviderNotConfigured(key)


FEATURE_PRECONDITIONS: Mapping[str, FeaturePrecondition] = MappingProxyType(
    {PROVIDER_CREDENTIALS: credentials_configured}
)
