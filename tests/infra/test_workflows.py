"""The GitHub Actions workflows parse, and every make target and repository script they call
exists; the deploying jobs reach AWS through OIDC, and apply waits behind `production`."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from tests.infra.terraform import REPO

WORKFLOWS = REPO / ".github" / "workflows"
MAKE_TARGET = re.compile(r"(?:^|[ \t;&(])make[ \t]+([\w-]+(?:[ \t]+[\w-]+)*)", re.MULTILINE)
SCRIPT = re.compile(r"(?:^|[\s;&(])(\.?(?:scripts|\.ci|\.venv/bin)/[\w./-]+)")


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def run_lines(document: dict) -> list[str]:
    return [
        step["run"] for job in document["jobs"].values() for step in job["steps"] if "run" in step
    ]


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text()
    return set(re.findall(r"^([\w.-]+):(?!=)", text, re.MULTILINE))


def missing_calls(document: dict) -> list[str]:
    """The make targets and repository scripts the workflow's steps run that do not exist."""
    commands = "\n".join(run_lines(document))
    targets = {t for match in MAKE_TARGET.findall(commands) for t in match.split()}
    missing = [f"make {t}: no such target" for t in sorted(targets - makefile_targets())]
    for script in SCRIPT.findall(commands):
        path = REPO / script
        # .venv/bin is installed by `make setup`, which each job runs first.
        if not script.startswith(".venv/bin/") and not (
            path.is_file() and os.access(path, os.X_OK)
        ):
            missing.append(f"{script}: not an executable file in the repository")
    return missing


@pytest.mark.parametrize("name", ["pull-request.yml", "main.yml"])
def test_the_workflow_parses_and_calls_only_what_exists(name: str) -> None:
    document = workflow(name)
    assert document["jobs"] and all(job.get("steps") for job in document["jobs"].values())
    assert MAKE_TARGET.search("\n".join(run_lines(document))), "it runs the project's targets"
    assert missing_calls(document) == []


def test_a_missing_target_or_script_is_named() -> None:
    document = workflow("pull-request.yml")
    document["jobs"]["lint"]["steps"].append({"run": "make lint-yaml && scripts/check-yaml"})
    assert missing_calls(document) == [
        "make lint-yaml: no such target",
        "scripts/check-yaml: not an executable file in the repository",
    ]


def test_pull_requests_lint_the_changed_dbt_files_and_run_the_tests() -> None:
    document = workflow("pull-request.yml")
    assert "pull_request" in document[True]  # YAML 1.1 reads the key `on` as True
    assert document["env"]["LINT_BASE"] == "origin/${{ github.base_ref }}"
    assert "LINT_BASE" in (REPO / "scripts" / "lint-sql").read_text()
    commands = run_lines(document)
    assert "make lint" in commands and "make test" in commands


def test_main_deploys_with_oidc_and_applies_behind_a_protected_environment() -> None:
    document = workflow("main.yml")
    text = (WORKFLOWS / "main.yml").read_text()
    assert "aws-access-key-id" not in text and "AWS_SECRET_ACCESS_KEY" not in text
    jobs = document["jobs"]
    for name in ("image", "plan", "apply"):
        assert jobs[name]["permissions"]["id-token"] == "write"
        credentials = [
            s for s in jobs[name]["steps"] if "configure-aws-credentials" in s.get("uses", "")
        ]
        assert credentials and "role-to-assume" in credentials[0]["with"]
    assert jobs["apply"]["environment"] == "production"
    assert jobs["apply"]["needs"] == "plan" and jobs["plan"]["needs"] == "image"
    assert "make test-all" in run_lines({"jobs": {"test": jobs["test"]}})
    assert any(
        "apply -input=false tfplan" in line for line in run_lines({"jobs": {"a": jobs["apply"]}})
    )
