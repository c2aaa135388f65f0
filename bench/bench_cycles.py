"""Benchmark: full cycle, then a cycle after 1% of the orders changed, on one target and scale.

Measures, in one long-lived process (as the scheduler runs cycles): dbt build of all models on
empty marts (full) and after the change (incremental), extract+load time of both cycles, the
publish of the marts to the lake's processed/ area (all of it, then only what changed), and
freshness: seconds from a committed source change to its row in marts.fact_sales_order, as a
second connection sees it (polled while the cycle runs), beside the end of that cycle (which
still runs source freshness, the publish to processed/ and the ops record).
Then the same change and the same commit again through the Dagster job (its one step runs the
same cycle), executed in-process as Dagster's run worker executes it, beside the CLI's figures.
Usage: .venv/bin/python bench/bench_cycles.py --target local --scale 1  (prints one JSON line)
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from bench_freshness import commit_change, first_seen, run_dagster_job, steps_of_run
from bench_generator import DATABASES

import seeds_generator
from orchestration import settings as warehouse_settings
from orchestration.cycle.cycle_report import CycleReport
from orchestration.cycle.run import PUBLISH_STEP, run_cycle
from orchestration.settings import Settings

CHANGED_SHARE = 100  # one order in 100 is amended


def local_settings(root: Path) -> Settings:
    (root / "sources").mkdir(parents=True, exist_ok=True)
    return warehouse_settings.local_settings(root)


def amend_orders(source_url: str) -> int:
    """Amends 1% of the sales orders (units_sold + 1), changed after every existing row."""
    engine = sa.create_engine(source_url)
    orders = sa.Table("sales_order", sa.MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        newest = conn.execute(sa.select(sa.func.max(orders.c.last_updated))).scalar_one()
        if isinstance(newest, str):
            newest = dt.datetime.fromisoformat(newest)
        changed = conn.execute(
            orders.update()
            .where(orders.c.sales_order_id % CHANGED_SHARE == 0)
            .values(
                units_sold=orders.c.units_sold + 1, last_updated=newest + dt.timedelta(seconds=1)
            )
        ).rowcount
    engine.dispose()
    return changed


def phases(report: CycleReport) -> dict[str, float]:
    """Seconds of extract+load, dbt build and the publish to processed/, from the cycle's steps."""
    return step_phases({s.step: s.seconds for s in report.steps})


def step_phases(steps: dict[str, float]) -> dict[str, float]:
    """Extract+load (both sources' ingest), dbt build, publish, and the steps beside and after
    it (none where the ops record holds no such step), from seconds per step."""
    ingest = sum(v for k, v in steps.items() if k.startswith("ingest ") and "/" not in k)
    return {
        "extract+load": round(ingest, 2),
        "dbt build": steps.get("dbt build", 0.0),
        "publish": steps.get(PUBLISH_STEP, 0.0),
        "source freshness": steps.get("source freshness", 0.0),
        "ops record": steps.get("ops record", 0.0),
    }


def cycle(settings: Settings) -> tuple[dict[str, float], float]:
    started = time.perf_counter()
    report = run_cycle(settings)
    elapsed = time.perf_counter() - started
    if not report.succeeded:
        raise SystemExit(f"cycle failed at {report.failed_step}: {report.error}")
    return phases(report), round(elapsed, 2)


def dagster_cycle(settings: Settings) -> tuple[dict[str, float], float]:
    """One cycle through the Dagster job in this process; its phases from the ops record."""
    os.environ.update(settings.as_environment())  # what the job's warehouse resource reads
    elapsed = run_dagster_job()
    return step_phases(steps_of_run(settings)), round(elapsed, 2)


def freshness(
    settings: Settings, run: Callable[[Settings], tuple[dict[str, float], float]]
) -> tuple[dict[str, float], float, float]:
    """One amended order committed, then one cycle by `run`: its phases, the seconds until a
    reader saw the change in marts.fact_sales_order, and the seconds until the cycle ended."""
    change = commit_change(settings.source_urls["totesys"])
    with first_seen(settings, change) as seen_after:
        steps, cycle_seconds = run(settings)
    return steps, seen_after(), cycle_seconds


def measure(settings: Settings, scale: float) -> dict:
    started = time.perf_counter()
    rows = {s: sum(seeds_generator.generate(s, u, scale=scale, seed=42).values())
            for s, u in settings.source_urls.items()}  # fmt: skip
    generated = round(time.perf_counter() - started, 1)
    full, full_seconds = cycle(settings)
    changed = amend_orders(settings.source_urls["totesys"])
    incremental, incremental_seconds = cycle(settings)
    fresh, freshness_seconds, fresh_cycle_seconds = freshness(settings, cycle)
    amend_orders(settings.source_urls["totesys"])
    dagster_incremental, _ = dagster_cycle(settings)
    _, dagster_freshness_seconds, dagster_cycle_seconds = freshness(settings, dagster_cycle)
    return {
        "target": settings.target, "scale": scale, "source rows": rows, "generate s": generated,
        "orders changed": changed, "full": full, "full cycle s": full_seconds,
        "incremental": incremental, "incremental cycle s": incremental_seconds,
        "freshness s": freshness_seconds, "freshness steps": fresh,
        "freshness cycle s": fresh_cycle_seconds,
        "dagster incremental": dagster_incremental,
        "dagster freshness s": dagster_freshness_seconds,
        "dagster freshness cycle s": dagster_cycle_seconds,
    }  # fmt: skip


def run(target: str, scale: float, root: Path) -> dict:
    settings = local_settings(root)
    if target == "local":
        return measure(settings, scale)
    with (
        DATABASES["postgresql"]() as totesys,
        DATABASES["mariadb"]() as stock_db,
        DATABASES["postgresql"]() as warehouse,
    ):
        # Production's servers; the lake stays a local folder (an S3 emulator would be measured).
        pg = dataclasses.replace(
            settings, target="postgres", source_urls={"totesys": totesys, "stock_db": stock_db},
            warehouse_url=warehouse,
        )  # fmt: skip
        return measure(pg, scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=("local", "postgres"), default="local")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wh_bench_cycles_") as root:
        print(json.dumps(run(args.target, args.scale, Path(root))))


if __name__ == "__main__":
    main()
