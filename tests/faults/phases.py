"""Where a running cycle is: dlt's working folders and the cycle's log tell the phase."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

# A dlt package in each phase has a folder here (dlt 1.x pipeline working-dir layout): extract
# writes into normalize/<random folder>/<load id>, then commits it to normalize/extracted.
PHASE_GLOBS = {
    "extract": ("normalize/*/*.*",),
    "normalize": ("normalize/extracted/*", "load/new/*"),
    "load": ("load/normalized/*",),
}
# dbt writes the SQL of each node it runs under its target dir's run/: a file written there
# after the cycle started shows the phase (snapshots, or the marts models after them: one folder
# per star, so a mart is at models/marts/<star>/<name>.sql and its tests a level below).
DBT_PHASE_GLOBS = {
    "snapshot": "run/*/snapshots/**/*.sql",
    "dbt build": "run/*/models/marts/*/*.sql",
}
POLL_SECONDS = 0.003


def in_phase(phase: str, pipelines_dir: Path, pipelines: str = "*") -> bool:
    """True while a dlt pipeline matching `pipelines` has a package in `phase`."""
    for pattern in PHASE_GLOBS[phase]:
        for path in pipelines_dir.glob(f"{pipelines}/{pattern}"):
            if phase != "extract" or path.parent.name != "extracted":
                return True
    return False


def dbt_started(phase: str, dbt_target: Path, since: float) -> bool:
    """True once dbt has written the SQL of a node of `phase` after `since` (a time.time())."""
    for path in dbt_target.glob(DBT_PHASE_GLOBS[phase]):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime > since:
                return True
    return False


def reached(phase: str, pipelines_dir: Path, dbt_target: Path, since: float) -> bool:
    """True while the cycle is in a dlt phase, or once dbt has started a node of a dbt phase."""
    if phase in PHASE_GLOBS:
        return in_phase(phase, pipelines_dir)
    return dbt_started(phase, dbt_target, since)


def wait_for(condition: Callable[[], bool], child: subprocess.Popen, timeout: float) -> bool:
    """Polls until `condition()` holds; False if the child ended or time ran out first."""
    deadline = time.monotonic() + timeout
    while child.poll() is None and time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(POLL_SECONDS)
    return False


def sigkill(child: subprocess.Popen) -> bool:
    """SIGKILLs the child; True if it was still running (the kill hit it mid-work)."""
    if child.poll() is not None:
        return False
    child.send_signal(signal.SIGKILL)
    child.wait()
    return child.returncode == -signal.SIGKILL
