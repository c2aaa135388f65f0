"""Benchmark: the approach the project replaces, pandas read_sql of a whole table then to_sql."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from bench_ingest import REPO, SALES_ORDER, child_env, url

# The whole table in memory, then row inserts (SQLAlchemy's executemany): what a hand-written
# "extract with pandas, load with to_sql" job does.
CHILD = """
import json, sys, time
import pandas, sqlalchemy
a = json.loads(sys.argv[1])
source, target = sqlalchemy.create_engine(a["source"]), sqlalchemy.create_engine(a["target"])
started = time.perf_counter()
frame = pandas.read_sql_table("sales_order", source)
frame.to_sql("sales_order", target, if_exists="append", index=False, chunksize=10_000)
print(json.dumps({"seconds": time.perf_counter() - started, "rows": len(frame)}))
"""


def run_child(code: str, args: dict, pycache: Path) -> tuple[dict, float]:
    """Runs `code` in a child; returns its JSON output and its peak RSS in MB."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, json.dumps(args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        env=child_env(pycache),
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark child failed (status {status})")
    return json.loads(output), usage.ru_maxrss / 1024


def pandas_copy(source: str, target: str, pycache: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of pandas read_sql → to_sql between two databases."""
    with psycopg.connect(url(target), autocommit=True) as conn:
        conn.execute(SALES_ORDER)
    args = {
        "source": url(source, "postgresql+psycopg"),
        "target": url(target, "postgresql+psycopg"),
    }
    result, rss = run_child(CHILD, args, pycache)
    return result["seconds"], rss
