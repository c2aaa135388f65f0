"""`warehouse run` argument errors and a refused second cycle: one clear line, non-zero exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from orchestration.cli import main
from orchestration.cycle.run import PUBLISH_STEP
from orchestration.settings import load_settings


def test_a_bad_interval_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--simulate", "--interval", "soon"])
    assert exit_info.value.code == 2
    assert "interval 'soon' is not like 15m" in capsys.readouterr().err


def test_zero_cycles_is_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--cycles", "0"])
    assert "expected a whole number of at least 1" in capsys.readouterr().err


def test_a_second_cycle_exits_with_one_line(local_sources, capsys) -> None:
    url = load_settings().warehouse_url
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from ingestion import warehouse_lock
            with warehouse_lock({url!r}):
                print("locked", flush=True)
                time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert main(["run"]) == 1
    finally:
        holder.kill()
        holder.wait()
    last_line = capsys.readouterr().err.strip().splitlines()[-1]
    assert last_line.startswith("warehouse run: error: another cycle is running against duckdb:///")


def test_every_alone_runs_without_end_and_cycles_bound_it() -> None:
    import argparse
    import itertools
    from datetime import timedelta

    from orchestration.commands.run import _cycle_numbers

    endless = _cycle_numbers(argparse.Namespace(cycles=None, every=timedelta(minutes=15)))
    assert list(itertools.islice(endless, 5)) == [0, 1, 2, 3, 4]
    bounded = _cycle_numbers(argparse.Namespace(cycles=3, every=timedelta(minutes=15)))
    assert list(bounded) == [0, 1, 2]
    assert list(_cycle_numbers(argparse.Namespace(cycles=None, every=None))) == [0]


def test_several_cycles_close_with_totals_and_next_steps(
    warehouse_local_copy, capsys, tmp_path, monkeypatch
) -> None:
    """What `make run` shows: a summary per cycle, then the totals and what to open next; no
    dbt node lines, no dlt counters; every log line also in the data dir's JSON log. With
    DAGSTER_HOME set (as `make run` sets it), Dagster's instance records what each cycle did.
    The cycles run on a copy of the test warehouse, with simulated activity between them."""
    import json

    (tmp_path / "dagster_home").mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    settings = load_settings()
    # The copy's logs hold the test history's cycles: this run's own are read from empty logs.
    settings.log_file.unlink(missing_ok=True)
    (settings.dbt_log_dir / "dbt.log").unlink(missing_ok=True)

    from orchestration.cycle.summary import NEXT_STEPS

    assert main(["run", "--cycles", "2", "--simulate", "--interval", "4h"]) == 0
    out, err = capsys.readouterr()

    logged = [json.loads(line) for line in settings.log_file.read_text().splitlines()]
    run_ids = sorted({line["run_id"] for line in logged} - {"-"})
    assert len(run_ids) == 2
    assert all(f"cycle {run_id} on local: SUCCESS" in out for run_id in run_ids)
    assert any("rows loaded into" in line["message"] for line in logged)
    # Source freshness and the publish run side by side in threads, in their cycle's context.
    side_by_side = ("source freshness: ", f"{PUBLISH_STEP}: ", "published ")
    threaded = [line for line in logged if line["message"].startswith(side_by_side)]
    assert len(threaded) >= 2 * 5 and {line["run_id"] for line in threaded} == set(run_ids)
    loaded, deleted, built, passed = _recorded_totals(settings, run_ids)
    closing = out[out.index("\n2 cycles in ") :]
    assert "2 succeeded, 0 failed" in closing
    assert f"rows loaded {loaded:,}, deleted {deleted:,}" in closing and loaded > 0
    assert f"dbt: {built:,} models, snapshots and seeds built; {passed:,} tests passed" in closing
    for command, _, url in NEXT_STEPS:
        assert command in closing and url in closing
    for noise in (" START ", " PASS ", "Rate:", "_dlt_pipeline_state", "state:modified"):
        assert noise not in out + err, noise
    # dbt's per-node lines are in its own log; the empty `state:modified+` selection of an
    # incremental cycle is silenced there too (a warning no one can act on).
    dbt_log = (settings.dbt_log_dir / "dbt.log").read_text()
    assert " START " in dbt_log
    assert "does not match any enabled nodes" not in dbt_log
    _assert_recorded_in_dagster()


def _recorded_totals(settings, run_ids: list[str]) -> tuple[int, int, int, int]:
    """Rows loaded and deleted, nodes built and tests passed, by these runs, from `ops`."""
    import duckdb

    runs = ", ".join(f"'{run_id}'" for run_id in run_ids)  # ids this test read from the log
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        loaded, deleted = connection.execute(
            "select sum(rows_loaded), sum(rows_deleted) from ops.table_loads "  # nosec B608
            f"where run_id in ({runs})"
        ).fetchone()
        built, passed = connection.execute(
            "select count(*) filter (where resource_type in ('model', 'snapshot', 'seed')),"
            " count(*) filter (where resource_type in ('test', 'unit_test') and status = 'pass')"
            f" from ops.dbt_nodes where run_id in ({runs})"  # nosec B608
        ).fetchone()
    return loaded, deleted, built, passed


def _assert_recorded_in_dagster() -> None:
    import dagster as dg

    def materializations(*path: str) -> int:
        return len(instance.fetch_materializations(dg.AssetKey(list(path)), limit=10).records)

    with dg.DagsterInstance.get() as instance:
        # The first cycle on the copy finds no new order; the second, after simulated activity,
        # loads some: only it is shown as having materialized the orders.
        assert materializations("raw_totesys", "sales_order") == 1
        assert materializations("marts", "fact_sales_order") == 1
        assert materializations("raw_totesys", "currency") == 0  # unchanged: not shown as run
        assert materializations("processed", "fact_sales_order") == 1
