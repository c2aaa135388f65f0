"""Benchmark: Sling, the tool a team would otherwise pick, beside ingest on the same sales_order.

Sling runs PostgreSQL → PostgreSQL directly (one replication into the raw table): a full load,
and an incremental one (primary key sales_order_id, update key last_updated) after the same 1%
of rows changed that ingest's incremental run reads. Each run is the Sling binary in a child
process, timed around the process (a scheduler starts one per run) with its peak RSS from wait4.

Sling's lake-first path (PostgreSQL → parquet → PostgreSQL) is not measured: offline, writing
and reading parquet goes through a DuckDB CLI that Sling downloads at first use, and with that
turned off (SLING_DUCKDB_COMPUTE=false) its own parquet reader never reaches the end of a file.

Usage: .venv/bin/python bench/bench_sling.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
from bench_ingest import filled_databases, measure, url
from psycopg import sql

# The platform wheels that ship the binary (pyproject's dev group), by machine.
BINARY_PACKAGES = {"x86_64": "sling_linux_amd64", "aarch64": "sling_linux_arm64"}
RAW_TABLE = "raw_totesys.sales_order"


def binary() -> str:
    """The Sling binary the platform wheel installed; one clear error where there is none."""
    package = BINARY_PACKAGES.get(platform.machine())
    try:
        path = importlib.import_module(package or "").SLING_BIN
    except (ImportError, ValueError):
        path = ""
    if not path or not Path(path).is_file():
        raise SystemExit(
            f"no Sling binary for {platform.system()} {platform.machine()}: install the bench "
            "group (make bench does: uv sync --group bench)"
        )
    return path


def sling_env(source: str, target: str, home: Path) -> dict[str, str]:
    """The connections as Sling reads them (environment URLs), its state in a temp home, and
    nothing that reaches the network: telemetry off, no DuckDB (Sling downloads its CLI)."""
    return {
        **os.environ,
        "SLING_HOME_DIR": str(home),
        "SLING_DISABLE_TELEMETRY": "true",
        "SLING_DUCKDB_COMPUTE": "false",
        "SOURCE": url(source) + "?sslmode=disable",
        "TARGET": url(target) + "?sslmode=disable",
    }


def replication(mode: str) -> dict:
    """sales_order into the raw table; incremental merges on the key past the target's newest
    last_updated (Sling reads that watermark from the target table itself)."""
    stream = {"object": RAW_TABLE, "mode": mode}
    if mode == "incremental":
        stream |= {"primary_key": ["sales_order_id"], "update_key": "last_updated"}
    return {"source": "SOURCE", "target": "TARGET", "streams": {"public.sales_order": stream}}


def run_sling(config: dict, env: dict[str, str], home: Path) -> tuple[float, float]:
    """One replication in a child process: (seconds, peak RSS in MB)."""
    path = home / f"replication_{uuid.uuid4().hex[:8]}.json"  # JSON is YAML to Sling
    path.write_text(json.dumps(config))
    command = [binary(), "run", "-r", str(path)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"sling failed (status {status}):\n{output.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def direct(source: str, target: str, tmp: Path):
    """A runner of Sling's direct path into `target`: call it with 'full-refresh' or
    'incremental'; it returns (seconds, peak RSS in MB) once the target matches the source."""
    home = tmp / "sling"
    home.mkdir(exist_ok=True)
    env = sling_env(source, target, home)

    def run(mode: str) -> tuple[float, float]:
        result = run_sling(replication(mode), env, home)
        check_copied(source, target)
        return result

    return run


def check_copied(source: str, target: str) -> None:
    """A timing counts only if Sling moved every row and every change: the same count, total
    and newest change time in the raw table as in the source."""
    # Sling writes timestamps as timestamptz: read back in the session's zone it wrote them in.
    query = "SELECT count(*), sum(units_sold), max(last_updated)::timestamp FROM {}"
    with psycopg.connect(url(source)) as src, psycopg.connect(url(target)) as tgt:
        expected = src.execute(sql.SQL(query).format(sql.Identifier("sales_order"))).fetchone()
        found = tgt.execute(sql.SQL(query).format(sql.Identifier(*RAW_TABLE.split(".")))).fetchone()
    if found != expected:
        raise SystemExit(f"Sling's copy differs from the source: {found} vs {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with filled_databases(rows, "src", "pipe", "wh", "sling") as (names, tmp):
        result = measure(*names[:3], tmp, sling=direct(names[0], names[3], tmp))
    print(json.dumps({"rows": rows, **result}))


if __name__ == "__main__":
    main()
