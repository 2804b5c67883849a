"""Adversarial pass over tenant isolation: paths around the tenant unit of work.

Row-level security (docs/decisions/0005-row-level-security.md) holds only for
transactions that enter the tenant; a session opened for one tenant's work without
the tenant set runs as the connecting role and sees every tenant.

Cases considered:
- every `sessions()` opened outside the units of work (grep): the Bedolaga import
  sink wrote one tenant's users, ledger rows and subscriptions through a session that
  was never scoped (a forgotten `bot_id` filter in an import statement would have read
  or changed every tenant) — tested below, fixed;
- the readiness probe and the migrations run as the platform (no tenant rows read);
- the audit route: a tenant token asking another tenant's `tenant_id` is 404, tested
  in tests/e2e/api/test_api_audit.py; the platform listing is master-only there;
- cache keys: every key in src/application/cache_keys.py carries the tenant or a
  token digest;
- the sandbox web routes exist only without a real master bot and act only through
  the Bot API simulator, as a Telegram user would.
"""

from __future__ import annotations

from sqlalchemy import text

from src.core.ids import TenantId
from src.infrastructure.container import Container
from tests.support.shop import shop_world


async def test_the_import_session_sees_only_its_own_tenant(sql_container: Container) -> None:
    mine = await shop_world(sql_container, "Importing")
    other = await shop_world(sql_container, "Bystander")
    await mine.customer(1_001, balance=500)
    await other.customer(2_001, balance=700)
    await other.customer(2_002, balance=900)

    target = sql_container.import_target()
    async with target.session(TenantId(mine.tenant.id), dry_run=True) as sink:
        # an unfiltered statement, as a future import statement that forgot `bot_id`
        rows = (await sink._s.execute(text("SELECT bot_id, balance FROM bot_users"))).all()
        moved = await sink._s.execute(text("UPDATE bot_users SET balance = 0"))

    assert rows == [(mine.tenant.id, 500)]
    assert moved.rowcount == 1  # type: ignore[attr-defined]
    assert await other.balance(2_001) == 700 and await other.balance(2_002) == 900
