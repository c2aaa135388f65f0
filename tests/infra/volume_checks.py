"""What the cycle's data dir on EFS must satisfy, as functions over the parsed Terraform
(tests/infra/terraform.py): /data (WAREHOUSE_DATA_DIR) is an EFS volume, encrypted in transit
and at rest, mounted through an access point as the image's user, reachable over NFS from the
task only; and the only IAM grant on it is the task role's ClientMount and ClientWrite. Each
returns the problems found; an empty list means the property holds."""

from __future__ import annotations

from tests.infra.terraform import Module, _first

TASK, VOLUME = "modules/cycle_task", "modules/state_volume"
GRANT = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
NFS_PORT = 2049


def data_volume_problems(modules: dict[str, Module]) -> list[str]:
    """The container's data dir is the state volume, encrypted, as the image's user."""
    root, task, volume = modules["."], modules[TASK], modules[VOLUME]
    data_dir = root.locals.get("task_environment", {}).get("WAREHOUSE_DATA_DIR")
    problems = _mount_problems(task, data_dir)
    problems += _file_system_problems(volume)
    problems += _access_point_problems(root, task, volume)
    problems += _nfs_problems(volume)
    problems += _wiring_problems(root)
    return problems


def _mount_problems(task: Module, data_dir: str | None) -> list[str]:
    mounts = task.locals.get("container", {}).get("mountPoints", [])
    mount = next((m for m in mounts if m.get("containerPath") == data_dir), None)
    if mount is None:
        return [f"{task.path}: the container mounts no volume at {data_dir} (WAREHOUSE_DATA_DIR)"]
    where = f"{task.path}: the task's volume {mount['sourceVolume']!r} at {data_dir}"
    efs = _first(_task_volume(task, mount["sourceVolume"]).get("efs_volume_configuration"))
    if not efs:
        return [f"{where} is not an EFS volume (efs_volume_configuration): it starts empty"]
    authorization = _first(efs.get("authorization_config"))
    expected = [
        (efs.get("file_system_id"), "${var.data_volume.file_system_id}", "file_system_id"),
        (efs.get("transit_encryption"), "ENABLED", "transit_encryption (TLS in transit)"),
        (authorization.get("iam"), "ENABLED", "authorization_config iam (the task role)"),
        (
            authorization.get("access_point_id"),
            "${var.data_volume.access_point_id}",
            "authorization_config access_point_id",
        ),
    ]
    return [
        f"{where}: {label} is {got!r}, not {want!r}" for got, want, label in expected if got != want
    ]


def _task_volume(task: Module, name: str) -> dict:
    definitions = task.of_type("aws_ecs_task_definition")
    volumes = definitions[0].get("volume", []) if definitions else []
    return next((v for v in volumes if v.get("name") == name), {})


def _file_system_problems(volume: Module) -> list[str]:
    systems = volume.of_type("aws_efs_file_system")
    if len(systems) != 1:
        return [f"{volume.path}: {len(systems)} aws_efs_file_system, expected one"]
    problems = []
    if systems[0].get("encrypted") is not True:
        problems.append(f"{volume.path}: the file system is not encrypted at rest (encrypted)")
    if systems[0].get("kms_key_id") != "${var.kms_key_arn}":
        problems.append(f"{volume.path}: the file system is not encrypted with var.kms_key_arn")
    return problems


def _access_point_problems(root: Module, task: Module, volume: Module) -> list[str]:
    """The access point acts as the container's user, in a directory created owned by it."""
    user = task.locals.get("container", {}).get("user")
    points = volume.of_type("aws_efs_access_point")
    problems = [] if points else [f"{volume.path}: no aws_efs_access_point"]
    for point in points:
        posix = _first(point.get("posix_user"))
        directory = _first(point.get("root_directory"))
        owner = _first(directory.get("creation_info"))
        pairs = {
            "posix_user": (posix.get("uid"), posix.get("gid")),
            "root_directory's creation_info": (owner.get("owner_uid"), owner.get("owner_gid")),
        }
        for label, (uid, gid) in pairs.items():
            got = f"{_value(root, volume, uid)}:{_value(root, volume, gid)}"
            if got != user:
                problems.append(
                    f"{volume.path}: the access point's {label} is {got}, "
                    f"not the container's user {user}"
                )
        if directory.get("path", "/") == "/":
            problems.append(f"{volume.path}: the access point's root is the file system's root")
    return problems


