"""ListServingBots / LoadServingBot: what the runtime runs, tokens opened here.

Cases: a disabled or failed tenant is not served; a token sealed under another
secret key is left out (logged), never raised into the runtime's start."""

from __future__ import annotations

from src.core.ids import TenantId
from src.infrastructure.container import Container
from src.infrastructure.memory.uow import InMemoryUnitOfWorkFactory
from tests.support.factories import create_tenant, new_bot_token


async def test_serving_bots_with_their_tokens(memory_container: Container) -> None:
    token = new_bot_token()
    a = await create_tenant(memory_container, "A", telegram_token=token)
    b = await create_tenant(memory_container, "B")
    await memory_container.deactivate_tenant()(b.tenant.id)
    served = await memory_container.list_serving_bots()()
    assert [(s.tenant_id, s.token) for s in served] == [(a.tenant.id, token)]
    one = await memory_container.load_serving_bot()(a.tenant.id)
    assert one is not None and one.token == token
    assert await memory_container.load_serving_bot()(b.tenant.id) is None
    assert await memory_container.load_serving_bot()(TenantId(10**9)) is None


async def test_a_token_sealed_under_another_key_is_left_out(memory_container: Container) -> None:
    a = await create_tenant(memory_container, "A")
    uow = memory_container.uow()
    assert isinstance(uow, InMemoryUnitOfWorkFactory)
    uow.store.data.bots[a.tenant.id].telegram_token_sealed = b"not-a-fernet-token"
    assert await memory_container.list_serving_bots()() == []
    assert await memory_container.load_serving_bot()(a.tenant.id) is None
