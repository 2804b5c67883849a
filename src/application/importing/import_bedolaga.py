"""Import a Bedolaga v4.x bot's database into one tenant, with a report that proves
nothing was lost (docs/import.md).

Rules:
- the source is only read; the tenant is written batch by batch, each batch in one
  transaction, every row under a key unique per source row (a user by Telegram id,
  an opening balance by `import:bedolaga:opening:<telegram id>`, a subscription by
  user): a second run writes nothing, a run killed halfway resumes where it stopped;
- a dry run does the same writes in one transaction and rolls it back: the same
  report, nothing kept;
- balances are Bedolaga kopecks (integer, 1/100 RUB): one kopeck is one minor unit
  of RUB, so the platform currency must be RUB (any other currency is refused);
- the report's checks are recomputed on both databases: the sum of the importable
  source balances equals the sum of the opening ledger rows read back from the
  tenant, and so do the numbers of users with an active subscription.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from src.application.importing.bedolaga_mapping import Mapped, map_user
from src.application.ports.clock import Clock
from src.application.ports.importing import (
    BedolagaSource,
    ImportSink,
    ImportTarget,
    PanelRetagger,
    Progress,
    SourceTotals,
    SourceUser,
)
from src.application.ports.uow import UnitOfWorkFactory
from src.application.tenancy.lookups import require_tenant
from src.core.errors import PanelUserNotFound, ValidationError
from src.core.ids import TenantId
from src.core.shop.user import panel_tag

SOURCE_CURRENCY = "RUB"  # Bedolaga's balance_kopeks
NOT_IN_FLEET = "not imported: feature not in Fleet yet"
RETAG_CONCURRENCY = 8


@dataclass(slots=True)
class EntityLine:
    entity: str
    source: int
    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        if n:
            self.skipped[reason] += n


@dataclass(slots=True)
class PanelLine:
    linked: int = 0  # imported subscriptions linked to an existing panel user
    retagged: int = 0
    already_tagged: int = 0
    missing: int = 0  # linked panel users the panel no longer has
    untagged: int = 0  # linked users left without the tenant's tag (no --retag)


@dataclass(slots=True)
class ImportReport:
    tenant_id: int
    dry_run: bool
    conversion: str
    entities: dict[str, EntityLine]
    balance_source_total: int = 0
    balance_not_importable: Counter[str] = field(default_factory=Counter)
    balance_fleet: int = 0
    active_source: int = 0
    active_fleet: int = 0
    panel: PanelLine = field(default_factory=PanelLine)
    notes: Counter[str] = field(default_factory=Counter)

    @property
    def balance_expected(self) -> int:
        return self.balance_source_total - sum(self.balance_not_importable.values())

    @property
    def mismatches(self) -> list[str]:
        found = []
        if self.balance_expected != self.balance_fleet:
            found.append(f"balances: source {self.balance_expected} != Fleet {self.balance_fleet}")
        if self.active_source != self.active_fleet:
            found.append(
                f"active subscriptions: source {self.active_source} != Fleet {self.active_fleet}"
            )
        return found


@dataclass(frozen=True, slots=True)
class ImportBedolagaInput:
    tenant_id: TenantId | None  # None: the master tenant
    dry_run: bool = False
    retag: bool = False
    batch_size: int = 2000


class ImportBedolaga:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        target: ImportTarget,
        clock: Clock,
        currency: str,
    ) -> None:
        self._uow, self._target, self._clock, self._currency = uow, target, clock, currency

    async def __call__(
        self,
        data: ImportBedolagaInput,
        source: BedolagaSource,
        progress: Progress,
        retagger: PanelRetagger | None = None,
    ) -> ImportReport:
        if self._currency != SOURCE_CURRENCY:
            raise ValidationError(
                f"the source keeps balances in RUB kopecks; FLEET_CURRENCY is {self._currency}"
                " and no exchange rate is assumed",
                field="currency",
            )
        async with self._uow.platform() as uow:
            if data.tenant_id is None:
                tenant = await uow.tenants.get_master()
                if tenant is None:
                    raise ValidationError("no master tenant yet: pass --tenant", field="tenant")
            else:
                tenant = await require_tenant(uow.tenants, data.tenant_id)
        now = self._clock.now()
        totals = await source.totals(now)
        report = _new_report(tenant.id, data.dry_run, totals)
        async with self._target.session(tenant.id, dry_run=data.dry_run) as sink:
            async with progress.phase("users", totals.users) as bar:
                async for batch in source.users(data.batch_size):
                    await self._import_batch(sink, batch, tenant.default_language, now, report)
                    bar.advance(len(batch))
            await self._link_referrals(sink, source, data.batch_size, progress, report)
            if data.retag and retagger is not None and not data.dry_run:
                await _retag(sink, retagger, tenant.id, data.batch_size, progress, report)
            else:
                report.panel.untagged = report.panel.linked
        return report

    async def _import_batch(
        self,
        sink: ImportSink,
        batch: Sequence[SourceUser],
        default_language: str,
        now: datetime,
        report: ImportReport,
    ) -> None:
        users, subs, balances = (report.entities[k] for k in ("users", "subscriptions", "balances"))
        mapped: list[Mapped] = []
        for source in batch:
            if source.telegram_id is None:
                users.skip("no Telegram id (email-only account)")
                subs.skip("user not imported (no Telegram id)", len(source.subscriptions))
                if source.balance_kopeks:
                    balances.skip("user not imported (no Telegram id)")
                    report.balance_not_importable["user without Telegram id"] += (
                        source.balance_kopeks
                    )
                continue
            m = map_user(source, source.telegram_id, default_language, now)
            mapped.append(m)
            subs.skip("unpaid draft (status pending)", m.choice.drafts)
            subs.skip(
                "another subscription of the user (Fleet keeps one per user)", m.choice.others
            )
            if m.negative_balance:
                balances.skip("negative balance (a Fleet balance is never below zero)")
                report.balance_not_importable["negative balances"] += m.negative_balance
            _notes(report, source, m)
        if not mapped:
            return
        outcome = await sink.write_users([m.user for m in mapped])
        users.imported += outcome.users_created
        users.skip("already in the tenant (earlier run or /start)", outcome.users_present)
        balances.imported += outcome.balances_posted
        balances.skip(
            "posted by an earlier run",
            sum(1 for m in mapped if m.user.balance) - outcome.balances_posted,
        )
        subs.imported += outcome.subscriptions_created
        subs.skip("the user has a Fleet subscription already", outcome.subscriptions_present)
        measured = await sink.measure([m.user for m in mapped], now)
        report.balance_fleet += measured.balance_sum
        report.active_fleet += measured.active_users
        report.panel.linked += measured.linked_panel_users

    async def _link_referrals(
        self,
        sink: ImportSink,
        source: BedolagaSource,
        batch_size: int,
        progress: Progress,
        report: ImportReport,
    ) -> None:
        line = report.entities["referrals"]
        pairs_seen = self_refs = 0
        async with progress.phase("referrals", line.source) as bar:
            async for pairs in source.referrals(batch_size):
                own = [(user, referrer) for user, referrer in pairs if user != referrer]
                line.imported += await sink.link_referrals(own)
                pairs_seen += len(pairs)
                self_refs += len(pairs) - len(own)
                bar.advance(len(pairs))
            bar.advance(line.source - pairs_seen)  # referred users without a Telegram id
        line.skip("refers to itself", self_refs)
        line.skip("set already (earlier run or /start)", pairs_seen - self_refs - line.imported)
        line.skip("the referrer or the user has no Telegram id", line.source - pairs_seen)


async def _retag(
    sink: ImportSink,
    retagger: PanelRetagger,
    tenant_id: TenantId,
    batch_size: int,
    progress: Progress,
    report: ImportReport,
) -> None:
    """Give the linked panel users the tenant's tag, skipping those that carry it already
    (so a killed retag resumes where it stopped), a few requests at a time."""
    tag = panel_tag(tenant_id)
    done = {user_id async for user_id in retagger.tagged_user_ids(tag)}
    gate = asyncio.Semaphore(RETAG_CONCURRENCY)
    panel = report.panel

    async def one(user_id: int) -> None:
        async with gate:
            try:
                await retagger.set_tag(user_id, tag)
                panel.retagged += 1
            except PanelUserNotFound:
                panel.missing += 1

    async with progress.phase("retag", panel.linked) as bar:
        async for ids in sink.linked_panel_users(batch_size):
            todo = [i for i in ids if i not in done]
            panel.already_tagged += len(ids) - len(todo)
            try:
                async with asyncio.TaskGroup() as group:
                    for user_id in todo:
                        group.create_task(one(user_id))
            except BaseExceptionGroup as failed:  # the panel went away: stop, resume later
                raise failed.exceptions[0] from None
            bar.advance(len(ids))


def _new_report(tenant_id: int, dry_run: bool, totals: SourceTotals) -> ImportReport:
    lines = [
        EntityLine("users", totals.users),
        EntityLine("balances", totals.users_with_balance),
        EntityLine("subscriptions", totals.subscriptions),
        EntityLine("referrals", totals.referred_users),
    ]
    for entity, n in (
        ("transactions", totals.transactions),
        ("promocodes", totals.promocodes),
        ("promocode_uses", totals.promocode_uses),
        ("referral_earnings", totals.referral_earnings),
    ):
        line = EntityLine(entity, n)
        line.skip(NOT_IN_FLEET, n)
        lines.append(line)
    return ImportReport(
        tenant_id=tenant_id,
        dry_run=dry_run,
        conversion="source balance_kopeks (integer, 1/100 RUB) = Fleet minor units of RUB (x1)",
        entities={line.entity: line for line in lines},
        balance_source_total=totals.balance_kopeks,
        active_source=totals.active_users,
    )


def _notes(report: ImportReport, source: SourceUser, m: Mapped) -> None:
    """Fields Fleet has no place for yet, counted so the report names them."""
    notes = report.notes
    if source.status != "active":
        notes[f"users with status {source.status} (imported; Fleet has no user status yet)"] += 1
    if source.last_name:
        notes["last names joined into the first name"] += 1
    if m.language_replaced:
        notes["languages Fleet does not speak, replaced by the tenant's default"] += 1
    if m.expiry_clipped:
        notes["expired/disabled subscriptions ending later, imported as ended now"] += 1
    chosen = m.choice.chosen
    if chosen is not None and chosen.autopay_enabled:
        notes["subscriptions with autopay on (auto-renewal is a tenant feature in Fleet)"] += 1
    if chosen is not None and chosen.remnawave_id is None and chosen.remnawave_uuid:
        notes["subscriptions linked by a pre-3.x panel uuid only (left unlinked)"] += 1
    if source.referral_code and not m.user.referral_code:
        notes["referral codes Fleet cannot store, replaced by fresh ones"] += 1
