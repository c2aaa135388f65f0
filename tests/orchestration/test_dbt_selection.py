"""The cycle builds what its changes reach once a good build's state exists, else everything."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from orchestration.cycle import dbt_selection
from orchestration.cycle.cycle_report import TableLoad
from orchestration.settings import load_settings

LOADS = [
    TableLoad("totesys", "sales_order", 3, 3),
    TableLoad("totesys", "staff", 0, 0),
    TableLoad("stock_db", "stock", 48, 48, 1),
    TableLoad("stock_db", "user", 0, 0, 2),
]


def _remember_a_build(settings) -> None:
    # What a successful dbt build leaves behind: a manifest in the project's target/, which
    # the cycle then keeps as its state.
    manifest = settings.dbt_target_dir / dbt_selection.MANIFEST
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text("{}")
    dbt_selection.remember_build(settings, full=False)


def test_the_first_cycle_builds_everything(data_dir: Path) -> None:
    assert dbt_selection.build_args(load_settings(), LOADS) == ["build"]


def test_later_cycles_select_changed_tables_and_modified_nodes(data_dir: Path) -> None:
    settings = load_settings()
    _remember_a_build(settings)
    built_at = dbt_selection.last_build_time(settings)

    args = dbt_selection.build_args(settings, LOADS)

    state = str(dbt_selection.state_dir(settings))
    assert args[:-2] == [
        "build",
        "--select",
        "source:raw_totesys.sales_order+",
        "source:raw_stock.stock+",
        "source:raw_stock.user+",
        "state:modified+",
        "--exclude",
        "tag:whole_table",
        "resource_type:unit_test",
        "--state",
        state,
    ]
    # Its tests see the rows loaded since the last build; the incremental models take those.
    since = f"{built_at:%Y-%m-%d %H:%M:%S.%f}"
    assert args[-2] == "--vars"
    assert json.loads(args[-1]) == {"last_build_at": since, "selective": True}
    full = dbt_selection.build_args(settings, LOADS, full=True)
    assert full[:2] == ["build", "--vars"]
    assert json.loads(full[2]) == {"last_build_at": since}


def test_unit_tests_wait_for_a_change_of_the_projects_code(data_dir: Path, tmp_path: Path) -> None:
    settings = load_settings()
    _remember_a_build(settings)
    remembered = dbt_selection.state_dir(settings) / dbt_selection.CODE
    # The last build had other code (a deployment since): its unit tests run again.
    remembered.write_text("the fingerprint of other code")
    args = dbt_selection.build_args(settings, LOADS)
    assert args[args.index("--exclude") + 1 : args.index("--state")] == ["tag:whole_table"]

    # A copy of the project: each kind of change to its code changes the fingerprint.
    project = tmp_path / "dbt_project"
    for folder in dbt_selection.CODE_FOLDERS:
        shutil.copytree(settings.dbt_project_dir / folder, project / folder)
    for top in settings.dbt_project_dir.glob("*.yml"):  # dbt_project.yml, profiles.yml
        shutil.copy(top, project)
    original = dbt_selection.code_fingerprint(project)
    assert original == dbt_selection.code_fingerprint(settings.dbt_project_dir)
    model = project / "models" / "marts" / "sales" / "fact_sales_order.sql"
    model.write_text(model.read_text() + "\n-- a comment\n")
    edited = dbt_selection.code_fingerprint(project)
    (project / "macros" / "new_macro.sql").write_text("{% macro new_macro() %}{% endmacro %}")
    added = dbt_selection.code_fingerprint(project)
    assert len({original, edited, added}) == 3


def test_the_last_build_time_is_when_it_was_remembered(data_dir: Path) -> None:
    settings = load_settings()
    before = datetime.now(UTC).replace(tzinfo=None)

    _remember_a_build(settings)

    after = datetime.now(UTC).replace(tzinfo=None)
    assert before <= dbt_selection.last_build_time(settings) <= after
    assert dbt_selection.full_build_due(settings)  # no full build yet
    dbt_selection.remember_build(settings, full=True)
    assert not dbt_selection.full_build_due(settings)


def test_a_state_without_the_build_time_builds_everything(data_dir: Path) -> None:
    settings = load_settings()
    _remember_a_build(settings)
    (dbt_selection.state_dir(settings) / dbt_selection.BUILT_AT).unlink()

    assert dbt_selection.build_args(settings, LOADS) == ["build"]
    assert dbt_selection.full_build_due(settings)


def test_a_full_build_is_due_once_the_last_one_is_older_than_the_setting(data_dir: Path) -> None:
    settings = dataclasses.replace(load_settings(), full_build_hours=1.0)
    _remember_a_build(settings)
    mark = dbt_selection.state_dir(settings) / dbt_selection.FULL_BUILD
    mark.touch()
    assert not dbt_selection.full_build_due(settings)

    two_hours_ago = time.time() - 7200
    os.utime(mark, (two_hours_ago, two_hours_ago))

    assert dbt_selection.full_build_due(settings)


def test_a_failed_cycle_makes_the_next_build_full(data_dir: Path) -> None:
    settings = load_settings()
    _remember_a_build(settings)

    dbt_selection.forget_build(settings)

    assert dbt_selection.build_args(settings, LOADS) == ["build"]


def test_simulated_clocks_reach_dbt_by_source_name(data_dir: Path) -> None:
    clocks = {"stock_db": datetime(2025, 11, 4, 8, 1)}
    args = dbt_selection.build_args(load_settings(), LOADS, clocks=clocks)
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"source_clocks": {"raw_stock": "2025-11-04 08:01:00.000000"}}
    assert dbt_selection.build_args(load_settings(), LOADS, clocks={}) == ["build"]
