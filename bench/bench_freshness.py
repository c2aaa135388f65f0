"""Benchmark: time from a change committed in a source to its appearance in the marts, one cycle.

Measured on the embedded target (SQLite sources, local lake, DuckDB warehouse) or, with
--target postgres, on throw-away PostgreSQL/MariaDB sources, a moto S3 lake and a PostgreSQL
warehouse on 127.0.0.1:
- cold: a fresh `warehouse run` process (process start, imports and dbt parse included), as
  cron would run it;
- warm: a cycle in a long-lived process that already parsed the dbt project (the Dagster
  daemon's run worker or `warehouse run --cycles N`), where dbt's manifest is reused;
- warm with --full-build: every dbt node rebuilt and retested, for comparison with the
  default build of only what the change reaches;
- dagster: the same cycle through the Dagster job (its one step runs `run_cycle`), executed
  in-process as the Dagster run worker executes it, beside the warm CLI cycle.
Each cycle records the seconds until a second connection, polling marts.fact_sales_order, saw
the change (`change seen`; not for a cold cycle on DuckDB, whose file a second process cannot
open while the cycle writes it) and until the cycle ended (`cycle end`), and its steps.

Usage: .venv/bin/python bench/bench_freshness.py [--target local|postgres] [--scale 1]
       [--repeats 3] [--keep]
Writes bench/results/freshness-<target>.json and prints the medians per phase.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import duckdb
import psycopg
import sqlalchemy as sa

POLL_SECONDS = 0.05
REPO = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MARIADB_ADMIN = "mysql+pymysql://root@127.0.0.1:3306"
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


def warehouse_rows(settings, query: str, params: list) -> list[tuple]:
    """Rows of a query on the warehouse (DuckDB file or PostgreSQL); `?` placeholders."""
    if settings.target == "local":
        with duckdb.connect(str(settings.duckdb_path)) as connection:
            return connection.execute(query, params).fetchall()
    engine = sa.create_engine(settings.warehouse_url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(query.replace("?", "%s"), tuple(params)).all()
    finally:
        engine.dispose()


_AMENDED_VERSION = (
    "select count(*) from marts.fact_sales_order where sales_order_id = {} and units_sold = {}"
)


def visible(settings, change: tuple[int, int]) -> bool:
    with marts_reader(settings) as sees:
        return sees(change)


@contextlib.contextmanager
def marts_reader(settings) -> Iterator[Callable[[tuple[int, int]], bool]]:
    """A reader of the marts: a function telling whether a change is in marts.fact_sales_order.
    PostgreSQL: one connection, each query its own transaction, as a dashboard's."""
    if settings.target == "local":
        yield lambda change: _duckdb_sees(settings, change)
        return
    from ingestion.destinations import postgres_dsn

    with psycopg.connect(postgres_dsn(settings.warehouse_url), autocommit=True) as conn:
        sql = _AMENDED_VERSION.format("%s", "%s")
        yield lambda change: bool(conn.execute(sql, change).fetchone()[0])


def _duckdb_sees(settings, change: tuple[int, int]) -> bool:
    # Connected per query, in dbt-duckdb's configuration: the cycle opens the file in this
    # process too (ingest and dbt), and DuckDB shares one open database per configuration.
    with duckdb.connect(str(settings.duckdb_path)) as conn:
        sql = _AMENDED_VERSION.format("?", "?")
        return bool(conn.execute(sql, list(change)).fetchone()[0])


@contextlib.contextmanager
def first_seen(settings, change: tuple[int, int]) -> Iterator[Callable[[], float]]:
    """Polls marts.fact_sales_order from its own connection while the block runs; yields a
    function giving the seconds from the block's start to the first poll that saw `change`."""
    started, seen, stop = time.perf_counter(), [], threading.Event()

    def poll() -> None:
        with marts_reader(settings) as sees:
            while not seen and not stop.is_set():
                if sees(change):
                    seen.append(round(time.perf_counter() - started, 2))
                stop.wait(POLL_SECONDS)

    def seen_after() -> float:
        if not seen and not visible(settings, change):
            raise AssertionError(f"the committed change {change} is not in the marts")
        return seen[0] if seen else round(time.perf_counter() - started, 2)

    watcher = threading.Thread(target=poll, name="marts-watcher")
    watcher.start()
    try:
        yield seen_after
    finally:
        stop.set()
        watcher.join()


