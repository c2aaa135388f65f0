"""The alarm's metric filters match the lines a failed cycle really logs: a cycle is run to
failure (the local target with no source databases) and its JSON log is read line by line; the
CLI is run with an unreachable warehouse, and its error line is read."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.settings import environment_name
from tests.infra.terraform import REPO, load_module

UNREACHABLE = {
    "sources.totesys.credentials": "postgresql://source_reader:fake-pw-7q@127.0.0.1:1/totesys",
    "sources.stock_db.credentials": "mysql+pymysql://source_reader:fake-pw-7q@127.0.0.1:1/stock_db",
    "destination.filesystem.bucket_url": "s3://lake-bucket/lake",
    "destination.postgres.credentials": "postgresql://loader:fake-pw-7q@127.0.0.1:1/warehouse",
}

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


def matches(pattern: str, line: dict | str) -> bool:
    """CloudWatch Logs' filter syntax, the subset the alarms use: JSON conditions
    `{ $.field = "value" && ... }` on a JSON line, or quoted terms, `-"term"` excluded."""
    if pattern.lstrip().startswith("{"):
        return isinstance(line, dict) and _json_matches(pattern, line)
    text = json.dumps(line) if isinstance(line, dict) else line
    terms = re.findall(r'(-?)"([^"]*)"', pattern)
    assert terms, f"not in the supported subset: {pattern!r}"
    return all((term in text) != bool(excluded) for excluded, term in terms)


def _json_matches(pattern: str, line: dict) -> bool:
    body = pattern.strip().removeprefix("{").removesuffix("}")
    for term in (term.strip() for term in body.split("&&")):
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
        name: root.locals[f"{name}_pattern"].replace('\\"', '"')
        for name in ("failure", "error", "success")
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


def test_the_error_filter_matches_a_cycle_that_could_not_start(tmp_path: Path) -> None:
    # The image's command with every setting given but the warehouse unreachable (nothing
    # listens on port 1): no cycle starts, and the CLI's one error line is what CloudWatch sees.
    settings = {environment_name(key): value for key, value in UNREACHABLE.items()}
    environment = {"WAREHOUSE_DATA_DIR": str(tmp_path), "HOME": str(tmp_path), "PATH": "/usr/bin"}
    result = subprocess.run(
        [Path(sys.executable).parent / "warehouse", "--target", "postgres", "run"],
        env=environment | settings,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if matches(patterns()["error"], line)]
    assert len(errors) == 1 and "is unreachable" in errors[0], result.stderr
    assert "fake-pw-7q" not in result.stderr


def test_the_error_filter_ignores_a_tick_skipped_for_a_running_cycle() -> None:
    from ingestion.lock import _busy

    skipped = f"warehouse run: error: {_busy('postgresql://loader@db:5432/warehouse')}"
    assert not matches(patterns()["error"], skipped)
    assert matches(patterns()["error"], "warehouse run: error: 1 setting is missing ...")


def test_the_alerting_module_filters_the_cycle_log_group() -> None:
    root = load_module(REPO / "infra")
    alerting = root.modules["alerting"]
    assert alerting["log_group_name"] == "${module.cycle_task.log_group_name}"
    assert alerting["failure_pattern"] == "${local.failure_pattern}"
    assert alerting["error_pattern"] == "${local.error_pattern}"
