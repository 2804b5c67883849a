"""SQLAlchemy repositories of subscriptions, provisioning jobs and the shop's due work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    DateTime,
    Interval,
    Row,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.customers import (
    NewProvisionJob,
    ProvisionJob,
    SubscriptionTerms,
)
from src.core.ids import PlanId, ShopUserId, SubscriptionId, TenantId
from src.core.shop.subscription import Subscription
from src.infrastructure.persistence.customer_models import (
    PanelOutboxModel,
    SubscriptionModel,
    SubscriptionReminderModel,
)
from src.infrastructure.persistence.customers import core_table

S, JOB = SubscriptionModel.__table__.c, PanelOutboxModel.__table__.c
R = SubscriptionReminderModel.__table__.c


def _build_extend() -> Any:
    now = bindparam("now", type_=DateTime(timezone=True))
    days = bindparam("days", type_=Interval)
    values: dict[str, Any] = {
        name: bindparam(name)
        for name in ("plan_id", "traffic_limit_bytes", "device_limit", "is_trial")
    }
    values |= {"provisioned": False, "updated_at": now}
    stmt = insert(core_table(SubscriptionModel)).values(
        bot_id=bindparam("b"),
        user_id=bindparam("u"),
        created_at=now,
        expires_at=now + days,
        **values,
    )
    # extended_expiry in SQL: from the later of now and the current expiry
    later = func.greatest(S.expires_at, now)
    return stmt.on_conflict_do_update(
        index_elements=["bot_id", "user_id"], set_={**values, "expires_at": later + days}
    ).returning(*SubscriptionModel.__table__.c)


def _subscription(row: Row[Any]) -> Subscription:
    return Subscription(
        id=SubscriptionId(row.id),
        user_id=ShopUserId(row.user_id),
        plan_id=PlanId(row.plan_id) if row.plan_id is not None else None,
        expires_at=row.expires_at,
        traffic_limit_bytes=row.traffic_limit_bytes,
        device_limit=row.device_limit,
        is_trial=row.is_trial,
        provisioned=row.provisioned,
        created_at=row.created_at,
        updated_at=row.updated_at,
        panel_user_id=row.panel_user_id,
        subscription_url=row.subscription_url,
    )


class SqlaSubscriptionRepository:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def _one(self, *where: Any, for_update: bool = False) -> Subscription | None:
        stmt = select(SubscriptionModel.__table__).where(S.bot_id == self._t, *where)
        row = (await self._s.execute(stmt.with_for_update() if for_update else stmt)).one_or_none()
        return _subscription(row) if row else None

    async def of_user(
        self, user_id: ShopUserId, *, for_update: bool = False
    ) -> Subscription | None:
        return await self._one(S.user_id == user_id, for_update=for_update)

    async def get(self, subscription_id: SubscriptionId) -> Subscription | None:
        return await self._one(S.id == subscription_id)

    async def extend(
        self, user_id: ShopUserId, terms: SubscriptionTerms, now: datetime
    ) -> Subscription:
        params = {
            "b": self._t,
            "u": user_id,
            "now": now,
            "days": timedelta(days=terms.days),
            "plan_id": terms.plan_id,
            "traffic_limit_bytes": terms.traffic_limit_bytes,
            "device_limit": terms.device_limit,
            "is_trial": terms.is_trial,
        }
        row = (await self._s.execute(_EXTEND, params)).one()
        return _subscription(row)

    async def mark_provisioned(
        self,
        subscription_id: SubscriptionId,
        expires_at: datetime,
        panel_user_id: int,
        subscription_url: str,
    ) -> Subscription | None:
        row = (
            await self._s.execute(
                update(SubscriptionModel)
                .where(S.bot_id == self._t, S.id == subscription_id, S.expires_at == expires_at)
                .values(
                    provisioned=True, panel_user_id=panel_user_id, subscription_url=subscription_url
                )
                .returning(*SubscriptionModel.__table__.c)
            )
        ).one_or_none()
        return _subscription(row) if row else None

    async def revoke_grant(
        self, subscription_id: SubscriptionId, expires_at: datetime, days: int, now: datetime
    ) -> bool:
        result = await self._s.execute(
            update(SubscriptionModel)
            .where(S.bot_id == self._t, S.id == subscription_id, S.expires_at == expires_at)
            .values(
                expires_at=S.expires_at - timedelta(days=days),
                provisioned=S.panel_user_id.is_not(None),
                updated_at=now,
            )
            .returning(S.id)
        )
        return result.one_or_none() is not None

    async def list(
        self, user_id: ShopUserId | None, *, limit: int, offset: int
    ) -> tuple[Sequence[Subscription], int]:
        where: list[Any] = [S.bot_id == self._t]
        if user_id is not None:
            where.append(S.user_id == user_id)
        total = await self._s.scalar(select(func.count()).select_from(S.id.table).where(*where))
        rows = await self._s.execute(
            select(SubscriptionModel.__table__)
            .where(*where)
            .order_by(S.id)
            .limit(limit)
            .offset(offset)
        )
        return [_subscription(r) for r in rows], total or 0

    async def remember_reminder(
        self, subscription_id: SubscriptionId, expires_at: datetime, days_before: int
    ) -> bool:
        result = await self._s.execute(
            insert(SubscriptionReminderModel)
            .values(
                bot_id=self._t,
                subscription_id=subscription_id,
                expires_at=expires_at,
                days_before=days_before,
            )
            .on_conflict_do_nothing()
            .returning(R.subscription_id)
        )
        return result.one_or_none() is not None


def _job(row: Row[Any]) -> ProvisionJob:
    return ProvisionJob(
        id=row.id,
        subscription_id=SubscriptionId(row.subscription_id),
        user_id=ShopUserId(row.user_id),
        telegram_id=row.telegram_id,
        expires_at=row.expires_at,
        traffic_limit_bytes=row.traffic_limit_bytes,
        device_limit=row.device_limit,
        squads=tuple(row.squads or ()),
        reset_traffic=row.reset_traffic,
        refund_key=row.refund_key,
        granted_days=row.granted_days,
        attempts=row.attempts,
    )


class SqlaProvisioningOutbox:
    def __init__(self, session: AsyncSession, tenant_id: TenantId) -> None:
        self._s, self._t = session, tenant_id

    async def enqueue(
        self, job: NewProvisionJob, now: datetime, lease_until: datetime
    ) -> ProvisionJob:
        stmt = (
            insert(PanelOutboxModel)
            .values(
                bot_id=self._t,
                user_id=job.user_id,
                subscription_id=job.subscription_id,
                telegram_id=job.telegram_id,
                expires_at=job.expires_at,
                traffic_limit_bytes=job.traffic_limit_bytes,
                device_limit=job.device_limit,
                squads=list(job.squads),
                reset_traffic=job.reset_traffic,
                refund_key=job.refund_key,
                granted_days=job.granted_days,
                attempts=1,
                next_attempt_at=lease_until,
                created_at=now,
                updated_at=now,
            )
            .returning(*PanelOutboxModel.__table__.c)
        )
        return _job((await self._s.execute(stmt)).one())

    async def claim(self, job_id: int, now: datetime, lease_until: datetime) -> ProvisionJob | None:
        row = (
            await self._s.execute(
                update(PanelOutboxModel)
                .where(
                    JOB.bot_id == self._t,
                    JOB.id == job_id,
                    JOB.status == "pending",
                    JOB.next_attempt_at <= now,
                )
                .values(attempts=JOB.attempts + 1, next_attempt_at=lease_until, updated_at=now)
                .returning(*PanelOutboxModel.__table__.c)
            )
        ).one_or_none()
        return _job(row) if row else None

    async def _set(self, job_id: int, **values: Any) -> None:
        await self._s.execute(
            update(PanelOutboxModel).where(JOB.bot_id == self._t, JOB.id == job_id).values(**values)
        )

    async def complete(self, job_id: int, now: datetime) -> None:
        await self._set(job_id, status="done", updated_at=now, last_error=None)

    async def retry_later(self, job_id: int, error: str, at: datetime) -> None:
        await self._set(job_id, next_attempt_at=at, last_error=error[:200])

    async def abandon(self, job_id: int, error: str, now: datetime) -> None:
        await self._set(job_id, status="abandoned", last_error=error[:200], updated_at=now)


class SqlaDueWork:
    """Platform-scoped: which tenants have due background work."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def due_provisioning(self, now: datetime, limit: int) -> Sequence[tuple[TenantId, int]]:
        rows = await self._s.execute(
            select(JOB.bot_id, JOB.id)
            .where(JOB.status == "pending", JOB.next_attempt_at <= now)
            .order_by(JOB.next_attempt_at)
            .limit(limit)
        )
        return [(TenantId(b), int(i)) for b, i in rows]

    async def expiring(
        self, now: datetime, until: datetime, limit: int
    ) -> Sequence[tuple[TenantId, SubscriptionId]]:
        rows = await self._s.execute(
            select(S.bot_id, S.id)
            .where(S.expires_at > now, S.expires_at <= until)
            .order_by(S.expires_at)
            .limit(limit)
        )
        return [(TenantId(b), SubscriptionId(i)) for b, i in rows]


_EXTEND = _build_extend()
