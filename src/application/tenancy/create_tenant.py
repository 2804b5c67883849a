from __future__ import annotations

from dataclasses import dataclass, field

from src.application.audit.audit_trail import Change, audit_change
from src.application.ports.clock import Clock
from src.application.ports.events import TenantEvents
from src.application.ports.security import SecretBox
from src.application.ports.telegram import BotIdentity, TelegramGateway
from src.application.ports.tenants import NewTenant, TenantDirectory
from src.application.ports.uow import UnitOfWorkFactory
from src.core.errors import DuplicateTenantToken, InvalidTelegramToken
from src.core.tenancy.api_token import hash_api_token, issue_api_token
from src.core.tenancy.tenant import (
    AdminChat,
    Tenant,
    check_admin_ids,
    check_language,
    check_name,
    check_support_username,
)

TOKEN_SHAPE_MAX = 200


@dataclass(frozen=True, slots=True)
class CreateTenantInput:
    name: str
    telegram_token: str
    default_language: str = "en"
    admin_ids: tuple[int, ...] = field(default_factory=tuple)
    admin_chat_id: int | None = None
    support_username: str | None = None
    created_by: str | None = None  # the actor (`api:master`, `tg:<id>`): audited


@dataclass(frozen=True, slots=True)
class CreatedTenant:
    tenant: Tenant
    api_token: str  # shown once; only its SHA-256 is stored


def check_token_shape(token: str) -> str:
    token = token.strip()
    bot_part, _, secret = token.partition(":")
    if not (bot_part.isdigit() and secret and len(token) <= TOKEN_SHAPE_MAX):
        raise InvalidTelegramToken(
            "not a Telegram bot token (expected <bot id>:<secret>)", field="telegram_token"
        )
    return token


class CheckBotToken:
    """A token a new tenant may be made of: its shape, `getMe` (the bot Telegram reports
    must be the token's), and not hosted yet (DuplicateTenantToken). The master
    console asks it at the token step; CreateTenant asks it again at the end."""

    def __init__(self, uow: UnitOfWorkFactory, telegram: TelegramGateway) -> None:
        self._uow, self._telegram = uow, telegram

    async def __call__(self, token: str) -> BotIdentity:
        token = check_token_shape(token)
        identity = await self._telegram.get_me(token)
        if str(identity.telegram_bot_id) != token.partition(":")[0]:
            raise InvalidTelegramToken("token does not belong to the bot Telegram reports")
        async with self._uow.platform() as uow:
            await _ensure_not_hosted(uow.tenants, identity)
        return identity


async def _ensure_not_hosted(tenants: TenantDirectory, identity: BotIdentity) -> None:
    if await tenants.find_by_telegram_bot_id(identity.telegram_bot_id):
        raise DuplicateTenantToken("this Telegram bot is already hosted")


class CreateTenant:
    """Create a tenant from a Telegram bot token.

    Rules: the fields are validated before any network call; the token is checked
    with getMe; one Telegram bot is hosted at most once (409); the Telegram token is
    stored sealed, the API token as SHA-256 only and returned once; the new tenant
    is announced so its bot starts without a restart.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        telegram: TelegramGateway,
        box: SecretBox,
        clock: Clock,
        events: TenantEvents,
    ) -> None:
        self._uow, self._telegram, self._box = uow, telegram, box
        self._clock, self._events = clock, events

    async def __call__(self, data: CreateTenantInput) -> CreatedTenant:
        name = check_name(data.name)
        language = check_language(data.default_language)
        support = check_support_username(data.support_username)
        admin_ids = check_admin_ids(data.admin_ids)
        token = check_token_shape(data.telegram_token)
        identity = await CheckBotToken(self._uow, self._telegram)(token)
        api_token = issue_api_token()
        async with self._uow.platform() as uow:
            await _ensure_not_hosted(uow.tenants, identity)  # again: one may have raced
            tenant = await uow.tenants.add(
                NewTenant(
                    name=name,
                    telegram_bot_id=identity.telegram_bot_id,
                    username=identity.username,
                    telegram_token_sealed=self._box.seal(token),
                    api_token_hash=hash_api_token(api_token),
                    is_master=False,
                    default_language=language,
                    support_username=support,
                    admin_chat=AdminChat(data.admin_chat_id) if data.admin_chat_id else None,
                    admin_ids=admin_ids,
                    created_by=data.created_by,
                    now=self._clock.now(),
                )
            )
            after = f"{tenant.name} (@{tenant.username}, {tenant.default_language})"
            change = Change(tenant.id, "tenant.create", f"tenant:{tenant.id}", None, after)
            await audit_change(uow.audit, data.created_by, change, self._clock.now())
            await uow.commit()
        await self._events.publish(tenant.id)
        return CreatedTenant(tenant, api_token)
