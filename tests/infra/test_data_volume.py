"""The cycle's data dir (/data) on EFS, read from the Terraform (python-hcl2): an encrypted EFS
volume mounted through an access point as the image's user, NFS from the task only, and an IAM
grant of ClientMount and ClientWrite on that file system alone. Each check also runs on a
broken copy, to show it fails with a message naming what is wrong."""

from __future__ import annotations

import copy

import pytest

from tests.infra.checks import iam_problems
from tests.infra.dockerfile import stages
from tests.infra.terraform import REPO, Module, load_all
from tests.infra.volume_checks import TASK, VOLUME, data_volume_grant_problems, data_volume_problems


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return load_all()


@pytest.fixture
def broken(modules: dict[str, Module]) -> dict[str, Module]:
    """A copy of the parsed configuration a test may break."""
    return copy.deepcopy(modules)


def _volume(modules: dict[str, Module], name: str) -> dict:
    task_definition = modules[TASK].resources[("aws_ecs_task_definition", "cycle")]
    return next(v for v in task_definition["volume"] if v["name"] == name)


def _grant(modules: dict[str, Module]) -> dict:
    task_policy = modules[TASK].data[("aws_iam_policy_document", "task")]
    return next(s for s in task_policy["statement"] if s["sid"] == "MountAndWriteTheDataVolume")


def test_the_data_dir_is_an_encrypted_efs_volume_mounted_as_the_image_user(
    modules: dict[str, Module],
) -> None:
    assert modules["."].locals["task_environment"]["WAREHOUSE_DATA_DIR"] == "/data"
    assert data_volume_problems(modules) == []
    # The access point's user is the image's (checked above against the container's user).
    container = modules[TASK].locals["container"]
    assert container["user"] == stages(REPO / "Dockerfile")["runtime"].all("USER")[-1]
    # /tmp stays scratch on the task's own storage.
    assert "efs_volume_configuration" not in _volume(modules, "tmp")


def test_only_the_task_role_may_mount_and_write_the_data_volume(
    modules: dict[str, Module],
) -> None:
    assert data_volume_grant_problems(modules) == []
    assert sorted(_grant(modules)["actions"]) == [
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite",
    ]
    policy = modules[TASK].resources[("aws_iam_role_policy", "task")]
    assert policy["role"] == "${aws_iam_role.task.id}"


# The same checks on broken copies: each fails, naming the broken setting.


def test_an_ephemeral_data_volume_fails(broken: dict[str, Module]) -> None:
    del _volume(broken, "data")["efs_volume_configuration"]
    assert data_volume_problems(broken) == [
        "modules/cycle_task: the task's volume 'data' at /data is not an EFS volume "
        "(efs_volume_configuration): it starts empty"
    ]


def test_a_volume_without_tls_or_iam_authorization_fails(broken: dict[str, Module]) -> None:
    efs = _volume(broken, "data")["efs_volume_configuration"][0]
    efs["transit_encryption"] = "DISABLED"
    efs["authorization_config"][0]["iam"] = "DISABLED"
    assert data_volume_problems(broken) == [
        "modules/cycle_task: the task's volume 'data' at /data: transit_encryption (TLS in "
        "transit) is 'DISABLED', not 'ENABLED'",
        "modules/cycle_task: the task's volume 'data' at /data: authorization_config iam (the "
        "task role) is 'DISABLED', not 'ENABLED'",
    ]


def test_a_file_system_unencrypted_at_rest_fails(broken: dict[str, Module]) -> None:
    file_system = broken[VOLUME].resources[("aws_efs_file_system", "this")]
    file_system["encrypted"] = False
    assert data_volume_problems(broken) == [
        "modules/state_volume: the file system is not encrypted at rest (encrypted)"
    ]


def test_an_access_point_acting_as_root_fails(broken: dict[str, Module]) -> None:
    point = broken[VOLUME].resources[("aws_efs_access_point", "data")]
    point["posix_user"][0] |= {"uid": 0, "gid": 0}
    assert data_volume_problems(broken) == [
        "modules/state_volume: the access point's posix_user is 0:0, not the container's user "
        "10001:10001"
    ]


def test_nfs_open_to_the_vpc_fails(broken: dict[str, Module]) -> None:
    rule = broken[VOLUME].resources[("aws_vpc_security_group_ingress_rule", "nfs_from_task")]
    del rule["referenced_security_group_id"]
    rule["cidr_ipv4"] = "10.40.0.0/16"
    assert data_volume_problems(broken) == [
        "modules/state_volume: ingress rule nfs_from_task lets in ('tcp', 2049, 2049) from "
        "10.40.0.0/16: only tcp 2049 from var.client_security_group_id (the cycle task)"
    ]


def test_a_wider_grant_fails(broken: dict[str, Module]) -> None:
    grant = _grant(broken)
    grant["actions"].append("elasticfilesystem:ClientRootAccess")
    grant["resources"] = ["*"]
    del grant["condition"]
    label = (
        "modules/cycle_task: aws_iam_policy_document.task statement 'MountAndWriteTheDataVolume'"
    )
    assert data_volume_grant_problems(broken) == [
        f"{label} grants ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', "
        "'elasticfilesystem:ClientWrite']: only ['elasticfilesystem:ClientMount', "
        "'elasticfilesystem:ClientWrite']",
        f"{label} grants them on ['*'], not the data volume's file system "
        "(var.data_volume.file_system_arn)",
        f"{label} is not conditioned on the access point (AccessPointArn)",
    ]


def test_a_grant_to_another_role_fails(broken: dict[str, Module]) -> None:
    execution = broken[TASK].data[("aws_iam_policy_document", "execution")]
    execution["statement"].append(
        {"sid": "Mount", "actions": ["elasticfilesystem:ClientMount"], "resources": ["x"]}
    )
    assert data_volume_grant_problems(broken) == [
        "modules/cycle_task: aws_iam_policy_document.execution statement 'Mount' grants EFS "
        "actions: only the task role's policy may"
    ]


def test_an_inline_file_system_policy_fails_as_unreadable(broken: dict[str, Module]) -> None:
    policy = broken[VOLUME].resources[("aws_efs_file_system_policy", "this")]
    policy["policy"] = '${jsonencode({Statement = [{Effect = "Allow", Action = "*"}]})}'
    assert iam_problems(broken) == [
        "modules/state_volume: aws_efs_file_system_policy.this policy is not an "
        "aws_iam_policy_document (the IAM check reads only those)"
    ]


def test_a_task_not_given_the_state_volume_fails(broken: dict[str, Module]) -> None:
    broken["."].modules["cycle_task"]["data_volume"]["access_point_id"] = "fsap-0123"
    assert data_volume_problems(broken) == [
        "module cycle_task data_volume.access_point_id is 'fsap-0123', expected "
        "'${module.state_volume.access_point_id}'"
    ]