def steps_of_run(settings) -> dict[str, float]:
    """Step timings of the latest cycle, from its ops record."""
    rows = warehouse_rows(
        settings,
        "select step, seconds from ops.run_steps where run_id = "
        "(select run_id from ops.runs order by started_at desc limit 1)",
        [],
    )
    return {step: float(seconds) for step, seconds in rows}


def warehouse_run(env: dict[str, str]) -> float:
    """One `warehouse run` in a new process, as cron runs it; its seconds."""
    started = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "warehouse"), "run"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def cold_cycle(settings, env: dict[str, str]) -> dict[str, float]:
    """A committed change, then `warehouse run` in a new process. On DuckDB only the end of the
    cycle: a second process cannot open the file while the cycle writes it."""
    change = commit_change(settings.source_urls["totesys"])
    watching = settings.target != "local"
    with first_seen(settings, change) if watching else contextlib.nullcontext() as seen_after:
        elapsed = warehouse_run(env)
    seen = {"change seen": seen_after()} if watching else {}
    if not visible(settings, change):
        raise AssertionError(f"the committed change {change} is not in the marts")
    return {**seen, "cycle end": elapsed, **steps_of_run(settings)}


def warm_cycle(settings, *, full_build: bool = False) -> dict[str, float]:
    from orchestration.cycle.run import run_cycle

    change = commit_change(settings.source_urls["totesys"])
    with first_seen(settings, change) as seen_after:
        started = time.perf_counter()
        report = run_cycle(settings, full_build=full_build)
        elapsed = time.perf_counter() - started
    assert report.succeeded, report.error
    steps = {s.step: s.seconds for s in report.steps}
    return {"change seen": seen_after(), "cycle end": elapsed, **steps}


def run_dagster_job() -> float:
    """One cycle through the Dagster job in this process, as Dagster's run worker executes it
    (the deployment from the environment); returns its seconds."""
    import dagster as dg

    from orchestration.dagster_defs.jobs import JOB_NAME
    from orchestration.definitions import defs

    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(JOB_NAME).execute_in_process(instance=instance)
    if not result.success:
        raise SystemExit("the Dagster job's cycle failed")
    return time.perf_counter() - started


def dagster_cycle(settings) -> dict[str, float]:
    """A committed change, then one cycle through the Dagster job."""
    change = commit_change(settings.source_urls["totesys"])
    with first_seen(settings, change) as seen_after:
        elapsed = run_dagster_job()
    return {"change seen": seen_after(), "cycle end": elapsed, **steps_of_run(settings)}


def ratios(runs: dict[str, float], base: dict[str, float]) -> dict[str, float]:
    return {key: round(runs[key] / base[key], 2) for key in runs if base.get(key)}


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = [key for key in runs[0] if all(key in run for run in runs)]
    return {key: round(statistics.median(run[key] for run in runs), 2) for key in keys}


