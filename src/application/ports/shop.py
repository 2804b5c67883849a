from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from src.core.ids import PlanId
from src.core.shop.plan import Plan, PlanTerms


class PlanRepository(Protocol):
    """This tenant's plans (`bot_plans`). Bound to one tenant; no method takes a tenant id.

    - `list` returns every plan ordered by (sort_order, id);
    - `add` and `save` raise DuplicatePlanName when another plan of the tenant has
      the name; `save` writes the terms and `updated_at` of an existing plan;
    - `get` and `delete` see only the bound tenant's plans (another tenant's id is
      simply absent); `delete` returns whether a plan was removed.
    """

    async def list(self) -> Sequence[Plan]: ...

    async def get(self, plan_id: PlanId, *, for_update: bool = False) -> Plan | None: ...

    async def add(self, terms: PlanTerms, now: datetime) -> Plan: ...

    async def save(self, plan: Plan) -> None: ...

    async def delete(self, plan_id: PlanId) -> bool: ...
