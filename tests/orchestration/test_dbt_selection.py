"""The cycle builds what its changes reach once a good build's state exists, else everything."""

from __future__ import annotations

import json
from datetime import datetime
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
    # What a successful dbt build leaves behind: a manifest in the project's target/.
    state = dbt_selection.state_dir(settings)
    state.mkdir(parents=True)
    (state / dbt_selection.MANIFEST).write_text("{}")


def test_the_first_cycle_builds_everything(data_dir: Path) -> None:
    assert dbt_selection.build_args(load_settings(), LOADS) == ["build"]


def test_later_cycles_select_changed_tables_and_modified_nodes(data_dir: Path) -> None:
    settings = load_settings()
    _remember_a_build(settings)

    args = dbt_selection.build_args(settings, LOADS)

    state = str(dbt_selection.state_dir(settings))
    assert args == [
        "build",
        "--select",
        "source:raw_totesys.sales_order+",
        "source:raw_stock.stock+",
        "source:raw_stock.user+",
        "state:modified+",
        "--state",
        state,
    ]
    assert dbt_selection.build_args(settings, LOADS, full=True) == ["build"]


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
