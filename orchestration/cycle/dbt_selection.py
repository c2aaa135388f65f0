"""Which dbt nodes a cycle must build: those downstream of what changed, or all of them.

A cycle that loaded new rows into two raw tables need not rebuild and re-test the 300 nodes
that cannot have changed. dbt selects the rest itself: `source:<schema>.<table>+` for each raw
table that gained, changed or lost rows, plus `state:modified+` against the manifest of the last
successful build, so changed models, new seeds and changed tests are always built. Without that
state (the first cycle, a new data dir), everything is built.

The incremental models take the rows loaded since the last successful build (the var
`last_build_at`, macros/incremental_facts.sql). A selective build (the var `selective`) also
has the totesys snapshots read only those rows (macros/changed_versions.sql), tests only those
rows of the incremental marts (macros/scoped_tests.sql) and leaves the tests tagged
`whole_table` out. Every row is read and tested again by a full build, due when the last one is
older than `settings.full_build_hours`.

Unit tests check a model's SQL against the rows their YAML gives, so new data cannot change
their outcome: a selective build leaves them out while the project's code is the code of the
last successful build, and runs them (those state:modified+ reaches) once it changed.
"""

import hashlib
import json
import shutil
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from common.sources import RAW_SCHEMAS
from orchestration.cycle.cycle_report import TableLoad
from orchestration.settings import Settings

STATE_FOLDER = "dbt_state"
MANIFEST = "manifest.json"
# Present from a cycle's start until its build is remembered: a cycle killed in between
# (SIGKILL, power loss) never reaches forget_build, and leaves this mark instead.
RUNNING = "cycle.running"
# Touched by each successful full build: when it is older than settings.full_build_hours, the
# next cycle builds and tests everything.
FULL_BUILD = "full_build.done"
# When the last successful build finished (UTC, ISO), written by this process's clock, the
# clock dlt's load ids (loaded_at) come from: not a file time, which a network volume sets.
BUILT_AT = "last_build.at"
WHOLE_TABLE_TAG = "whole_table"
# A hash of the dbt project's code at the last successful build (code_fingerprint).
CODE = "project_code.sha256"
# The project's code: what dbt compiles and what its unit tests' outcome depends on.
CODE_FOLDERS = ("models", "macros", "snapshots", "seeds", "tests", "analyses")


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
    """`dbt build` arguments: everything when `full`, else a selection tested on the rows loaded
    since the last build. With a last build, the incremental models take the rows loaded since
    it; the sources' simulated clocks, if any, date the snapshots."""
    state = state_dir(settings)
    built_at = last_build_time(settings)
    if not (state / MANIFEST).exists() or built_at is None:
        return ["build", *dbt_vars(clocks or {})]
    since = {"last_build_at": f"{built_at:%Y-%m-%d %H:%M:%S.%f}"}
    if full:
        return ["build", *dbt_vars(clocks or {}, since)]
    selectors = [*changed_sources(tables), "state:modified+"]
    excluded = [f"tag:{WHOLE_TABLE_TAG}", *_unit_tests_if_same_code(settings)]
    return [
        "build", "--select", *selectors, "--exclude", *excluded,
        "--state", str(state), *dbt_vars(clocks or {}, {**since, "selective": True}),
    ]  # fmt: skip


def _unit_tests_if_same_code(settings: Settings) -> list[str]:
    remembered = state_dir(settings) / CODE
    if remembered.exists() and remembered.read_text() == code_fingerprint(settings.dbt_project_dir):
        return ["resource_type:unit_test"]
    return []


def code_fingerprint(project_dir: Path) -> str:
    """A hash of the dbt project's code: its YAML at the top and every file of its folders."""
    paths = [*project_dir.glob("*.yml")]
    paths += [path for folder in CODE_FOLDERS for path in (project_dir / folder).rglob("*")]
    digest = hashlib.sha256()
    for path in sorted(path for path in paths if path.is_file()):
        digest.update(f"{path.relative_to(project_dir)}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def full_build_due(settings: Settings) -> bool:
    """No build to compare with, or the last full build is older than the settings allow."""
    state = state_dir(settings)
    if not all((state / name).exists() for name in (MANIFEST, BUILT_AT, FULL_BUILD)):
        return True
    age_hours = (time.time() - (state / FULL_BUILD).stat().st_mtime) / 3600
    return age_hours >= settings.full_build_hours


def last_build_time(settings: Settings) -> datetime | None:
    """When the last successful build finished (UTC, as dbt reads loaded_at): every raw row
    loaded after it is new to the models. None without that record: the next build is full."""
    path = state_dir(settings) / BUILT_AT
    return datetime.fromisoformat(path.read_text().strip()) if path.exists() else None


def dbt_vars(
    clocks: Mapping[str, datetime], extra: Mapping[str, object] | None = None
) -> list[str]:
    """`--vars`: `extra`, and each simulated source's clock by its raw schema (the dbt source
    name); macros/snapshot_get_time.sql dates that source's snapshots by it, not wall time."""
    values = dict(extra or {})
    if clocks:
        values["source_clocks"] = {
            RAW_SCHEMAS[source]: f"{clock:%Y-%m-%d %H:%M:%S.%f}" for source, clock in clocks.items()
        }
    return ["--vars", json.dumps(values)] if values else []


def start_cycle(settings: Settings) -> None:
    """Marks a cycle as started; after one that died mid-way, forgets the last build (raw may
    hold rows it loaded that no model has seen), so this cycle builds everything."""
    state = state_dir(settings)
    if (state / RUNNING).exists():
        forget_build(settings)
    state.mkdir(parents=True, exist_ok=True)
    (state / RUNNING).touch()


def remember_build(settings: Settings, *, full: bool) -> None:
    """Keeps the manifest of a successful build as the state the next cycle compares with."""
    manifest = settings.dbt_target_dir / MANIFEST
    state = state_dir(settings)
    state.mkdir(parents=True, exist_ok=True)
    temporary = state / f"{MANIFEST}.tmp"
    shutil.copyfile(manifest, temporary)
    temporary.replace(state / MANIFEST)
    (state / BUILT_AT).write_text(f"{datetime.now(UTC).replace(tzinfo=None).isoformat()}\n")
    (state / CODE).write_text(code_fingerprint(settings.dbt_project_dir))
    if full:
        (state / FULL_BUILD).touch()
    (state / RUNNING).unlink(missing_ok=True)


def forget_build(settings: Settings) -> None:
    """After a failed cycle: raw may hold rows no model has seen, so the next one builds all."""
    (state_dir(settings) / MANIFEST).unlink(missing_ok=True)