def _value(root: Module, volume: Module, expression: object) -> object:
    """A literal, or `${var.x}`: what the root module passes, else the variable's default."""
    text = str(expression)
    if not (text.startswith("${var.") and text.endswith("}")):
        return expression
    name = text[len("${var.") : -1]
    passed = root.modules.get("state_volume", {}).get(name)
    return passed if passed is not None else volume.variables.get(name, {}).get("default")


def _nfs_problems(volume: Module) -> list[str]:
    """Into the mount targets: NFS from the task's security group, nothing else."""
    groups = {name for (kind, name) in volume.resources if kind == "aws_security_group"}
    targets = volume.of_type("aws_efs_mount_target")
    problems = [] if targets else [f"{volume.path}: no aws_efs_mount_target"]
    for target in targets:
        if target.get("subnet_id") != "${var.subnet_ids[count.index]}":
            problems.append(f"{volume.path}: a mount target is not in var.subnet_ids")
    for (kind, name), rule in volume.resources.items():
        if kind == "aws_security_group" and rule.get("ingress"):
            problems.append(f"{volume.path}: aws_security_group.{name} has inline ingress")
        if kind == "aws_vpc_security_group_ingress_rule" and _guards(rule, groups):
            problems += _ingress_problems(volume.path, name, rule)
    return problems


def _guards(rule: dict, groups: set[str]) -> bool:
    target = str(rule.get("security_group_id"))
    return any(target == f"${{aws_security_group.{group}.id}}" for group in groups)


def _ingress_problems(path: str, name: str, rule: dict) -> list[str]:
    source = rule.get("referenced_security_group_id")
    opened = (rule.get("ip_protocol"), rule.get("from_port"), rule.get("to_port"))
    if source == "${var.client_security_group_id}" and opened == ("tcp", NFS_PORT, NFS_PORT):
        return []
    origin = source or rule.get("cidr_ipv4") or rule.get("cidr_ipv6") or rule.get("prefix_list_id")
    return [
        f"{path}: ingress rule {name} lets in {opened} from {origin}: only tcp {NFS_PORT} "
        "from var.client_security_group_id (the cycle task)"
    ]


def _wiring_problems(root: Module) -> list[str]:
    volume = root.modules.get("state_volume", {})
    given = root.modules.get("cycle_task", {}).get("data_volume", {})
    expected = {
        "module state_volume client_security_group_id": (
            volume.get("client_security_group_id"),
            "${module.cycle_task.security_group_id}",
        ),
        "module state_volume subnet_ids": (
            volume.get("subnet_ids"),
            "${module.network.private_subnet_ids}",
        ),
        "module state_volume kms_key_arn": (volume.get("kms_key_arn"), "${module.kms.key_arn}"),
    }
    for key in ("file_system_id", "file_system_arn", "access_point_id", "access_point_arn"):
        expected[f"module cycle_task data_volume.{key}"] = (
            given.get(key),
            f"${{module.state_volume.{key}}}",
        )
    return [
        f"{label} is {got!r}, expected {want!r}"
        for label, (got, want) in expected.items()
        if got != want
    ]


def data_volume_grant_problems(modules: dict[str, Module]) -> list[str]:
    """The one Allow naming EFS actions is the task role's: ClientMount and ClientWrite on the
    volume's file system, through its access point."""
    found = [
        (module, name, statement)
        for module in modules.values()
        for (kind, name), document in module.data.items()
        if kind == "aws_iam_policy_document"
        for statement in document.get("statement", [])
        if statement.get("effect", "Allow") == "Allow"
        and any(str(a).startswith("elasticfilesystem:") for a in statement.get("actions", []))
    ]
    if not found:
        return [f"no policy lets the task role mount the data volume ({GRANT})"]
    return [problem for each in found for problem in _grant_problems(*each)]


def _grant_problems(module: Module, document: str, statement: dict) -> list[str]:
    label = f"{module.path}: aws_iam_policy_document.{document} statement {statement.get('sid')!r}"
    if (module.path, document) != (TASK, "task"):
        return [f"{label} grants EFS actions: only the task role's policy may"]
    problems = []
    if sorted(statement.get("actions", [])) != GRANT:
        problems.append(f"{label} grants {sorted(statement['actions'])}: only {GRANT}")
    if statement.get("resources") != ["${var.data_volume.file_system_arn}"]:
        problems.append(
            f"{label} grants them on {statement.get('resources')}, "
            "not the data volume's file system (var.data_volume.file_system_arn)"
        )
    condition = _first(statement.get("condition"))
    if condition.get("variable") != "elasticfilesystem:AccessPointArn" or condition.get(
        "values"
    ) != ["${var.data_volume.access_point_arn}"]:
        problems.append(f"{label} is not conditioned on the access point (AccessPointArn)")
    return problems
