"""`fleet import bedolaga`: move a single-tenant Bedolaga bot into a tenant (docs/import.md).

Progress bars and the report table use `rich` (kept up, already in the dependency
tree through litestar's CLI, renders plain text when the output is not a terminal).
Exit codes: 0 the report balances, 1 a mismatch, 2 the import could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from src.application.importing.import_bedolaga import ImportBedolagaInput, ImportReport
from src.application.ports.importing import ProgressPhase
from src.core.errors import DomainError
from src.core.ids import TenantId
from src.infrastructure.bootstrap import resolve_database_url
from src.infrastructure.container import start_container, stop_container
from src.infrastructure.settings import Settings
from src.interfaces.composition import compose


class _Bar:
    def __init__(self, progress: Progress, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, n: int) -> None:
        self._progress.advance(self._task, n)


class RichProgress:
    """One bar per phase, on stderr so that stdout keeps the report only."""

    def __init__(self, console: Console) -> None:
        self._console = console

    @asynccontextmanager
    async def phase(self, name: str, total: int) -> AsyncIterator[ProgressPhase]:
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
        with Progress(*columns, TimeRemainingColumn(), console=self._console) as progress:
            yield _Bar(progress, progress.add_task(name, total=total))


def _plain(value: Any) -> Any:
    """Dataclasses and dicts (Counters too: `asdict` would garble them) as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def report_json(report: ImportReport) -> dict[str, Any]:
    data: dict[str, Any] = _plain(report)
    data["balance_expected"] = report.balance_expected
    data["mismatches"] = report.mismatches
    data["ok"] = not report.mismatches
    return data


def print_report(report: ImportReport, console: Console) -> None:
    title = f"Bedolaga import into tenant {report.tenant_id}" + (
        " (dry run: nothing written)" if report.dry_run else ""
    )
    table = Table(title=title)
    for column in ("entity", "source", "imported", "skipped", "reason"):
        table.add_column(
            column, justify="right" if column in ("source", "imported", "skipped") else "left"
        )
    for line in report.entities.values():
        reasons = list(line.skipped.items()) or [("", 0)]
        for i, (reason, n) in enumerate(reasons):
            first = i == 0
            table.add_row(
                line.entity if first else "",
                str(line.source) if first else "",
                str(line.imported) if first else "",
                str(n) if reason else "0",
                reason,
            )
    console.print(table)
    console.print(f"money: {report.conversion}")
    console.print(f"  source balances, all users: {report.balance_source_total}")
    for reason, amount in report.balance_not_importable.items():
        console.print(f"  not importable ({reason}): {amount}")
    console.print(
        f"  expected in Fleet: {report.balance_expected}; "
        f"Fleet opening ledger rows: {report.balance_fleet}"
    )
    console.print(
        f"active subscriptions: source {report.active_source}, Fleet {report.active_fleet}"
    )
    p = report.panel
    console.print(
        f"panel users linked: {p.linked}; retagged {p.retagged}, already tagged "
        f"{p.already_tagged}, missing on the panel {p.missing}, untagged {p.untagged}"
        + (" (run with --retag)" if p.untagged else "")
    )
    for note, n in report.notes.items():
        console.print(f"note: {n} {note}")
    for mismatch in report.mismatches:
        console.print(f"MISMATCH: {mismatch}", style="bold red")
    if not report.mismatches:
        console.print("OK: balances and active subscriptions match", style="bold green")


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    outcome = asyncio.run(run_import(settings, args))
    if isinstance(outcome, int):
        return outcome
    console = Console()
    if not console.is_terminal:  # a log or a pipe: long lines rather than wrapped cells
        console = Console(width=160)
    print_report(outcome, console)
    if args.report:
        Path(args.report).write_text(json.dumps(report_json(outcome), indent=2, default=str))
    return 1 if outcome.mismatches else 0


async def run_import(settings: Settings, args: argparse.Namespace) -> ImportReport | int:
    errors = Console(stderr=True)
    if args.retag and not (settings.remnawave_url and settings.remnawave_token):
        errors.print("fleet: --retag needs FLEET_REMNAWAVE_URL and FLEET_REMNAWAVE_TOKEN")
        return 2
    container = compose(settings=settings, database_url=resolve_database_url(settings))
    await start_container(container)
    source = container.bedolaga_source(args.source)
    retagger = container.panel_retagger() if args.retag else None
    try:
        report = await container.import_bedolaga()(
            ImportBedolagaInput(
                tenant_id=TenantId(args.tenant) if args.tenant is not None else None,
                dry_run=args.dry_run,
                retag=args.retag,
                batch_size=args.batch_size,
            ),
            source,
            RichProgress(errors),
            retagger,
        )
    except DomainError as exc:
        errors.print(f"fleet: {exc.message}")
        return 2
    finally:
        await source.close()
        if retagger is not None:
            await retagger.close()
        await stop_container(container)
    return report
