"""Typed access to the test doubles a container was built with.

The container's providers are typed as the product's adapters; a test that built it
on in-memory doubles (tests/support/containers.py, the conftest fixtures) reaches
their test-only controls through these, checked at run time and by mypy."""

from __future__ import annotations

from src.application.ports.vpn_panel import VpnPanel
from src.infrastructure.clock import FrozenClock
from src.infrastructure.container import Container
from src.infrastructure.memory.messaging import InMemoryUserMessenger
from src.infrastructure.memory.telegram import InMemoryTelegramGateway
from src.infrastructure.memory.uow import InMemoryUnitOfWorkFactory
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.infrastructure.remnawave.memory import InMemoryVpnPanel


def memory_telegram(container: Container) -> InMemoryTelegramGateway:
    gateway = container.telegram()
    assert isinstance(gateway, InMemoryTelegramGateway)
    return gateway


def memory_messenger(container: Container) -> InMemoryUserMessenger:
    messenger = container.messenger()
    assert isinstance(messenger, InMemoryUserMessenger)
    return messenger


def memory_uow(container: Container) -> InMemoryUnitOfWorkFactory:
    uow = container.uow()
    assert isinstance(uow, InMemoryUnitOfWorkFactory)
    return uow


def frozen_clock(container: Container) -> FrozenClock:
    clock = container.clock()
    assert isinstance(clock, FrozenClock)
    return clock


def memory_panel(container: Container) -> InMemoryVpnPanel:
    panel = container.panel()
    assert isinstance(panel, InMemoryVpnPanel)
    return panel


def either_panel(container: Container) -> InMemoryVpnPanel | HttpRemnawavePanel:
    """The twin or the HTTP client (against the simulator): both list squads."""
    panel: VpnPanel | None = container.panel()
    assert isinstance(panel, InMemoryVpnPanel | HttpRemnawavePanel)
    return panel
