"""Runs one cycle in a child process from Settings given as JSON (so a test can SIGKILL it)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import IO

from orchestration.cycle import run_cycle
from orchestration.logs import configure_logging
from orchestration.settings import Settings
from orchestration.summary import format_summary

REPO = Path(__file__).resolve().parents[2]


def settings_json(settings: Settings) -> str:
    fields = dataclasses.asdict(settings)
    fields["data_dir"] = str(settings.data_dir)
    return json.dumps(fields)


def start_cycle(settings: Settings, output: IO[bytes]) -> subprocess.Popen:
    """Starts `run_cycle(settings)` in a child; its stdout and stderr go to `output`."""
    command = [sys.executable, "-m", "tests.faults.child", settings_json(settings)]
    return subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)


def main(argv: list[str]) -> int:
    fields = json.loads(argv[0])
    settings = Settings(**{**fields, "data_dir": Path(fields["data_dir"])})
    configure_logging(json_lines=True)
    report = run_cycle(settings)
    print(format_summary(report), flush=True)
    return 0 if report.succeeded else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
