"""Runs one cycle in a child process from Settings given as JSON (so a test can SIGKILL it)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import IO

from orchestration.cycle.run import run_cycle
from orchestration.cycle.summary import format_summary
from orchestration.notify.logs import configure_logging
from orchestration.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def settings_json(settings: Settings) -> str:
    fields = dataclasses.asdict(settings)
    fields["data_dir"] = str(settings.data_dir)
    return json.dumps(fields)


def start_cycle(settings: Settings, output: IO[bytes]) -> subprocess.Popen:
    """Starts `run_cycle(settings)` in a child; its stdout and stderr go to `output`."""
    command = [sys.executable, "-m", "tests.faults.child", settings_json(settings)]
    return subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)


def settings_from(fields: dict) -> Settings:
    return Settings(**{**fields, "data_dir": Path(fields["data_dir"])})


@dataclasses.dataclass(frozen=True)
class CycleResult:
    """What a cycle run in a child reported: its outcome and the dbt nodes that failed."""

    status: str
    failed_step: str | None
    error: str | None
    failed_nodes: dict[str, str]
    warned_nodes: dict[str, str] = dataclasses.field(default_factory=dict)
    # Every dbt node the cycle ran: unique_id -> (resource type, status).
    nodes: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.status == "success"


def run_in_child(settings: Settings, log_file: Path) -> CycleResult:
    """Runs one cycle in a child process (as cron runs `warehouse run`) and returns its result.

    A cycle in the test process would keep the DuckDB warehouse open (dbt-duckdb holds it),
    and no other process could read it afterwards."""
    with log_file.open("wb") as output:
        child = start_cycle(settings, output)
        child.wait(timeout=900)
    last = log_file.read_text(errors="replace").strip().splitlines()[-1]
    return CycleResult(**json.loads(last))


def cycle(settings: Settings) -> CycleResult:
    """`run_in_child` with its log kept in the deployment's data dir (cycle-<n>.log)."""
    number = len(list(settings.data_dir.glob("cycle-*.log"))) + 1
    return run_in_child(settings, settings.data_dir / f"cycle-{number}.log")


def main(argv: list[str]) -> int:
    settings = settings_from(json.loads(argv[0]))
    configure_logging(json_lines=True)
    report = run_cycle(settings)
    print(format_summary(report), flush=True)
    failed = {n.unique_id: n.message or "" for n in report.nodes if n.status in ("fail", "error")}
    warned = {n.unique_id: n.message or "" for n in report.nodes if n.status == "warn"}
    nodes = {n.unique_id: (n.resource_type, n.status) for n in report.nodes}
    result = CycleResult(report.status, report.failed_step, report.error, failed, warned, nodes)
    print(json.dumps(dataclasses.asdict(result)), flush=True)
    return 0 if report.succeeded else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
