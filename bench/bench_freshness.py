"""Benchmark: time from a change committed in a source to its appearance in the marts, one cycle.

Two paths are measured on the embedded target (SQLite sources, local lake, DuckDB warehouse):
- cold: a fresh `warehouse run` process (process start, imports and dbt parse included), as
  cron would run it;
- warm: a cycle in a long-lived process that already parsed the dbt project (the Dagster
  daemon's run worker or `warehouse run --cycles N`), where dbt's manifest is reused;
- warm with --full-build: every dbt node rebuilt and retested, for comparison with the
  default build of only what the change reaches.

Usage: .venv/bin/python bench/bench_freshness.py [--scale 1] [--repeats 3] [--keep]
Writes bench/results/freshness-local.json and prints the medians per phase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def commit_change(source_url: str) -> tuple[int, int]:
    """Amends one sales order (a new units_sold, a change time after every other row)."""
    engine = sa.create_engine(source_url)
    orders = sa.Table("sales_order", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        order_id, units = connection.execute(
            sa.select(orders.c.sales_order_id, orders.c.units_sold)
            .order_by(orders.c.sales_order_id)
            .limit(1)
        ).one()
        newest = connection.execute(sa.select(sa.func.max(orders.c.last_updated))).scalar_one()
        if isinstance(newest, str):
            newest = dt.datetime.fromisoformat(newest)
        connection.execute(
            orders.update()
            .where(orders.c.sales_order_id == order_id)
            .values(units_sold=units + 1, last_updated=newest + dt.timedelta(seconds=1))
        )
    engine.dispose()
    return order_id, units + 1


def visible_in_marts(duckdb_path: Path, change: tuple[int, int]) -> bool:
    with duckdb.connect(str(duckdb_path)) as connection:
        found = connection.execute(
            "select count(*) from marts.fact_sales_order where sales_order_id = ? "
            "and units_sold = ?",
            list(change),
        ).fetchone()
    return bool(found and found[0])


def steps_of_run(duckdb_path: Path) -> dict[str, float]:
    """Step timings of the latest cycle, from its ops record."""
    with duckdb.connect(str(duckdb_path)) as connection:
        rows = connection.execute(
            "select step, seconds from ops.run_steps where run_id = "
            "(select run_id from ops.runs order by started_at desc limit 1)"
        ).fetchall()
    return {step: float(seconds) for step, seconds in rows}


def cold_cycle(settings, env: dict[str, str]) -> dict[str, float]:
    change = commit_change(settings.totesys_url)
    started = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "warehouse"), "run"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    assert visible_in_marts(settings.duckdb_path, change), "change not in the marts"
    return {"change to marts": elapsed, **steps_of_run(settings.duckdb_path)}


def warm_cycle(settings, *, full_build: bool = False) -> dict[str, float]:
    from orchestration.cycle import run_cycle

    change = commit_change(settings.totesys_url)
    started = time.perf_counter()
    report = run_cycle(settings, full_build=full_build)
    elapsed = time.perf_counter() - started
    assert report.succeeded, report.error
    assert visible_in_marts(settings.duckdb_path, change), "change not in the marts"
    return {"change to marts": elapsed, **{s.step: s.seconds for s in report.steps}}


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = [key for key in runs[0] if all(key in run for run in runs)]
    return {key: round(statistics.median(run[key] for run in runs), 2) for key in keys}


def prepare(scale: float) -> tuple[object, dict[str, str], dict[str, float]]:
    import seeds_generator
    from orchestration.settings import load_settings

    settings = load_settings("local")
    (settings.data_dir / "sources").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = sum(
        sum(seeds_generator.generate(source, url, scale=scale, seed=42).values())
        for source, url in settings.source_urls.items()
    )
    generated = time.perf_counter() - started
    env = {**os.environ, "WAREHOUSE_TARGET": "local"}
    started = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "warehouse"), "run"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first = time.perf_counter() - started
    return settings, env, {"source rows": rows, "generate s": generated, "first cycle s": first}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="wh_bench_freshness_"))
    os.environ["WAREHOUSE_DATA_DIR"] = str(data_dir)
    os.environ["WAREHOUSE_TARGET"] = "local"
    try:
        settings, env, setup = prepare(args.scale)
        # Cold runs first: a cycle in this process keeps the DuckDB file open afterwards.
        cold = [cold_cycle(settings, env) for _ in range(args.repeats)]
        warm_cycle(settings)  # parses the dbt project once, as a long-lived process would
        warm = [warm_cycle(settings) for _ in range(args.repeats)]
        # For comparison: every node built and tested, as without the change-driven selection.
        full = [warm_cycle(settings, full_build=True) for _ in range(args.repeats)]
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    result = {
        "scale": args.scale,
        "setup": {k: round(v, 2) for k, v in setup.items()},
        "cold (new process per cycle), median s": medians(cold),
        "warm (long-lived process), median s": medians(warm),
        "warm, full dbt build (no selection), median s": medians(full),
    }
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "freshness-local.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
