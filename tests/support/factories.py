"""Builders for test data that go through the real use cases."""

from __future__ import annotations

import itertools
from typing import Any

from src.application.tenancy.create_tenant import CreatedTenant, CreateTenantInput
from src.infrastructure.container import Container
from src.infrastructure.memory.telegram import InMemoryTelegramGateway

_bot_ids = itertools.count(7_000_000_001)


def new_bot_token() -> str:
    return f"{next(_bot_ids)}:AAH{'x' * 30}{next(_bot_ids) % 1000:03d}"


async def create_tenant(container: Container, name: str = "Shop", **kw: Any) -> CreatedTenant:
    """Register a fresh bot token with the in-memory Telegram and create a tenant."""
    token = kw.pop("telegram_token", None) or new_bot_token()
    gateway = container.telegram()
    assert isinstance(gateway, InMemoryTelegramGateway)
    gateway.register(token, username=f"{name.lower().replace(' ', '_')}_bot")
    return await container.create_tenant()(CreateTenantInput(name=name, telegram_token=token, **kw))
