"""The deployment's properties, read from the Terraform (python-hcl2): the lake bucket's
settings, least-privilege IAM, every setting the cycle needs reaching the task, and the
documented schedule. Each check is also run on a broken copy, to show it fails with a message
naming what is wrong."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest

from orchestration.settings import environment_name, required_settings
from tests.infra.checks import (
    iam_problems,
    lake_bucket_problems,
    schedule_problems,
    task_settings_problems,
)
from tests.infra.dockerfile import stages
from tests.infra.terraform import INFRA, REPO, Module, load_all, load_module

DEPLOY_GUIDE = REPO / "docs" / "deploy.md"


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return load_all()


@pytest.fixture
def broken(modules: dict[str, Module]) -> dict[str, Module]:
    """A copy of the parsed configuration a test may break."""
    return copy.deepcopy(modules)


def required_variables() -> list[str]:
    """What load_settings("postgres") requires, from the code, as environment variables."""
    return [environment_name(key) for key in required_settings("postgres")]


def documented_schedule() -> str:
    match = re.search(r"default schedule is `([^`]+)`", DEPLOY_GUIDE.read_text())
    assert match, f"{DEPLOY_GUIDE.name} states the default schedule (`default schedule is ...`)"
    return match[1]


def test_the_lake_bucket_is_versioned_encrypted_private_tls_only_and_expires_old_versions(
    modules: dict[str, Module],
) -> None:
    assert lake_bucket_problems(modules["modules/lake"]) == []


def test_no_iam_statement_grants_every_action_or_every_resource(
    modules: dict[str, Module],
) -> None:
    assert iam_problems(modules) == []


def test_the_task_receives_every_setting_load_settings_requires(
    modules: dict[str, Module],
) -> None:
    assert len(required_variables()) >= 4
    assert (
        task_settings_problems(modules["."], modules["modules/cycle_task"], required_variables())
        == []
    )


def test_the_schedule_is_the_documented_one(modules: dict[str, Module]) -> None:
    assert documented_schedule() == "rate(15 minutes)"
    assert (
        schedule_problems(modules["."], modules["modules/cycle_task"], documented_schedule()) == []
    )


def test_the_container_runs_the_cli_cycle(modules: dict[str, Module]) -> None:
    # The image's entrypoint is `warehouse` (Dockerfile); the task adds the command `run`.
    container = modules["modules/cycle_task"].locals["container"]
    assert container["command"] == ["run"]
    assert 'ENTRYPOINT ["warehouse"]' in (REPO / "Dockerfile").read_text()
    # Its writable mounts are the image's declared volumes; the rest is read-only.
    mounts = {mount["containerPath"] for mount in container["mountPoints"]}
    assert container["readonlyRootFilesystem"] is True
    assert mounts == set(json.loads(stages(REPO / "Dockerfile")["runtime"].all("VOLUME")[-1]))


def test_no_secret_value_is_set_in_terraform(modules: dict[str, Module]) -> None:
    versions = [
        (module.path, name)
        for module in modules.values()
        for (kind, name) in module.resources
        if kind == "aws_secretsmanager_secret_version"
    ]
    assert versions == [], "secret values are put in outside Terraform (docs/deploy.md)"


# The same checks on broken copies: each fails, naming the broken setting.


def test_a_bucket_without_encryption_fails(tmp_path: Path) -> None:
    # A copy of the module's files with the encryption resource deleted from the text.
    lake = tmp_path / "modules" / "lake"
    shutil.copytree(INFRA / "modules" / "lake", lake)
    main = lake / "main.tf"
    pattern = r'resource "aws_s3_bucket_server_side_encryption_configuration".*?\n}\n'
    main.write_text(re.sub(pattern, "", main.read_text(), flags=re.DOTALL))
    problems = lake_bucket_problems(load_module(lake, tmp_path))
    assert problems == [
        "modules/lake: the lake bucket has no default encryption "
        "(aws_s3_bucket_server_side_encryption_configuration, sse_algorithm one of "
        "['AES256', 'aws:kms', 'aws:kms:dsse'])"
    ]


def test_an_open_public_access_block_and_no_lifecycle_fail(broken: dict[str, Module]) -> None:
    lake = broken["modules/lake"]
    lake.resources[("aws_s3_bucket_public_access_block", "lake")]["ignore_public_acls"] = False
    del lake.resources[("aws_s3_bucket_lifecycle_configuration", "lake")]
    assert lake_bucket_problems(lake) == [
        "modules/lake: the lake bucket has public access block ignore_public_acls off "
        "(must be true)",
        "modules/lake: the lake bucket has no enabled lifecycle rule expiring noncurrent versions",
    ]


def test_a_star_action_fails(broken: dict[str, Module]) -> None:
    task_policy = broken["modules/cycle_task"].data[("aws_iam_policy_document", "task")]
    task_policy["statement"][1]["actions"] = ["s3:*"]
    assert iam_problems(broken) == [
        "modules/cycle_task: aws_iam_policy_document.task statement 'ReadAndWriteTheLake' "
        "allows every action ('s3:*')"
    ]


def test_an_inline_policy_fails_as_unreadable(broken: dict[str, Module]) -> None:
    role_policy = broken["modules/cycle_task"].resources[("aws_iam_role_policy", "task")]
    role_policy["policy"] = '${jsonencode({Statement = [{Action = "*", Resource = "*"}]})}'
    assert iam_problems(broken) == [
        "modules/cycle_task: aws_iam_role_policy.task policy is not an aws_iam_policy_document "
        "(the IAM check reads only those)"
    ]


def test_a_star_resource_fails_where_a_narrower_one_exists(broken: dict[str, Module]) -> None:
    execution = broken["modules/cycle_task"].data[("aws_iam_policy_document", "execution")]
    secrets = next(s for s in execution["statement"] if s["sid"] == "ReadTheseSecretsOnly")
    secrets["resources"] = ["*"]
    assert iam_problems(broken) == [
        "modules/cycle_task: aws_iam_policy_document.execution statement "
        "'ReadTheseSecretsOnly' grants ['secretsmanager:GetSecretValue'] on every resource "
        "('*'): name the resources"
    ]


def test_a_setting_the_task_does_not_receive_fails(broken: dict[str, Module]) -> None:
    broken["."].locals["secret_settings"].remove("SOURCES__STOCK_DB__CREDENTIALS")
    problems = task_settings_problems(
        broken["."], broken["modules/cycle_task"], required_variables()
    )
    assert problems == [
        "the cycle task does not receive SOURCES__STOCK_DB__CREDENTIALS, which "
        "load_settings('postgres') requires: add it to infra/main.tf's task_environment or "
        "secret_settings"
    ]


def test_a_credential_in_the_plain_environment_fails(broken: dict[str, Module]) -> None:
    root = broken["."]
    root.locals["secret_settings"].remove("DESTINATION__POSTGRES__CREDENTIALS")
    root.locals["task_environment"]["DESTINATION__POSTGRES__CREDENTIALS"] = "postgresql://..."
    problems = task_settings_problems(root, broken["modules/cycle_task"], required_variables())
    assert problems == [
        "DESTINATION__POSTGRES__CREDENTIALS holds a credential and must come from Secrets "
        "Manager (secret_settings), not the task's plain environment"
    ]


def test_secrets_not_wired_into_the_container_fail(broken: dict[str, Module]) -> None:
    broken["modules/cycle_task"].locals["container"]["secrets"] = []
    problems = task_settings_problems(
        broken["."], broken["modules/cycle_task"], required_variables()
    )
    assert problems == ["the container's secrets is not built from var.secret_arns"]


def test_a_schedule_other_than_the_documented_one_fails(broken: dict[str, Module]) -> None:
    broken["."].variables["schedule_expression"]["default"] = "rate(1 hour)"
    assert schedule_problems(broken["."], broken["modules/cycle_task"], documented_schedule()) == [
        "schedule_expression defaults to 'rate(1 hour)'; docs/deploy.md documents "
        "'rate(15 minutes)'"
    ]
