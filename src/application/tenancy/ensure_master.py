from __future__ import annotations

from dataclasses import dataclass, replace

from src.application import cache_keys
from src.application.ports.cache import Cache
from src.application.ports.clock import Clock
from src.application.ports.events import TenantEvents
from src.application.ports.security import SecretBox
from src.application.ports.telegram import TelegramGateway
from src.application.ports.tenants import NewTenant
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.create_tenant import check_token_shape
from src.core.errors import Conflict
from src.core.tenancy.api_token import hash_api_token, issue_api_token
from src.core.tenancy.tenant import Tenant, TenantStatus, check_admin_ids


@dataclass(frozen=True, slots=True)
class EnsureMasterInput:
    telegram_token: str
    admin_ids: tuple[int, ...]
    default_language: str = "en"


class EnsureMasterTenant:
    """At start, make the master tenant match FLEET_MASTER_BOT_TOKEN (docs/architecture.md#tenancy).

    Rules: created on first start (status active, admins from the settings); on a
    later start its stored token is replaced when the token changed (a master that
    had failed becomes active again) and its admins follow the settings; a token
    of a bot already hosted as an ordinary tenant is refused. The master has no
    usable API token of its own: the master key is its credential.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        telegram: TelegramGateway,
        box: SecretBox,
        clock: Clock,
        cache: Cache,
        events: TenantEvents,
    ) -> None:
        self._uow, self._telegram, self._box = uow, telegram, box
        self._clock, self._cache, self._events = clock, cache, events

    async def __call__(self, data: EnsureMasterInput) -> Tenant:
        token = check_token_shape(data.telegram_token)
        admin_ids = check_admin_ids(data.admin_ids)
        identity = await self._telegram.get_me(token)
        now = self._clock.now()
        async with self._uow.platform() as uow:
            master = await uow.tenants.get_master()
            other = await uow.tenants.find_by_telegram_bot_id(identity.telegram_bot_id)
            if other is not None and not other.is_master:
                raise Conflict("the master bot token belongs to an existing tenant")
            if master is None:
                master = await uow.tenants.add(
                    NewTenant(
                        name="Master",
                        telegram_bot_id=identity.telegram_bot_id,
                        username=identity.username,
                        telegram_token_sealed=self._box.seal(token),
                        api_token_hash=hash_api_token(issue_api_token()),
                        is_master=True,
                        default_language=data.default_language,
                        support_username=None,
                        admin_chat=None,
                        admin_ids=admin_ids,
                        created_by="settings",
                        now=now,
                    )
                )
            else:
                creds = await uow.tenants.credentials(master.id)
                if creds is None or self._box_open(creds.telegram_token_sealed) != token:
                    await uow.tenants.set_telegram_token(
                        master.id,
                        self._box.seal(token),
                        identity.telegram_bot_id,
                        identity.username,
                    )
                    if master.status is TenantStatus.FAILED:
                        master = master.activate(now)
                master = replace(
                    master,
                    admin_ids=admin_ids,
                    telegram_bot_id=identity.telegram_bot_id,
                    username=identity.username,
                )
                await uow.tenants.save(master)
            await uow.commit()
        await self._cache.invalidate(cache_keys.tenant(master.id))
        await self._events.publish(master.id)
        return master

    def _box_open(self, sealed: bytes) -> str | None:
        try:
            return self._box.open(sealed)
        except ValueError:  # sealed with an older platform secret: replace it
            return None
