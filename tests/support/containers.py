"""The container on in-memory adapters: use-case tests run on it (the product never does)."""

from __future__ import annotations

from dependency_injector import providers

from src.infrastructure.container import Container
from src.infrastructure.memory.messaging import InMemoryUserMessenger
from src.infrastructure.memory.receipts import InMemoryReceiptDesk
from src.infrastructure.memory.support_desk import InMemorySupportDesk
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.memory.uow import InMemoryUnitOfWorkFactory
from src.infrastructure.remnawave.memory import InMemoryVpnPanel
from src.infrastructure.settings import Settings
from src.interfaces.composition import compose


async def _always_ready() -> bool:
    return True


def in_memory_container(settings: Settings) -> Container:
    """Everything in memory: for use-case tests without a database."""
    container = compose(settings=settings, database_url="memory://")
    container.uow.override(providers.Singleton(InMemoryUnitOfWorkFactory))
    container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
    container.readiness.override(providers.Object(_always_ready))
    container.panel.override(providers.Singleton(InMemoryVpnPanel))
    container.messenger.override(providers.Singleton(InMemoryUserMessenger))
    container.receipt_desk.override(providers.Singleton(InMemoryReceiptDesk))
    container.support_desk.override(providers.Singleton(InMemorySupportDesk))
    return container
