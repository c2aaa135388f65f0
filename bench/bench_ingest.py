"""Benchmark: 1M-row sales_order, psql binary COPY pipe vs ingestion's full and incremental runs.

Usage: .venv/bin/python bench/bench_ingest.py [--rows 1000000] [--keep]
Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth) and psql on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REPO = Path(__file__).resolve().parent.parent
SALES_ORDER = """
CREATE TABLE sales_order (
    sales_order_id integer PRIMARY KEY,
    created_at timestamp(3) NOT NULL DEFAULT now(),
    last_updated timestamp(3) NOT NULL,
    design_id integer NOT NULL,
    staff_id integer NOT NULL,
    counterparty_id integer NOT NULL,
    units_sold integer NOT NULL,
    unit_price numeric(10, 2) NOT NULL,
    currency_id integer NOT NULL,
    agreed_delivery_date text NOT NULL,
    agreed_payment_date text NOT NULL,
    agreed_delivery_location_id integer NOT NULL
)"""
FILL = """
INSERT INTO sales_order
SELECT i, ts, ts, 1 + i %% 470, 1 + i %% 20, 1 + i %% 20, 1000 + i %% 99000,
       2 + (i %% 200) / 100.0, 1 + i %% 3, (ts + interval '3 days')::date::text,
       (ts + interval '5 days')::date::text, 1 + i %% 30
FROM (SELECT i, timestamp '2022-01-01' + i * interval '1 minute' AS ts
      FROM generate_series(1, %s) AS i) AS g"""
# 1% of the rows amended, with a change time after every existing one (a table of 10M rows
# reaches 2041: the fill adds a minute per row). Each amendment takes another 1% (another
# remainder): amending the same rows again would find them together at the table's end, where
# the first amendment's new versions went, instead of on every page.
AMEND = """
UPDATE sales_order SET units_sold = units_sold + 1,
       last_updated = newest + interval '1 day' + sales_order_id * interval '1 millisecond'
FROM (SELECT max(last_updated) AS newest FROM sales_order) AS m
WHERE sales_order_id %% 100 = %s"""
CHILD = """
import json, pathlib, sys, time
import pandas, pyarrow.compute, connectorx, adbc_driver_postgresql.dbapi  # loaded lazily by dlt
import dlt.destinations.impl.postgres.postgres, dlt.destinations.impl.filesystem.filesystem
from ingestion import ingest
a = json.loads(sys.argv[1])
started = time.perf_counter()
report = ingest("totesys", a["source"], lake_url=a["lake"], lake_credentials={},
                warehouse_url=a["warehouse"], pipelines_dir=pathlib.Path(a["pipelines"]))
print(report, file=sys.stderr)
print(json.dumps({"seconds": time.perf_counter() - started, "steps": report.seconds}))
"""


def url(database: str, driver: str = "postgresql") -> str:
    return f"{driver}://postgres@127.0.0.1:5432/{database}"


def create_databases(names: list[str]) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_databases(names: list[str]) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        for name in names:
            query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(query.format(sql.Identifier(name)))


@contextmanager
def filled_databases(rows: int, *roles: str) -> Iterator[tuple[list[str], Path]]:
    """Throw-away databases `bench_<role>_<tag>`, the first (the source) filled with `rows`
    rows, and a temp dir; all dropped afterwards."""
    tag = uuid.uuid4().hex[:8]
    names = [f"bench_{role}_{tag}" for role in roles]
    create_databases(names)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            fill_source(names[0], rows)
            yield names, Path(tmp)
    finally:
        drop_databases(names)


def fill_source(database: str, rows: int) -> None:
    with psycopg.connect(url(database), autocommit=True) as conn:
        conn.execute(SALES_ORDER)
        conn.execute(FILL, (rows,))
        conn.execute("VACUUM ANALYZE sales_order")


def copy_pipe(source: str, target: str) -> float:
    """psql COPY ... TO STDOUT (binary) | psql COPY ... FROM STDIN: the physical limit."""
    with psycopg.connect(url(target), autocommit=True) as conn:
        conn.execute(SALES_ORDER)
    started = time.perf_counter()
    out = subprocess.Popen(
        ["psql", url(source), "-c", "COPY sales_order TO STDOUT (FORMAT binary)"],
        stdout=subprocess.PIPE,
    )
    subprocess.run(
        ["psql", url(target), "-c", "COPY sales_order FROM STDIN (FORMAT binary)"],
        stdin=out.stdout,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    out.wait()
    return time.perf_counter() - started


def child_env(pycache: Path) -> dict[str, str]:
    """Byte-code cached in a temp dir: this machine sets PYTHONDONTWRITEBYTECODE, which makes
    every child compile its imports again, which would swamp what is being measured."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(pycache)}


