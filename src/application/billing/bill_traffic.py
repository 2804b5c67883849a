"""The consumption billing job (docs/billing.md): panel traffic counters -> tenant wallets."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace

from src.application.billing.notices import WalletNotices
from src.application.billing.status import AnnounceStatus, billing_transition
from src.application.ports.clock import Clock
from src.application.ports.uow import UnitOfWorkFactory
from src.application.ports.vpn_panel import PanelUser, VpnPanel
from src.application.ports.wallets import TrafficMeter
from src.core.billing.metering import MeterState, bill_reading
from src.core.billing.settings import GIB, BillingModel
from src.core.billing.wallet import BillingDefaults, WalletKind, WalletPosting, low_balance_pending
from src.core.ids import TenantId
from src.core.shop.user import panel_tag
from src.core.tenancy.tenant import TenantStatus

log = logging.getLogger(__name__)
PAGE = 1000  # the panel's largest stream page; one transaction per page


@dataclass(frozen=True, slots=True)
class BillingReport:
    tenants: int = 0
    users: int = 0
    charged: int = 0  # minor units, every tenant together
    billed_bytes: int = 0  # bytes charged for (beyond prepaid bytes)
    suspended: int = 0
    resumed: int = 0
    warned: int = 0
    failed: int = 0


@dataclass(slots=True)
class _Tally:
    users: int = 0
    charged: int = 0
    billed_bytes: int = 0
    stopped: bool = False


class BillTraffic:
    """Bill every metered tenant's panel traffic since the last billed reading.

    Rules:
    - billed: the tenants whose effective model is consumption or hybrid, whatever
      their status (a paused shop's users keep using traffic);
    - a tenant's panel users are streamed by tag T{bot_id}, PAGE at a time: never
      all at once, so memory does not grow with the number of users;
    - one transaction per page: the wallet row is locked, then the page's meters
      (that order everywhere); each user's lifetime counter is billed by
      `bill_reading` from its meter (prepaid bytes first; a counter that went
      down, or a username whose panel id changed because the panel user was
      deleted and recreated, restarts from 0: never a negative or a double charge);
      the money of the page is pooled with the tenant's carried remainder and
      divided by GiB once, so the sub-unit remainder is carried, never rounded
      away; the new meters, the new carry and one `traffic_charge` row for the
      page commit together. A crash before that commit leaves all of it as it
      was, so the next run bills the same bytes exactly once;
    - a reading that changes nothing writes nothing; a run without new traffic
      charges nothing;
    - the model is re-read in every page's transaction: a tenant switched to
      `sale` meanwhile is not billed further;
    - after its pages, a tenant whose run charged traffic is suspended below its
      suspend threshold, a suspended tenant at or above it is resumed
      (`billing_transition`); then its pending low-balance warning is delivered
      (once: the flag is cleared before sending), unless this run paused the shop
      (the pause notice says more); at the end, every other pending warning
      (crossings caused by sales) is delivered;
    - one tenant's failure (the panel down, ...) is logged; the others are billed.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        panel: VpnPanel | None,
        clock: Clock,
        defaults: BillingDefaults,
        notices: WalletNotices,
        announce: AnnounceStatus,
        *,
        page_size: int = PAGE,
    ) -> None:
        self._uow, self._panel, self._clock = uow, panel, clock
        self._defaults, self._notices, self._announce = defaults, notices, announce
        self._page_size = page_size

    async def __call__(self) -> BillingReport:
        if self._panel is None:
            return BillingReport()
        run = uuid.uuid4().hex
        async with self._uow.platform() as uow:
            metered = await uow.wallets.metered(self._defaults.model)
        report = BillingReport(tenants=len(metered))
        for tenant_id in metered:
            try:
                tally = await self._tenant(self._panel, tenant_id, run)
                change = await self._settle(tenant_id, charged=tally.charged > 0)
                # the pause notice says more than a low-balance warning would
                warned = await self._warn(tenant_id, silent=change is TenantStatus.SUSPENDED)
            except Exception:  # one tenant's failure must not stop the others' billing
                log.exception("traffic billing failed for a tenant", extra={"tenant_id": tenant_id})
                report = replace(report, failed=report.failed + 1)
                continue
            report = replace(
                report,
                users=report.users + tally.users,
                charged=report.charged + tally.charged,
                billed_bytes=report.billed_bytes + tally.billed_bytes,
                warned=report.warned + warned,
                suspended=report.suspended + (change is TenantStatus.SUSPENDED),
                resumed=report.resumed + (change is TenantStatus.ACTIVE),
            )
        async with self._uow.platform() as uow:
            pending = await uow.wallets.low_balance_pending()
        for tenant_id in pending:
            report = replace(report, warned=report.warned + await self._warn(tenant_id))
        return report

    async def _tenant(self, panel: VpnPanel, tenant_id: TenantId, run: str) -> _Tally:
        tally = _Tally()
        page: list[PanelUser] = []
        page_no = 0
        stream = panel.stream_users_by_tag(panel_tag(tenant_id), page_size=self._page_size)
        async with _closing(stream):
            async for user in stream:
                page.append(user)
                if len(page) < self._page_size:
                    continue
                await self._page(tenant_id, page, f"traffic:{run}:{page_no}", tally)
                if tally.stopped:
                    return tally
                page, page_no = [], page_no + 1
        if page:
            await self._page(tenant_id, page, f"traffic:{run}:{page_no}", tally)
        return tally

    async def _page(
        self, tenant_id: TenantId, users: Sequence[PanelUser], key: str, tally: _Tally
    ) -> None:
        now = self._clock.now()
        async with self._uow.for_tenant(tenant_id) as uow:
            wallet = await uow.wallet.lock(now)
            settings = wallet.settings.effective(self._defaults)
            if settings.model is BillingModel.SALE:
                tally.stopped = True
                return
            meters = await uow.meters.lock([u.username for u in users])
            charge, pool, billed_bytes = 0, wallet.traffic_carry, 0
            changed: list[TrafficMeter] = []
            for user in users:
                meter = meters.get(user.username)
                amount, carried, billable, new = _read(meter, user, settings.rate_per_gb)
                charge += amount
                pool += carried
                billed_bytes += billable
                if new != meter:
                    changed.append(new)
            whole, pool = divmod(pool, GIB)
            charge += whole
            if changed:
                await uow.meters.put(changed, now)
            after = wallet.balance
            if charge:
                reference = f"panel users {users[0].id}..{users[-1].id}"
                posting = WalletPosting(
                    WalletKind.TRAFFIC_CHARGE, -charge, reference, key, traffic_bytes=billed_bytes
                )
                after = (await uow.wallet.post(posting, now)).balance_after
            pending = low_balance_pending(
                wallet.low_balance_pending, wallet.balance, after, settings.low_balance_threshold
            )
            updated = replace(wallet, traffic_carry=pool, low_balance_pending=pending)
            if updated != wallet:
                await uow.wallet.save(updated, now)
            await uow.commit()
        tally.users += len(users)
        tally.charged += charge
        tally.billed_bytes += billed_bytes

    async def _warn(self, tenant_id: TenantId, *, silent: bool = False) -> int:
        """Deliver the tenant's pending low-balance warning, at most once (`silent`:
        drop it)."""
        now = self._clock.now()
        async with self._uow.platform() as uow:
            tenant = await uow.tenants.get(tenant_id)
            wallets = uow.wallets.of(tenant_id)
            wallet = await wallets.get()
            if tenant is None or wallet is None or not wallet.low_balance_pending:
                return 0
            wallet = await wallets.lock(now)
            if not wallet.low_balance_pending:
                return 0
            await wallets.save(replace(wallet, low_balance_pending=False), now)
            await uow.commit()
        if silent or tenant.is_master:
            return 0
        threshold = wallet.settings.effective(self._defaults).low_balance_threshold
        await self._notices.low_balance(tenant, wallet.balance, threshold)
        return 1

    async def _settle(self, tenant_id: TenantId, *, charged: bool) -> TenantStatus | None:
        now = self._clock.now()
        async with self._uow.platform() as uow:
            tenant = await uow.tenants.get(tenant_id, for_update=True)
            wallet = await uow.wallets.of(tenant_id).get()
            if tenant is None or wallet is None:
                return None
            settings = wallet.settings.effective(self._defaults)
            changed = billing_transition(
                tenant, wallet.balance, settings, now, after_traffic_charge=charged
            )
            if changed is None:
                return None
            await uow.tenants.save(changed)
            await uow.commit()
        log.info(
            "tenant status changed by billing",
            extra={"tenant_id": tenant_id, "status": changed.status.value},
        )
        await self._announce(changed, wallet.balance, settings)
        return changed.status