@contextlib.contextmanager
def postgres_deployment() -> Iterator[None]:
    """Throw-away totesys (PostgreSQL), stock_db (MariaDB), warehouse (PostgreSQL) and an S3
    lake on moto's server, configured through the same variables production uses."""
    from moto.server import ThreadedMotoServer

    name = f"wh_bench_{uuid.uuid4().hex[:8]}"
    pg_admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    maria_admin = sa.create_engine(MARIADB_ADMIN, isolation_level="AUTOCOMMIT")
    with pg_admin.connect() as pg, maria_admin.connect() as maria:
        pg.exec_driver_sql(f'create database "{name}_totesys"')
        pg.exec_driver_sql(f'create database "{name}_wh"')
        maria.exec_driver_sql(f"create database `{name}_stock`")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    s3.start()
    endpoint = f"http://127.0.0.1:{port}"
    keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench-secret"}
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys).create_bucket(
        Bucket=name.replace("_", "-")
    )
    os.environ.update({
        "WAREHOUSE_TARGET": "postgres",
        "SOURCES__TOTESYS__CREDENTIALS": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}_totesys",
        "SOURCES__STOCK_DB__CREDENTIALS": f"mysql+pymysql://root@127.0.0.1:3306/{name}_stock",
        "DESTINATION__POSTGRES__CREDENTIALS": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}_wh",
        "DESTINATION__FILESYSTEM__BUCKET_URL": f"s3://{name.replace('_', '-')}/lake",
        "DESTINATION__FILESYSTEM__CREDENTIALS__ENDPOINT_URL": endpoint,
        "DESTINATION__FILESYSTEM__CREDENTIALS__REGION_NAME": "us-east-1",
        **{f"DESTINATION__FILESYSTEM__CREDENTIALS__{k.upper()}": v for k, v in keys.items()},
    })  # fmt: skip
    try:
        yield
    finally:
        s3.stop()
        with pg_admin.connect() as pg, maria_admin.connect() as maria:
            pg.exec_driver_sql(f'drop database if exists "{name}_totesys" with (force)')
            pg.exec_driver_sql(f'drop database if exists "{name}_wh" with (force)')
            maria.exec_driver_sql(f"drop database if exists `{name}_stock`")


def prepare(scale: float, target: str) -> tuple[object, dict[str, str], dict[str, float]]:
    import seeds_generator
    from orchestration.settings import load_settings

    settings = load_settings(target)
    (settings.data_dir / "sources").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = sum(
        sum(seeds_generator.generate(source, url, scale=scale, seed=42).values())
        for source, url in settings.source_urls.items()
    )
    generated = time.perf_counter() - started
    env = dict(os.environ)
    first = warehouse_run(env)
    return settings, env, {"source rows": rows, "generate s": generated, "first cycle s": first}


def measure(scale: float, target: str, repeats: int) -> dict[str, object]:
    settings, env, setup = prepare(scale, target)
    # Cold runs first: a cycle in this process keeps the DuckDB file open afterwards.
    cold = [cold_cycle(settings, env) for _ in range(repeats)]
    warm_cycle(settings)  # parses the dbt project once, as a long-lived process would
    dagster_cycle(settings)  # loads the definitions once, as the run worker has
    # The CLI and the Dagster job in turn, so that a change in the host's speed hits both.
    warm, dagster = [], []
    for _ in range(repeats):
        warm.append(warm_cycle(settings))
        dagster.append(dagster_cycle(settings))
    # For comparison: every node built and tested, as without the change-driven selection.
    full = [warm_cycle(settings, full_build=True) for _ in range(repeats)]
    return {
        "target": target,
        "scale": scale,
        "setup": {k: round(v, 2) for k, v in setup.items()},
        "cold (new process per cycle), median s": medians(cold),
        "warm (long-lived process), median s": medians(warm),
        "warm, full dbt build (no selection), median s": medians(full),
        "dagster job (warm), median s": medians(dagster),
        "dagster job / warm CLI": ratios(medians(dagster), medians(warm)),
        "dagster dbt build / full dbt build": ratios(medians(dagster), medians(full)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--target", choices=("local", "postgres"), default="local")
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="wh_bench_freshness_"))
    os.environ["WAREHOUSE_DATA_DIR"] = str(data_dir)
    os.environ["WAREHOUSE_TARGET"] = args.target
    deployment = postgres_deployment() if args.target == "postgres" else contextlib.nullcontext()
    try:
        with deployment:
            result = measure(args.scale, args.target, args.repeats)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"freshness-{args.target}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
