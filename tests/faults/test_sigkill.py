"""SIGKILL a cycle at random points of extract, normalize, load and dbt; rerun until done."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

import seeds_generator
from orchestration.settings import Settings
from tests.faults.conftest import FaultCase
from tests.faults.invariants import assert_recovered
from tests.faults.phases import reached, sigkill, wait_for

pytestmark = pytest.mark.faults
REPO = Path(__file__).resolve().parents[2]
WAREHOUSE = [sys.executable, "-m", "orchestration.cli", "run"]
# Two campaigns, 20 kills in all: dlt's phases (12) and dbt's (8).
CAMPAIGNS = {"dlt": ("extract", "normalize", "load"), "dbt": ("snapshot", "dbt build")}
SHARE = {"dlt": 0.6, "dbt": 0.4}
# After the phase is seen, the kill waits a random time up to this (seconds): spread inside it.
EXTRA_DELAY = {"extract": 0.3, "normalize": 0.05, "load": 0.3, "dbt build": 2.0, "snapshot": 0.5}
TOTAL_RUNS = int(os.environ.get("FAULTS_SIGKILL_RUNS", "20"))
MAX_RERUNS = 4


def _start(log_file: Path) -> subprocess.Popen:
    # `warehouse run`, as an operator or cron runs it; WAREHOUSE_DATA_DIR is the test's data dir.
    output = log_file.open("wb")
    return subprocess.Popen(WAREHOUSE, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)


def kill_during(settings: Settings, kind: str, rng: random.Random, log_file: Path) -> bool:
    """Starts a cycle and SIGKILLs it in `kind` after a random extra delay; True if it hit."""
    since, dbt_target = time.time(), settings.dbt_project_dir / "target"
    child = _start(log_file)
    seen = wait_for(
        lambda: reached(kind, settings.pipelines_dir, dbt_target, since), child, timeout=240
    )
    if seen:
        time.sleep(rng.uniform(0, EXTRA_DELAY[kind]))
    hit = seen and sigkill(child)
    if not hit:
        child.kill()
        child.wait()
    return hit


def rerun_until_done(log_file: Path) -> int:
    """Runs cycles until one succeeds; returns how many it took."""
    for attempt in range(1, MAX_RERUNS + 1):
        output = log_file.open("wb")
        done = subprocess.run(WAREHOUSE, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
        if done.returncode == 0:
            return attempt
    pytest.fail(f"no cycle succeeded in {MAX_RERUNS} reruns after a SIGKILL; see {log_file}")


@pytest.mark.parametrize("campaign", list(CAMPAIGNS))
def test_sigkill_at_random_points_then_rerun_until_done(
    local: Settings, fault_case: FaultCase, tmp_path: Path, campaign: str
) -> None:
    kinds, runs = CAMPAIGNS[campaign], max(1, round(TOTAL_RUNS * SHARE[campaign]))
    seed = int(os.environ.get("FAULTS_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    fault_case.notes.append(f"seed {seed}")
    attempts = 0
    while fault_case.faults < runs and attempts < 2 * runs:
        kind = kinds[fault_case.faults % len(kinds)]
        if attempts:  # new source activity, so every cycle has something to extract and snapshot
            seeds_generator.simulate(
                local.source_urls, ticks=1, interval=timedelta(hours=3), seed=attempts
            )
        attempts += 1
        if not kill_during(local, kind, rng, tmp_path / f"killed-{attempts}.log"):
            fault_case.notes.append(f"attempt {attempts}: the cycle ended before {kind}")
            continue
        fault_case.faults += 1
        fault_case.reruns.append(rerun_until_done(tmp_path / f"rerun-{attempts}.log"))
        result = assert_recovered(local)
        fault_case.recovered += 1
        fault_case.rows_lost += result.rows_lost
        fault_case.duplicates += result.duplicates
        fault_case.notes.append(f"killed in {kind}, recovered in {fault_case.reruns[-1]} rerun(s)")
    assert fault_case.faults == runs, fault_case.notes
