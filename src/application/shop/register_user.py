from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.clock import Clock
from src.application.ports.customers import NewShopUser
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.features import GetFeatures
from src.core.ids import TenantId
from src.core.shop.user import (
    FIRST_NAME_MAX,
    USERNAME_MAX,
    ShopUser,
    new_referral_code,
    parse_start_payload,
)
from src.core.tenancy.tenant import Tenant
from src.core.text import clean_line


@dataclass(frozen=True, slots=True)
class RegisterInput:
    tenant: Tenant
    telegram_id: int
    username: str | None = None
    first_name: str | None = None
    start_payload: str | None = None


@dataclass(frozen=True, slots=True)
class Registered:
    user: ShopUser
    created: bool


class RegisterUser:
    """/start (docs/shop.md#start-and-language).

    Rules: a user is unique per (tenant, Telegram id): re-sending /start, even
    concurrently, never makes a second one; a new user speaks the tenant's default
    language; `ref_<code>` records the referrer only at registration, only with
    `referral_program` on, only for a code of another user of this tenant; the
    names Telegram sends are stored sanitised (`clean_line`: a NUL or a lone
    surrogate in a first name must not fail /start).
    """

    def __init__(self, uow: UnitOfWorkFactory, features: GetFeatures, clock: Clock) -> None:
        self._uow, self._features, self._clock = uow, features, clock

    async def __call__(self, data: RegisterInput) -> Registered:
        tenant_id: TenantId = data.tenant.id
        code = parse_start_payload(data.start_payload)
        with_referrals = code is not None and await self._features.is_enabled(
            tenant_id, "referral_program"
        )
        async with self._uow.for_tenant(tenant_id) as uow:
            referrer = await uow.users.by_referral_code(code) if with_referrals and code else None
            user, created = await uow.users.add_if_absent(
                NewShopUser(
                    telegram_id=data.telegram_id,
                    language=data.tenant.default_language,
                    referral_code=new_referral_code(),
                    now=self._clock.now(),
                    username=clean_line(data.username, max_length=USERNAME_MAX),
                    first_name=clean_line(data.first_name, max_length=FIRST_NAME_MAX),
                    referred_by=referrer.id
                    if referrer and referrer.telegram_id != data.telegram_id
                    else None,
                )
            )
            await uow.commit()
        return Registered(user, created)
