"""The offline checks Terraform itself and checkov can make: formatting, validation against the
AWS provider's schema (when the provider is on this machine), and checkov with no failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.infra.terraform import INFRA, REPO

# One xdist worker runs checkov once (the session fixture) for both tests that read its report.
pytestmark = pytest.mark.xdist_group("infra_checkov")
CHECKOV = REPO / ".tools" / "checkov" / "bin" / "checkov"
# Offline (no guideline download), the JSON report with the passed and skipped checks too.
CHECKOV_OPTIONS = ("--compact", "--skip-download", "-o", "json")
# Where a machine without registry access keeps providers (terraform init -plugin-dir).
PLUGIN_DIR = Path(os.environ.get("TERRAFORM_PLUGIN_DIR", "/opt/tf-plugins"))


def terraform() -> str:
    found = shutil.which("terraform") or next(
        (
            str(p)
            for p in (Path("/usr/local/bin/terraform"), Path("/usr/bin/terraform"))
            if p.exists()
        ),
        None,
    )
    if not found:
        pytest.skip("terraform is not installed here: the fmt and validate checks did not run")
    return found


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"} | env
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )


def test_terraform_fmt_check() -> None:
    result = _run([terraform(), "fmt", "-check", "-recursive", "-diff", str(INFRA)], REPO)
    assert result.returncode == 0, f"run `terraform fmt -recursive infra`:\n{result.stdout}"


def test_terraform_validate_with_the_local_aws_provider(tmp_path: Path) -> None:
    binary = terraform()
    if not (PLUGIN_DIR / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
        pytest.skip(f"no AWS provider in {PLUGIN_DIR}: terraform validate did not run")
    copy = tmp_path / "infra"
    shutil.copytree(INFRA, copy, ignore=shutil.ignore_patterns(".terraform", "checks"))
    init = _run(
        [binary, "init", "-backend=false", "-input=false", f"-plugin-dir={PLUGIN_DIR}"], copy
    )
    assert init.returncode == 0, init.stdout + init.stderr
    validate = _run([binary, "validate", "-json"], copy)
    report = json.loads(validate.stdout)
    assert report["valid"], json.dumps(report["diagnostics"], indent=1)


@pytest.fixture(scope="session")
def checkov_report() -> dict:
    """checkov over infra/, once per session (about 10 s)."""
    assert CHECKOV.exists(), f"{CHECKOV} is missing: `make setup` installs checkov there"
    result = _run(
        [str(CHECKOV), "-d", str(INFRA), "--framework", "terraform", *CHECKOV_OPTIONS],
        REPO,
        BC_SKIP_MAPPING="TRUE",
    )
    assert result.stdout.strip(), result.stderr
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def test_checkov_finds_no_failed_check(checkov_report: dict) -> None:
    failed = [
        f"{check['check_id']} {check['check_name']}: {check['resource']} ({check['file_path']})"
        for check in checkov_report["results"]["failed_checks"]
    ]
    assert checkov_report["summary"]["passed"] > 100
    assert not failed, "\n".join(failed)


def test_every_checkov_skip_says_why(checkov_report: dict) -> None:
    skipped = checkov_report["results"]["skipped_checks"]
    assert skipped, "the skips are inline (#checkov:skip=ID:reason) and read by checkov"
    unexplained = [
        f"{check['check_id']} on {check['resource']}"
        for check in skipped
        if len(check["check_result"].get("suppress_comment", "").split()) < 4
    ]
    assert not unexplained, f"skips without a reason: {unexplained}"