def run_ingest(args: dict) -> tuple[float, dict, float]:
    """One ingest in a child process: (seconds in ingest(), per step, peak RSS in MB).

    Seconds are measured inside the child around ingest(), after imports: a scheduler or
    Dagster process pays the import once, not per cycle."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        env=child_env(Path(args["pipelines"]).parent / "pycache"),
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"ingest failed (status {status})")
    result = json.loads(output)
    return result["seconds"], result["steps"], usage.ru_maxrss / 1024


def warm_up(args: dict) -> None:
    """Fills the byte-code cache (an import-only child) before anything is timed."""
    code = CHILD.split("from ingestion import ingest")[0] + "import ingestion\n"
    env = child_env(Path(args["pipelines"]).parent / "pycache")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)


def amend(database: str, remainder: int = 0) -> None:
    with psycopg.connect(url(database), autocommit=True) as conn:
        conn.execute(AMEND, (remainder,))


def index_change_column(database: str) -> None:
    """What a source's DBA can add: an index on the change column the extract filters on."""
    with psycopg.connect(url(database), autocommit=True) as conn:
        conn.execute("CREATE INDEX sales_order_last_updated ON sales_order (last_updated)")
        conn.execute("ANALYZE sales_order")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parsed = parser.parse_args()
    with filled_databases(parsed.rows, "src", "pipe", "wh") as (names, tmp):
        report(parsed.rows, measure(*names, tmp))


def measure(
    source: str,
    pipe_target: str,
    warehouse: str,
    tmp: Path,
    indexed: bool = False,
    sling: Callable[[str], tuple[float, float]] | None = None,
) -> dict:
    """The pipe, then ingest runs in order: full, after 1% changed, a later cycle after another
    1%, one with nothing changed, and (if `indexed`) one after an index on the change column.
    With `sling` (bench_sling.direct), Sling's full and incremental runs follow ingest's: the
    same table, the same 1% changed."""
    args = {
        "source": url(source, "postgresql+psycopg"),
        "lake": str(tmp / "lake"),
        "warehouse": url(warehouse, "postgresql+psycopg"),
        "pipelines": str(tmp / "pipelines"),
    }
    warm_up(args)
    results: dict = {"pipe": copy_pipe(source, pipe_target), "full": run_ingest(args)}
    if sling:
        results["sling full"] = sling("full-refresh")
    amend(source)
    results["incremental"] = run_ingest(args)
    if sling:
        results["sling incremental"] = sling("incremental")
    # A later cycle: another 1%, again a row on nearly every page (it costs what the first did).
    amend(source, 1)
    results["later"] = run_ingest(args)
    # Nothing changed: what any run costs (dlt's two pipelines, checks, lock), whatever the rows.
    results["unchanged"] = run_ingest(args)
    if indexed:
        index_change_column(source)
        amend(source, 2)
        results["indexed"] = run_ingest(args)
    return results


def report(rows: int, results: dict) -> None:
    pipe = results["pipe"]
    full_s, full_steps, full_rss = results["full"]
    inc_s, inc_steps, inc_rss = results["incremental"]
    print(f"\nsales_order, {rows:,} rows (1% = {rows // 100:,} amended for the incremental run)")
    print(f"{'path':<44} {'seconds':>8} {'rows/s':>10} {'x pipe':>7} {'peak RSS':>9}")
    print(f"{'psql COPY binary pipe':<44} {pipe:>8.2f} {rows / pipe:>10,.0f} {1:>7.2f} {'-':>9}")
    print(
        f"{'ingest full (postgres -> lake -> postgres)':<44} {full_s:>8.2f} "
        f"{rows / full_s:>10,.0f} {pipe / full_s:>7.2f} {full_rss:>7.0f}MB"
    )
    print(
        f"{'ingest incremental after 1% changed':<44} {inc_s:>8.2f} "
        f"{rows // 100 / inc_s:>10,.0f} {'':>7} {inc_rss:>7.0f}MB"
    )
    print(f"{'ingest, a later cycle after 1% changed':<44} {results['later'][0]:>8.2f}")
    print(f"{'ingest with nothing changed':<44} {results['unchanged'][0]:>8.2f}")
    print(f"incremental / full time: {inc_s / full_s:.1%}")
    print(f"full steps: {full_steps}; incremental steps: {inc_steps}")


if __name__ == "__main__":
    main()
