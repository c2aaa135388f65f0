"""The Terraform in infra/, parsed with python-hcl2, and the checks the deployment must pass.

Each check returns the problems it found as sentences naming the file's module and the setting,
so a test (and a broken copy of the configuration) shows exactly what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
from hcl2.utils import SerializationOptions

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"
_OPTIONS = SerializationOptions(
    with_comments=False, explicit_blocks=False, strip_string_quotes=True
)
# IAM actions AWS defines no resource for: "*" is the narrowest resource they take.
ACTIONS_WITHOUT_RESOURCES = {"ecr:GetAuthorizationToken"}
ENCRYPTION_ALGORITHMS = {"aws:kms", "aws:kms:dsse", "AES256"}
PUBLIC_ACCESS_BLOCKS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


@dataclass
class Module:
    """One Terraform module's blocks, merged over its .tf files."""

    path: str  # relative to infra/, for messages
    resources: dict[tuple[str, str], dict] = field(default_factory=dict)
    data: dict[tuple[str, str], dict] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, dict] = field(default_factory=dict)
    modules: dict[str, dict] = field(default_factory=dict)

    def of_type(self, kind: str) -> list[dict]:
        return [body for (each, _), body in self.resources.items() if each == kind]


def load_module(folder: Path, root: Path = INFRA) -> Module:
    module = Module(folder.relative_to(root).as_posix() or ".")
    for path in sorted(folder.glob("*.tf")):
        with path.open() as file:
            parsed = hcl2.load(file, serialization_options=_OPTIONS)
        _merge(module, parsed)
    return module


def _merge(module: Module, parsed: dict) -> None:
    for block in parsed.get("resource", []):
        module.resources |= {
            (kind, name): body for kind, named in block.items() for name, body in named.items()
        }
    for block in parsed.get("data", []):
        module.data |= {
            (kind, name): body for kind, named in block.items() for name, body in named.items()
        }
    for block in parsed.get("locals", []):
        module.locals |= block
    for block in parsed.get("variable", []):
        module.variables |= block
    for block in parsed.get("module", []):
        module.modules |= block


def load_all(root: Path = INFRA) -> dict[str, Module]:
    """The root module (".") and every module under modules/, by path."""
    folders = [root, *sorted(p for p in (root / "modules").iterdir() if p.is_dir())]
    return {module.path: module for module in (load_module(f, root) for f in folders)}


def _first(blocks: Any) -> dict:
    """A nested block as python-hcl2 gives it (a list of one dict), or {} when absent."""
    return blocks[0] if isinstance(blocks, list) and blocks else {}


def _reference(expression: str) -> str:
    """`${local.x}` -> `local.x`."""
    return expression.removeprefix("${").removesuffix("}")
