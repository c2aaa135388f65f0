"""A run killed with SIGKILL while writing the lake or loading raw is completed by the next run."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import seeds_generator
from ingestion.lake import Lake
from tests.ingestion.conftest import Deployment, assert_reconciled

pytestmark = pytest.mark.faults
REPO = Path(__file__).resolve().parents[2]
RUN_INGEST = (
    "import json, pathlib, sys\n"
    "from ingestion import ingest\n"
    "a = json.loads(sys.argv[1])\n"
    "ingest(a['source'], a['url'], lake_url=a['lake_url'], lake_credentials=a['creds'],\n"
    "       warehouse_url=a['warehouse_url'], pipelines_dir=pathlib.Path(a['pipelines_dir']))\n"
)


def _kill_when(d: Deployment, source: str, reached: Callable[[], bool]) -> None:
    """Runs ingest in a child process and SIGKILLs it as soon as `reached()` is true."""
    args = {
        "source": source,
        "url": d.source_urls[source],
        "lake_url": d.lake_url,
        "creds": d.lake_credentials,
        "warehouse_url": d.warehouse_url,
        "pipelines_dir": str(d.pipelines_dir),
    }
    command = [sys.executable, "-c", RUN_INGEST, json.dumps(args)]
    child = subprocess.Popen(command, cwd=REPO)
    deadline = time.monotonic() + 120
    while child.poll() is None and time.monotonic() < deadline:
        if reached():
            child.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    child.wait()
    assert child.returncode == -signal.SIGKILL, "the run ended before the kill point"


def _lake_has_data(d: Deployment, source: str) -> Callable[[], bool]:
    lake = Lake(d.lake_url, d.lake_credentials, source)
    return lambda: bool(lake.tables())


def _raw_package_pending(d: Deployment, source: str) -> Callable[[], bool]:
    pattern = f"raw_{source}_*/load/normalized/*"
    return lambda: any(d.pipelines_dir.glob(pattern))


@pytest.mark.parametrize("kill_point", ["writing the lake", "loading raw"])
def test_sigkill_then_rerun_reconciles(deployment: Deployment, kill_point: str) -> None:
    d, source = deployment, "totesys"
    d.generate(source)
    watch = _lake_has_data if kill_point == "writing the lake" else _raw_package_pending
    _kill_when(d, source, watch(d, source))
    report = d.ingest(source)
    assert report.raw_load_ids, "the rerun loaded nothing into raw"
    assert_reconciled(d.reconcile(source))
    # The next cycle finds nothing left over and nothing doubled.
    again = d.ingest(source)
    assert all(t.deleted == 0 and t.extracted == 0 for t in again.tables.values())
    assert_reconciled(d.reconcile(source))


def test_a_schema_file_a_kill_left_empty_in_the_lake_is_written_again(
    deployment: Deployment,
) -> None:
    # A kill between dlt creating the lake's schema file and writing it leaves it empty (the
    # filesystem destination does not write it atomically); the next ingest must not fail on it.
    d, source = deployment, "totesys"
    d.generate(source)
    d.ingest(source)
    lake = Lake(d.lake_url, d.lake_credentials, source)
    versions = lake.fs.ls(f"{lake.root}/_dlt_version", detail=False, refresh=True)
    newest = max(versions, key=lambda path: str(path).rsplit("/", 1)[-1].split("__")[1])
    lake.fs.pipe_file(newest, b"")
    sources = {source: d.source_urls[source]}
    seeds_generator.simulate(sources, ticks=1, interval=dt.timedelta(hours=2), seed=5)
    report = d.ingest(source)
    assert sum(t.extracted for t in report.tables.values()) > 0
    version_hash = str(newest).rsplit("__", 1)[-1]
    rewritten = [
        path
        for path in lake.fs.ls(f"{lake.root}/_dlt_version", detail=False, refresh=True)
        if str(path).endswith(version_hash)
    ]
    assert [lake.fs.size(path) > 0 for path in rewritten] == [True], "written again, once"
    assert_reconciled(d.reconcile(source))
