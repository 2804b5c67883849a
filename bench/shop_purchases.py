"""Purchases end to end: a "buy" button press in -> panel user created -> reply out.

100 tenants, 10 users each with enough balance, the Remnawave simulator over
HTTP in its own process (as a real panel would be), PostgreSQL, the real
Dispatcher and handlers (the Bot API is a minimal sink). Prints purchases/s,
latency and SQL statements per purchase (each one database round trip; the
BEGIN/COMMIT of its transactions are not counted). Target (issue 5): >= 100
purchases/s, <= 8 round trips.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

from aiogram.types import Update
from dependency_injector import providers
from sqlalchemy import event

from bench.common import percentile, scratch_database
from bench.tgsink import TelegramSink
from src.application.ports.vpn_panel import VpnPanel
from src.application.shop.create_plan import CreatePlanInput
from src.application.shop.register_user import RegisterInput
from src.application.tenancy.config import SetConfigInput
from src.core.errors import DomainError
from src.core.ids import TenantId
from src.core.shop.plan import Plan, PlanTerms
from src.core.shop.user import panel_tag
from src.infrastructure.bootstrap import migrate_async
from src.infrastructure.remnawave.client import HttpRemnawavePanel
from src.infrastructure.settings import load_settings
from src.interfaces.bot.callbacks import BuyCb
from src.interfaces.bot.runtime import RuntimeOptions
from src.interfaces.composition import compose
from src.interfaces.platform import Platform
from tests.support.doubles import either_panel
from tests.support.factories import create_tenant
from tests.support.shop import credit

SECRET = "bench-secret-" + "p" * 32
TENANTS, USERS, CONCURRENCY = 100, 10, 50


ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_until_up(url: str) -> None:
    panel = HttpRemnawavePanel(url, "bench", retries=0, timeout_s=1)
    for _ in range(100):
        try:
            await panel.list_squads()
            break
        except DomainError:
            await asyncio.sleep(0.1)
    await panel.close()


async def count_panel_users(panel: VpnPanel, tenants: list[TenantId]) -> int:
    return sum([sum([1 async for _ in panel.stream_users_by_tag(panel_tag(t))]) for t in tenants])


def press(update_id: int, user: int, plan: Plan) -> dict[str, Any]:
    data = BuyCb(plan_id=plan.id, nonce=f"n{update_id}", offer=plan.offer).pack()
    chat = {"id": user, "type": "private", "first_name": "u"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": {"id": user, "is_bot": False, "first_name": "u"},
            "chat_instance": "1",
            "data": data,
            "message": {"message_id": 1, "date": 1, "chat": chat, "text": "details"},
        },
    }


async def main() -> None:
    sink = TelegramSink()
    await sink.start()
    port = free_port()
    panel_proc = subprocess.Popen(  # noqa: S603, ASYNC220 - started once, before measuring
        [
            sys.executable,
            "-m",
            "src.sandbox.remnawave.simulator",
            "--port",
            str(port),
            "--token",
            "bench",
        ],
        cwd=ROOT,
    )
    panel_url = f"http://127.0.0.1:{port}"
    await wait_until_up(panel_url)
    async with scratch_database("fleet_bench_shop") as url:
        await migrate_async(url)
        settings = load_settings(
            {
                "FLEET_DATA_DIR": mkdtemp(),
                "FLEET_SECRET_KEY": SECRET,
                "FLEET_TELEGRAM_API_URL": sink.url,
                "FLEET_PUBLIC_URL": "http://127.0.0.1:1",
            }
        )
        container = compose(settings=settings, database_url=url)
        from src.infrastructure.memory.telegram import InMemoryTelegramGateway

        container.telegram.override(providers.Singleton(InMemoryTelegramGateway))
        container.panel.override(providers.Object(HttpRemnawavePanel(panel_url, "bench")))
        squad = (await either_panel(container).list_squads())[0][0]
        shops: list[tuple[TenantId, Plan, list[int]]] = []
        for i in range(TENANTS):
            tenant = (await create_tenant(container, f"Shop{i}")).tenant
            terms = PlanTerms(name="Month", period_days=30, price=10_000, traffic_gb=10)
            plan = await container.create_plan()(CreatePlanInput(tenant.id, terms))
            await container.set_config_value()(
                SetConfigInput(tenant.id, "panel_squads", [squad], True)
            )
            users = []
            for j in range(USERS):
                tg = 5_000_000 + i * 100 + j
                registered = await container.register_user()(RegisterInput(tenant, tg))
                await credit(container, tenant, registered.user.id, 100_000)
                users.append(tg)
            shops.append((tenant.id, plan, users))
        platform = Platform(
            container,
            settings,
            options=RuntimeOptions(
                webhook_base="http://127.0.0.1:1", sync_webhooks=False, workers=32
            ),
            jobs=False,
        )
        await platform.start()
        statements = {"n": 0}

        @event.listens_for(container.engine().sync_engine, "before_cursor_execute")
        def count(*_: Any) -> None:
            statements["n"] += 1

        work = [(t, p, u) for t, p, users in shops for u in users]
        latencies: list[float] = []
        ids = iter(range(1, 10**9))

        async def one(tenant_id: TenantId, plan: Plan, user: int) -> None:
            bot = platform.runtime.registry.get(tenant_id)
            assert bot is not None
            update_id = next(ids)
            waiter = sink.expect(user)
            update = Update.model_validate(press(update_id, user, plan), context={"bot": bot})
            started = time.perf_counter()
            await platform.runtime.queue.put(tenant_id, (bot, update))
            latencies.append(await asyncio.wait_for(waiter, 30) - started)

        async def worker() -> None:
            while work:
                await one(*work.pop())

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
        purchases = TENANTS * USERS
        panel = container.panel()
        assert isinstance(panel, HttpRemnawavePanel)
        created = await count_panel_users(panel, [t for t, _, _ in shops])
        await platform.stop(dispose=False)
        await panel.close()
        await container.engine().dispose()
    panel_proc.terminate()
    panel_proc.wait(timeout=10)
    await sink.stop()
    print(
        f"tenants={TENANTS} purchases={purchases} concurrency={CONCURRENCY} panel users={created}"
    )
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(f"rate   : {purchases / elapsed:8.1f} purchases/s  p50 {p50:.1f} ms  p99 {p99:.1f} ms")
    print(f"database: {statements['n'] / purchases:.1f} SQL statements (round trips) per purchase")
