"""What the deployment must satisfy, as functions over the parsed Terraform (tests/infra/
terraform.py). Each returns the problems found; an empty list means the property holds."""

from __future__ import annotations

from tests.infra.terraform import (
    ACTIONS_WITHOUT_RESOURCES,
    ENCRYPTION_ALGORITHMS,
    PUBLIC_ACCESS_BLOCKS,
    Module,
    _first,
    _reference,
)


def lake_bucket_problems(lake: Module) -> list[str]:
    """Versioned, encrypted, no public access, TLS only, old versions expire."""
    where = f"{lake.path}: the lake bucket"
    problems = []
    versioning = [
        _first(v.get("versioning_configuration")) for v in lake.of_type("aws_s3_bucket_versioning")
    ]
    if not any(v.get("status") == "Enabled" for v in versioning):
        problems.append(f"{where} is not versioned (aws_s3_bucket_versioning status Enabled)")
    if not _encrypted(lake):
        problems.append(
            f"{where} has no default encryption "
            "(aws_s3_bucket_server_side_encryption_configuration, sse_algorithm one of "
            f"{sorted(ENCRYPTION_ALGORITHMS)})"
        )
    problems += _public_access_problems(lake, where)
    if not _tls_only(lake):
        problems.append(
            f"{where} policy does not deny requests without TLS (aws:SecureTransport false)"
        )
    if not _expires_noncurrent_versions(lake):
        problems.append(f"{where} has no enabled lifecycle rule expiring noncurrent versions")
    return problems


def _encrypted(lake: Module) -> bool:
    for config in lake.of_type("aws_s3_bucket_server_side_encryption_configuration"):
        for rule in config.get("rule", []):
            default = _first(rule.get("apply_server_side_encryption_by_default"))
            if default.get("sse_algorithm") in ENCRYPTION_ALGORITHMS:
                return True
    return False


def _public_access_problems(lake: Module, where: str) -> list[str]:
    blocks = lake.of_type("aws_s3_bucket_public_access_block")
    settings = blocks[0] if blocks else {}
    off = [name for name in PUBLIC_ACCESS_BLOCKS if settings.get(name) is not True]
    return [f"{where} has public access block {name} off (must be true)" for name in off]


def _tls_only(lake: Module) -> bool:
    for policy in lake.of_type("aws_s3_bucket_policy"):
        for statement in _document(lake, policy.get("policy", "")).get("statement", []):
            condition = _first(statement.get("condition"))
            if (
                statement.get("effect") == "Deny"
                and condition.get("variable") == "aws:SecureTransport"
                and condition.get("values") == ["false"]
                and any(r.endswith("/*") for r in statement.get("resources", []))
                and any(not r.endswith("/*") for r in statement.get("resources", []))
            ):
                return True
    return False


def _document(module: Module, expression: str) -> dict:
    """The policy document `${data.aws_iam_policy_document.<name>.json}` refers to."""
    parts = _reference(expression).split(".")
    if len(parts) < 3 or parts[0] != "data":
        return {}
    return module.data.get((parts[1], parts[2]), {})


def _expires_noncurrent_versions(lake: Module) -> bool:
    return any(
        rule.get("status") == "Enabled"
        and _first(rule.get("noncurrent_version_expiration")).get("noncurrent_days")
        for config in lake.of_type("aws_s3_bucket_lifecycle_configuration")
        for rule in config.get("rule", [])
    )


def iam_problems(modules: dict[str, Module]) -> list[str]:
    """Allow statements with every action (`*`, `service:*`) or every resource (`*`) where the
    actions take a narrower one. Key policies are left out: there `*` is the key itself."""
    problems = [problem for module in modules.values() for problem in _unreadable_policies(module)]
    for module in modules.values():
        key_policies = _key_policy_documents(module)
        for (kind, name), document in module.data.items():
            if kind != "aws_iam_policy_document" or name in key_policies:
                continue
            for index, statement in enumerate(document.get("statement", [])):
                sid = statement.get("sid", index)
                label = f"{module.path}: aws_iam_policy_document.{name} statement {sid!r}"
                problems += _statement_problems(label, statement)
    return problems


# Every attribute that holds an IAM policy, so none escapes the check by being inline JSON.
POLICY_ATTRIBUTES = {
    "aws_iam_role_policy": "policy",
    "aws_iam_policy": "policy",
    "aws_iam_role": "assume_role_policy",
    "aws_s3_bucket_policy": "policy",
    "aws_kms_key": "policy",
    "aws_efs_file_system_policy": "policy",
}


