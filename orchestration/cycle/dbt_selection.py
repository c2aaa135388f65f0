"""Which dbt nodes a cycle must build: those downstream of what changed, or all of them.

A cycle that loaded new rows into two raw tables need not rebuild and re-test the 300 nodes
that cannot have changed. dbt selects the rest itself: `source:<schema>.<table>+` for each raw
table that gained, changed or lost rows, plus `state:modified+` against the manifest of the last
successful build, so changed models, new seeds and changed tests are always built. Without that
state (the first cycle, a new data dir), everything is built.
"""

import json
import shutil
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from common.sources import RAW_SCHEMAS
from orchestration.cycle.cycle_report import TableLoad
from orchestration.settings import Settings

STATE_FOLDER = "dbt_state"
MANIFEST = "manifest.json"
# Present from a cycle's start until its build is remembered: a cycle killed in between
# (SIGKILL, power loss) never reaches forget_build, and leaves this mark instead.
RUNNING = "cycle.running"


def state_dir(settings: Settings) -> Path:
    """Where the manifest of the last successful build is kept, per deployment data dir."""
    return settings.data_dir / STATE_FOLDER / settings.target


def changed_sources(tables: list[TableLoad]) -> list[str]:
    """dbt source selectors for the raw tables this cycle changed."""
    return [
        f"source:{RAW_SCHEMAS[table.source]}.{table.table}+"
        for table in tables
        if table.rows_loaded or table.rows_deleted
    ]


def build_args(
    settings: Settings,
    tables: list[TableLoad],
    *,
    full: bool = False,
    clocks: Mapping[str, datetime] | None = None,
) -> list[str]:
    """`dbt build` arguments: a selection when a previous build's state exists, else none;
    the sources' simulated clocks, if any, for the snapshots' observation time."""
    state = state_dir(settings)
    if full or not (state / MANIFEST).exists():
        return ["build", *clock_vars(clocks or {})]
    selectors = [*changed_sources(tables), "state:modified+"]
    return ["build", "--select", *selectors, "--state", str(state), *clock_vars(clocks or {})]


def clock_vars(clocks: Mapping[str, datetime]) -> list[str]:
    """`--vars` naming each simulated source's clock by its raw schema (the dbt source name);
    macros/snapshot_get_time.sql dates that source's snapshots by it instead of wall time."""
    if not clocks:
        return []
    by_schema = {
        RAW_SCHEMAS[source]: f"{clock:%Y-%m-%d %H:%M:%S.%f}" for source, clock in clocks.items()
    }
    return ["--vars", json.dumps({"source_clocks": by_schema})]


def start_cycle(settings: Settings) -> None:
    """Marks a cycle as started; after one that died mid-way, forgets the last build (raw may
    hold rows it loaded that no model has seen), so this cycle builds everything."""
    state = state_dir(settings)
    if (state / RUNNING).exists():
        forget_build(settings)
    state.mkdir(parents=True, exist_ok=True)
    (state / RUNNING).touch()


def remember_build(settings: Settings) -> None:
    """Keeps the manifest of a successful build as the state the next cycle compares with."""
    manifest = settings.dbt_target_dir / MANIFEST
    state = state_dir(settings)
    state.mkdir(parents=True, exist_ok=True)
    temporary = state / f"{MANIFEST}.tmp"
    shutil.copyfile(manifest, temporary)
    temporary.replace(state / MANIFEST)
    (state / RUNNING).unlink(missing_ok=True)


def forget_build(settings: Settings) -> None:
    """After a failed cycle: raw may hold rows no model has seen, so the next one builds all."""
    (state_dir(settings) / MANIFEST).unlink(missing_ok=True)