def _read(
    meter: TrafficMeter | None, user: PanelUser, rate_per_gb: int
) -> tuple[int, int, int, TrafficMeter]:
    """One user's reading: (charge, carried money, billed bytes, the new meter)."""
    if meter is None:
        state, reset = MeterState.first(), False
    else:
        state = MeterState(meter.last_lifetime_bytes, 0, meter.prepaid_bytes_left)
        reset = meter.panel_user_id is not None and meter.panel_user_id != user.id
    now_bytes = user.lifetime_used_traffic_bytes
    amount, new_state = bill_reading(state, now_bytes, rate_per_gb, counter_reset=reset)
    restarted = reset or now_bytes < state.last_lifetime_bytes  # the rule of bill_reading
    delta = now_bytes if restarted else now_bytes - state.last_lifetime_bytes
    billed = delta - (state.prepaid_bytes_left - new_state.prepaid_bytes_left)
    new = TrafficMeter(user.username, user.id, now_bytes, new_state.prepaid_bytes_left)
    return amount, new_state.carried_value, billed, new


@contextlib.asynccontextmanager
async def _closing(stream: AsyncIterator[PanelUser]) -> AsyncIterator[None]:
    """Close the panel stream when billing stops early (it holds a page and a cursor)."""
    try:
        yield
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()
