"""Two cycles started at the same moment: exactly one runs, the other is turned away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.settings import Settings
from tests.faults.conftest import FaultCase
from tests.faults.invariants import assert_recovered, query

pytestmark = pytest.mark.faults
REPO = Path(__file__).resolve().parents[2]


def test_two_cycles_at_once_exactly_one_runs(
    warehouse_local_copy: Settings, fault_case: FaultCase, tmp_path: Path
) -> None:
    local = warehouse_local_copy  # a built warehouse: the cycle that runs is incremental
    runs_before = query(local, "SELECT run_id FROM ops.runs")
    command = [sys.executable, "-m", "orchestration.cli", "run"]
    children = [
        subprocess.Popen(
            command,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]
    outputs = [child.communicate(timeout=600) for child in children]
    codes = sorted(child.returncode for child in children)
    fault_case.faults += 1
    assert codes == [0, 1], [err.decode()[-2000:] for _, err in outputs]
    turned_away = next(
        err.decode() for child, (_, err) in zip(children, outputs) if child.returncode
    )
    assert "another cycle is running" in turned_away, turned_away[-2000:]
    # Only the cycle that ran left a run record; the turned-away one is not a failed run.
    runs = query(local, "SELECT run_id, status FROM ops.runs")
    assert [status for run_id, status in runs if (run_id,) not in runs_before] == ["success"]
    result = assert_recovered(local)
    fault_case.recovered += 1
    fault_case.reruns.append(0)
    fault_case.rows_lost += result.rows_lost
    fault_case.duplicates += result.duplicates
