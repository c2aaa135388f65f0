"""The alarm's metric filter matches the line a failed cycle really logs: a cycle is run to
failure (the local target with no source databases) and its JSON log is read line by line."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.infra.terraform import REPO, load_module

# One xdist worker runs the failing cycle once for the module.
pytestmark = pytest.mark.xdist_group("infra_alarm")
# One failed cycle, the way `warehouse run` logs it (JSON lines to its log file).
FAILING_CYCLE = """
from orchestration.cycle.run import run_cycle
from orchestration.notify.logs import configure_logging
from orchestration.settings import load_settings
settings = load_settings("local")
configure_logging(json_lines=True, log_file=settings.log_file)
print(run_cycle(settings).status)
"""


def matches(pattern: str, line: dict) -> bool:
    """CloudWatch Logs' JSON filter syntax, the subset the alarms use:
    `{ $.field = "value" && $.other = "value" }`."""
    body = pattern.strip().removeprefix("{").removesuffix("}")
    terms = [term.strip() for term in body.split("&&")]
    for term in terms:
        found = re.fullmatch(r'\$\.(\w+)\s*=\s*"([^"]*)"', term)
        assert found, f"not in the supported subset: {term!r}"
        if str(line.get(found[1])) != found[2]:
            return False
    return True


@pytest.fixture(scope="module")
def failed_cycle_log(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    data_dir = tmp_path_factory.mktemp("failed-cycle")
    result = subprocess.run(
        [sys.executable, "-c", FAILING_CYCLE],
        cwd=REPO,
        env={"WAREHOUSE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "failed", result.stderr[-2000:]
    log = Path(data_dir) / "logs" / "warehouse.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()]


@functools.cache
def patterns() -> dict[str, str]:
    root = load_module(REPO / "infra")
    return {
        name: root.locals[f"{name}_pattern"].replace('\\"', '"') for name in ("failure", "success")
    }


def test_the_failure_filter_matches_the_failed_cycle_once(failed_cycle_log: list[dict]) -> None:
    matched = [line for line in failed_cycle_log if matches(patterns()["failure"], line)]
    assert len(matched) == 1, [line["message"] for line in failed_cycle_log]
    assert matched[0]["message"] == "cycle failed" and matched[0]["run_id"] != "-"
    assert any(line["level"] == "error" for line in failed_cycle_log)


def test_the_success_filter_does_not_match_a_failed_cycle(failed_cycle_log: list[dict]) -> None:
    assert not [line for line in failed_cycle_log if matches(patterns()["success"], line)]
    # The same line of a successful cycle differs only in its status.
    assert patterns()["success"] == patterns()["failure"].replace('"failed"', '"success"')


def test_the_alerting_module_filters_the_cycle_log_group() -> None:
    root = load_module(REPO / "infra")
    alerting = root.modules["alerting"]
    assert alerting["log_group_name"] == "${module.cycle_task.log_group_name}"
    assert alerting["failure_pattern"] == "${local.failure_pattern}"
