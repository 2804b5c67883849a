"""The composition root: the one place that knows every concrete class.

Entry points build a `Container` from `Settings` (with the database URL already
resolved, embedded or not) and ask it for use cases. Tests override providers
(e.g. `uow`) or use `in_memory_container()`.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from src.application.tenancy.change_status import ActivateTenant, DeactivateTenant
from src.application.tenancy.config import GetConfig, ResetConfigValue, SetConfigValue
from src.application.tenancy.create_tenant import CreateTenant
from src.application.tenancy.delete_tenant import DeleteTenant
from src.application.tenancy.ensure_master import EnsureMasterTenant
from src.application.tenancy.features import GetFeatures, SetFeature
from src.application.tenancy.get_tenant import GetTenant, ListTenants
from src.application.tenancy.rotate_api_token import RotateApiToken
from src.infrastructure.broadcast import Broadcast, LocalBroadcast, RedisBroadcast
from src.infrastructure.cache.ttl_cache import TtlCache
from src.infrastructure.clock import SystemClock
from src.infrastructure.events import BroadcastTenantEvents
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.memory.uow import InMemoryUnitOfWorkFactory
from src.infrastructure.persistence.engine import make_engine, make_sessionmaker
from src.infrastructure.persistence.health import DatabasePing
from src.infrastructure.persistence.uow import SqlaUnitOfWorkFactory
from src.infrastructure.security import FernetSecretBox, WebhookSecrets
from src.infrastructure.settings import Settings
from src.infrastructure.telegram.gateway import AiogramTelegramGateway, make_session


def _broadcast(redis_url: str | None) -> Broadcast:
    return RedisBroadcast(redis_url) if redis_url else LocalBroadcast()


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_url = providers.Dependency(instance_of=str)

    clock = providers.Singleton(SystemClock)
    broadcast = providers.Singleton(_broadcast, settings.provided.redis_url)
    cache = providers.Singleton(TtlCache, broadcast, ttl=30.0)
    events = providers.Singleton(BroadcastTenantEvents, broadcast)
    box = providers.Singleton(FernetSecretBox, settings.provided.secret_key)
    webhook_secrets = providers.Singleton(WebhookSecrets, settings.provided.secret_key)

    engine = providers.Singleton(make_engine, database_url)
    sessions = providers.Singleton(make_sessionmaker, engine)
    uow = providers.Singleton(SqlaUnitOfWorkFactory, sessions)
    readiness = providers.Singleton(DatabasePing, engine)

    telegram_session = providers.Singleton(make_session, settings.provided.telegram_api_url)
    telegram = providers.Singleton(AiogramTelegramGateway, telegram_session)

    # use cases: stateless, built per request
    create_tenant = providers.Factory(CreateTenant, uow, telegram, box, clock, events)
    ensure_master = providers.Factory(EnsureMasterTenant, uow, telegram, box, clock, cache, events)
    activate_tenant = providers.Factory(ActivateTenant, uow, clock, cache, events)
    deactivate_tenant = providers.Factory(DeactivateTenant, uow, clock, cache, events)
    delete_tenant = providers.Factory(DeleteTenant, uow, cache, events)
    rotate_api_token = providers.Factory(RotateApiToken, uow, cache)
    get_tenant = providers.Factory(GetTenant, uow, cache)
    list_tenants = providers.Factory(ListTenants, uow)
    get_features = providers.Factory(GetFeatures, uow, cache)
    set_feature = providers.Factory(SetFeature, uow, cache)
    get_config = providers.Factory(GetConfig, uow, cache)
    set_config_value = providers.Factory(SetConfigValue, uow, cache)
    reset_config_value = providers.Factory(ResetConfigValue, uow, cache)


async def _always_ready() -> bool:
    return True


def build_container(settings: Settings, database_url: str) -> Container:
    return Container(settings=settings, database_url=database_url)


def in_memory_container(settings: Settings) -> Container:
    """Everything in memory: for use-case tests and demos without a database."""
    container = Container(settings=settings, database_url="memory://")
    container.uow.override(providers.Singleton(InMemoryUnitOfWorkFactory))
    container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
    container.readiness.override(providers.Object(_always_ready))
    return container


async def start_container(container: Container) -> None:
    await container.broadcast().start()


async def stop_container(container: Container) -> None:
    await container.broadcast().stop()
    await container.telegram_session().close()
    if container.database_url() != "memory://":
        await container.engine().dispose()