def _unreadable_policies(module: Module) -> list[str]:
    return [
        f"{module.path}: {kind}.{name} {attribute} is not an aws_iam_policy_document "
        "(the IAM check reads only those)"
        for (kind, name), body in module.resources.items()
        if (attribute := POLICY_ATTRIBUTES.get(kind))
        and not str(body.get(attribute, "")).startswith("${data.aws_iam_policy_document.")
    ]


def _key_policy_documents(module: Module) -> set[str]:
    policies = [key.get("policy", "") for key in module.of_type("aws_kms_key")]
    return {
        _reference(p).split(".")[2]
        for p in policies
        if p.startswith("${data.aws_iam_policy_document.")
    }


def _statement_problems(label: str, statement: dict) -> list[str]:
    if statement.get("effect", "Allow") != "Allow":
        return []  # a Deny with `s3:*` (the TLS-only policy) narrows, it does not grant
    actions = statement.get("actions", [])
    problems = [
        f"{label} allows every action ({a!r})" for a in actions if a == "*" or a.endswith(":*")
    ]
    if "*" in statement.get("resources", []) and not set(actions) <= ACTIONS_WITHOUT_RESOURCES:
        narrowable = sorted(set(actions) - ACTIONS_WITHOUT_RESOURCES)
        problems.append(f"{label} grants {narrowable} on every resource ('*'): name the resources")
    return problems


def task_settings_problems(root: Module, task: Module, required: list[str]) -> list[str]:
    """The cycle task's environment and secrets give every setting in `required` (environment
    variable names), credentials only through Secrets Manager."""
    environment = dict(root.locals.get("task_environment", {}))
    secrets = list(root.locals.get("secret_settings", []))
    problems = _wiring_problems(root, task)
    provided = set(environment) | set(secrets)
    problems += [
        f"the cycle task does not receive {name}, which load_settings('postgres') requires: "
        f"add it to infra/main.tf's task_environment or secret_settings"
        for name in required
        if name not in provided
    ]
    problems += [
        f"{name} holds a credential and must come from Secrets Manager (secret_settings), "
        f"not the task's plain environment"
        for name in environment
        if "CREDENTIALS" in name and not name.endswith("REGION_NAME")
    ]
    return problems


def _wiring_problems(root: Module, task: Module) -> list[str]:
    """The lists above reach the container: root -> modules -> the container definition."""
    expected = [
        (
            root.modules.get("cycle_task", {}).get("environment"),
            "${local.task_environment}",
            "module cycle_task environment",
        ),
        (
            root.modules.get("cycle_task", {}).get("secret_arns"),
            "${module.secrets.arns}",
            "module cycle_task secret_arns",
        ),
        (
            root.modules.get("secrets", {}).get("settings"),
            "${local.secret_settings}",
            "module secrets settings",
        ),
        (
            _task_definition(task).get("container_definitions"),
            "${jsonencode([local.container])}",
            "container_definitions",
        ),
    ]
    problems = [
        f"{label} is {actual!r}, expected {want!r}"
        for actual, want, label in expected
        if actual != want
    ]
    container = task.locals.get("container", {})
    for key, variable in (("environment", "var.environment"), ("secrets", "var.secret_arns")):
        if variable not in str(container.get(key)):
            problems.append(f"the container's {key} is not built from {variable}")
    return problems


def _task_definition(task: Module) -> dict:
    definitions = task.of_type("aws_ecs_task_definition")
    return definitions[0] if definitions else {}


def schedule_problems(root: Module, task: Module, documented: str) -> list[str]:
    """The schedule is var.schedule_expression, whose default is the documented expression."""
    default = root.variables.get("schedule_expression", {}).get("default")
    problems = []
    if default != documented:
        problems.append(
            f"schedule_expression defaults to {default!r}; docs/deploy.md documents {documented!r}"
        )
    passed = root.modules.get("cycle_task", {}).get("schedule_expression")
    if passed != "${var.schedule_expression}":
        problems.append(
            f"module cycle_task is given schedule_expression {passed!r}, not the variable"
        )
    for schedule in task.of_type("aws_scheduler_schedule"):
        if schedule.get("schedule_expression") != "${var.schedule_expression}":
            problems.append(
                f"the schedule uses {schedule.get('schedule_expression')!r}, not the variable"
            )
    if not task.of_type("aws_scheduler_schedule"):
        problems.append(f"{task.path} has no aws_scheduler_schedule")
    return problems
