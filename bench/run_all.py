"""All six benchmark figures in one run, side by side as ratios, printed as a markdown table;
Sling (bench_sling.py) beside ingest in the ingest and memory sections.

Usage: .venv/bin/python bench/run_all.py [--rows 1000000] [--memory-rows 10000000]
           [--scales 1 100] [--targets local postgres] [--only ingest memory cycles]
Small trial: --rows 20000 --memory-rows 200000 --scales 0.1 --targets local
Results go to bench/results/run_all.json (kept per section), the table to stdout; --table
only re-renders the table from that file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import psycopg
from bench_bare import bare_path
from bench_ingest import (
    ADMIN,
    REPO,
    filled_databases,
    measure,
)
from bench_pandas import pandas_copy
from bench_sling import direct
from bench_table import render

RESULTS = REPO / "bench" / "results" / "run_all.json"


def load_results() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def save(results: dict, section: str, value: object) -> None:
    results[section] = value
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))


def machine() -> dict:
    with psycopg.connect(ADMIN) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory GiB": round(memory_kb / 2**20, 1),
        "PostgreSQL": server,
        "Python": platform.python_version(),
        "kernel": platform.release(),
    }


def ingest_section(rows: int) -> dict:
    """Figures 1, 2 and the extract+load half of 3: pipe, ingest full/incremental, pandas; and
    the same lake-first path with no dlt, to tell the path's cost from its orchestration's."""
    roles = ("src", "pipe", "wh", "pandas", "bare", "sling")
    with filled_databases(rows, *roles) as (names, tmp):
        # Before measure() amends the source: the table the pipe and the full load read.
        bare = bare_path(names[0], names[4], tmp)
        sling = direct(names[0], names[5], tmp)
        result = measure(names[0], names[1], names[2], tmp, sling=sling)
        pandas_seconds, pandas_rss = pandas_copy(names[0], names[3], tmp / "pycache")
    return {
        "rows": rows, **_figures(result), "pandas s": pandas_seconds, "pandas rss MB": pandas_rss,
        **{f"bare {step}": seconds for step, seconds in bare.items()},
    }  # fmt: skip


def memory_section(rows: int) -> dict:
    """Figure 5 at a second size: peak RSS of a full ingest of `rows` rows; and figures 1 and 3
    there, where ingest's fixed per-run cost weighs less, plus a run after an index on the
    change column."""
    with filled_databases(rows, "src", "pipe", "wh", "sling") as (names, tmp):
        sling = direct(names[0], names[3], tmp)
        result = measure(*names[:3], tmp, indexed=True, sling=sling)
    return {"rows": rows, **_figures(result)}


def _figures(result: dict) -> dict:
    """measure()'s runs as flat figures: `<run> s` and `<run> steps`, the full run's peak RSS."""
    figures = {"pipe s": result["pipe"], "full rss MB": result["full"][2]}
    for run, value in ((k, v) for k, v in result.items() if k != "pipe"):
        if run.startswith("sling"):  # (seconds, peak RSS): Sling has no steps of ours
            figures |= {f"{run} s": value[0], f"{run} rss MB": value[1]}
        else:
            figures |= {f"{run} s": value[0], f"{run} steps": value[1]}
    return figures


def cycles_section(target: str, scale: float) -> dict:
    """Figures 3 (dbt half), 4 and 6: bench_cycles.py in its own process."""
    script = REPO / "bench" / "bench_cycles.py"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(script), "--target", target, "--scale", str(scale)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory-rows", type=int, default=10_000_000)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 100.0])
    parser.add_argument("--targets", nargs="+", default=["local", "postgres"])
    parser.add_argument("--only", nargs="+", default=["ingest", "memory", "cycles"])
    parser.add_argument("--table", action="store_true", help="only print the table")
    args = parser.parse_args()
    results = load_results()
    if not args.table:
        save(results, "machine", machine())
        if "ingest" in args.only:
            save(results, "ingest", ingest_section(args.rows))
        if "memory" in args.only:
            save(results, "memory", memory_section(args.memory_rows))
        for scale in args.scales if "cycles" in args.only else []:
            for target in args.targets:
                cycles = results.get("cycles", {})
                cycles[f"{target} {scale:g}"] = cycles_section(target, scale)
                save(results, "cycles", cycles)
    print(render(results))


if __name__ == "__main__":
    main()
