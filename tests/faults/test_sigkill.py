"""SIGKILL a cycle at points of extract, normalize, load and dbt; rerun until done.

Each campaign has a fixed list of kill points: a phase, and how far into it the kill lands.
`make test` kills at a random sample of them (the seed is printed); `make test-faults` kills at
every one. `WAREHOUSE_FAULT_SEED=<seed> make test-faults` reruns the sample that seed chose.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

import seeds_generator
from orchestration.settings import Settings
from tests.faults.campaign import KillPoint, chosen_points
from tests.faults.conftest import FaultCase
from tests.faults.invariants import assert_recovered
from tests.faults.phases import reached, sigkill, wait_for

pytestmark = pytest.mark.faults
REPO = Path(__file__).resolve().parents[2]
WAREHOUSE = [sys.executable, "-m", "orchestration.cli", "run"]
CAMPAIGNS = ("dlt", "dbt")
MAX_RERUNS = 4
# A point whose cycle ended before its phase (normalize can be that short) is tried again.
TRIES_PER_POINT = 3


def _start(log_file: Path) -> subprocess.Popen:
    # `warehouse run`, as an operator or cron runs it; WAREHOUSE_DATA_DIR is the test's data dir.
    output = log_file.open("wb")
    return subprocess.Popen(WAREHOUSE, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)


def kill_during(settings: Settings, point: KillPoint, log_file: Path) -> bool:
    """Starts a cycle and SIGKILLs it `point.delay` seconds into `point.phase`; True if it hit."""
    since, dbt_target = time.time(), settings.dbt_target_dir
    child = _start(log_file)
    seen = wait_for(
        lambda: reached(point.phase, settings.pipelines_dir, dbt_target, since), child, timeout=240
    )
    if seen:
        time.sleep(point.delay)
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


def new_activity(settings: Settings, cycle: int) -> None:
    """Source activity before every cycle but the first, so each has something to extract."""
    if cycle:
        seeds_generator.simulate(
            settings.source_urls, ticks=1, interval=timedelta(hours=3), seed=cycle
        )


def kill_and_recover(settings: Settings, point: KillPoint, case: FaultCase, logs: Path) -> None:
    """Kills one cycle at `point` (trying again if it ends too soon), then checks recovery."""
    for _ in range(TRIES_PER_POINT):
        new_activity(settings, case.cycles)
        case.cycles += 1
        if kill_during(settings, point, logs / f"killed-{case.cycles}.log"):
            break
        case.notes.append(f"cycle {case.cycles}: ended before {point}")
    else:
        pytest.fail(f"no cycle reached {point} in {TRIES_PER_POINT} tries: {case.notes}")
    case.faults += 1
    case.reruns.append(rerun_until_done(logs / f"rerun-{case.cycles}.log"))
    result = assert_recovered(settings)
    case.recovered += 1
    case.rows_lost += result.rows_lost
    case.duplicates += result.duplicates
    case.notes.append(f"killed {point}, recovered in {case.reruns[-1]} rerun(s)")


@pytest.mark.parametrize(
    "campaign", [pytest.param(c, marks=pytest.mark.xdist_group(f"sigkill_{c}")) for c in CAMPAIGNS]
)
def test_sigkill_at_campaign_points_then_rerun_until_done(
    local: Settings, fault_case: FaultCase, tmp_path: Path, campaign: str
) -> None:
    points, fault_case.plan = chosen_points(campaign)
    print(f"SIGKILL campaign {campaign}: {fault_case.plan}")  # also in the log of a failure
    for point in points:
        kill_and_recover(local, point, fault_case, tmp_path)
    assert fault_case.recovered == fault_case.faults == len(points), (
        fault_case.plan,
        fault_case.notes,
    )
