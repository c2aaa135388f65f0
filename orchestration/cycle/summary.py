"""What `warehouse run` prints: a short summary after each cycle, and after the last of several
the totals of all of them and what to open next. The full detail is in the JSON log."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.cycle.cycle_report import BUILT_TYPES, CycleReport

if TYPE_CHECKING:
    from orchestration.settings import Settings

LAYER_ORDER = ("staging", "snapshots", "intermediate", "marts")
NEXT_STEPS = (
    ("make dashboard", "the marts as charts", "http://localhost:8501"),
    ("make dagster", "assets, lineage and the schedule", "http://localhost:3000"),
    ("make docs", "the dbt models, documented", "http://localhost:8080"),
)


def _tables(report: CycleReport) -> list[str]:
    """Tables that gained, changed or lost rows; the others counted in one line."""
    changed = [t for t in report.tables if t.rows_extracted or t.rows_loaded or t.rows_deleted]
    lines = [f"  {'table':<32} {'extracted':>10} {'loaded':>10} {'deleted':>8} {'quarantined':>11}"]
    for table in changed:
        name = f"{table.source}.{table.table}"
        lines.append(
            f"  {name:<32} {table.rows_extracted:>10,} {table.rows_loaded:>10,}"
            f" {table.rows_deleted:>8,} {table.rows_quarantined:>11,}"
        )
    if unchanged := len(report.tables) - len(changed):
        lines.append(f"  ({unchanged} other tables: no new rows)")
    return lines


def _layers(report: CycleReport) -> list[str]:
    by_layer: dict[str, dict[str, int]] = defaultdict(dict)
    for (layer, status), count in report.models_built().items():
        by_layer[layer][status] = count
    rank = {layer: position for position, layer in enumerate(LAYER_ORDER)}
    ordered = sorted(by_layer, key=lambda layer: (rank.get(layer, len(rank)), layer))
    return [
        f"  {layer:<14} "
        + ", ".join(f"{count} {status}" for status, count in sorted(by_layer[layer].items()))
        for layer in ordered
    ]


def _tests(report: CycleReport) -> str:
    outcomes = report.test_outcomes()
    return (
        f"  passed {outcomes['pass']}, warned {outcomes['warn']}, "
        f"failed {outcomes['fail'] + outcomes['error']}, skipped {outcomes['skipped']}"
    )


def format_summary(report: CycleReport) -> str:
    """Rows per table, models per layer, test outcomes, time per step, and the verdict."""
    # Sub-steps ("ingest totesys/extract") are counted in their step; the run record keeps them.
    steps = [item for item in report.steps if "/" not in item.step]
    lines = [f"cycle {report.run_id} on {report.target}: {report.status.upper()}"]
    if report.failed_step:
        lines.append(f"  failed step: {report.failed_step}: {report.error}")
    if report.tables:
        lines += ["rows per table:", *_tables(report)]
    if report.nodes:
        lines += ["models per layer:", *_layers(report), "tests:", _tests(report)]
    lines.append("time per step:")
    lines += [f"  {item.step:<28} {item.seconds:>7.1f}s  {item.status}" for item in steps]
    lines.append(f"  {'total':<28} {sum(item.seconds for item in steps):>7.1f}s")
    return "\n".join(lines)


@dataclass
class RunTotals:
    """What every cycle of one `warehouse run` did, added up as each ends."""

    started: float = field(default_factory=time.monotonic)
    cycles: int = 0
    failed: int = 0
    rows_loaded: int = 0
    rows_deleted: int = 0
    rows_quarantined: int = 0
    nodes_built: int = 0
    tests_passed: int = 0
    tests_failed: int = 0

    def add(self, report: CycleReport) -> None:
        self.cycles += 1
        self.failed += not report.succeeded
        self.rows_loaded += sum(table.rows_loaded for table in report.tables)
        self.rows_deleted += sum(table.rows_deleted for table in report.tables)
        self.rows_quarantined += sum(table.rows_quarantined for table in report.tables)
        built = [n for n in report.nodes if n.resource_type in BUILT_TYPES]
        self.nodes_built += sum(node.status == "success" for node in built)
        outcomes = report.test_outcomes()
        self.tests_passed += outcomes["pass"]
        self.tests_failed += outcomes["fail"] + outcomes["error"]


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative when it is under the working directory."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


def format_closing(totals: RunTotals, settings: Settings) -> str:
    """The block after the last cycle: totals of all cycles, where the detail is, what next."""
    minutes, seconds = divmod(round(time.monotonic() - totals.started), 60)
    succeeded = totals.cycles - totals.failed
    lines = [
        "",
        f"{totals.cycles} cycle{'s' if totals.cycles != 1 else ''} in {minutes}m{seconds:02d}s: "
        f"{succeeded} succeeded, {totals.failed} failed",
        f"  rows loaded {totals.rows_loaded:,}, deleted {totals.rows_deleted:,}, "
        f"quarantined {totals.rows_quarantined:,}",
        f"  dbt: {totals.nodes_built:,} models, snapshots and seeds built; "
        f"{totals.tests_passed:,} tests passed, {totals.tests_failed:,} failed",
        f"  every log line as JSON: {_shown(settings.log_file)}; "
        f"dbt's own log: {_shown(settings.dbt_log_dir / 'dbt.log')}",
        "next:",
    ]
    lines += [f"  {command:<16} {what:<34} {url}" for command, what, url in NEXT_STEPS]
    return "\n".join(lines)
