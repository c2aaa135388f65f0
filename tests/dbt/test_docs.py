"""dbt docs: every node, column, test and exposure described, shared descriptions written once
in doc blocks, and exposures that name the dashboard pages and analyses as they are."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from orchestration.settings import PROJECT_ROOT

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
# Where dbt reads properties and doc blocks (not target/, which holds what dbt wrote).
RESOURCE_FOLDERS = ("models", "snapshots", "seeds", "analyses", "macros", "tests")
DOC_REFERENCE = re.compile(r"""\{\{\s*doc\(\s*["'](\w+)["']\s*\)\s*\}\}""")
DOC_BLOCK = re.compile(r"\{%\s*docs\s+(\w+)\s*%\}")
PAGE = re.compile(r"dashboard/views/\w+\.py")


def _own(resources: dict[str, Any]) -> list[Any]:
    return [r for r in resources.values() if r.package_name == "warehouse"]


def _tested(test: Any, manifest: Any) -> Any:
    """What a generic test tests (dbt leaves attached_node empty for a source's tests)."""
    uid = test.attached_node or next(u for u in test.depends_on.nodes if u.startswith("source."))
    return manifest.nodes.get(uid) or manifest.sources[uid]


def _test_is_described(test: Any, manifest: Any) -> bool:
    """A singular test needs its own description; a generic one is read through what it tests."""
    if test.description.strip():
        return True
    if test.test_metadata is None:
        return False
    tested = _tested(test, manifest)
    if test.column_name is None:
        return bool(tested.description.strip())
    column = tested.columns.get(test.column_name)
    return bool(column and column.description.strip())


def test_every_node_is_documented(manifest: Any) -> None:
    undocumented = []
    resources = [*_own(manifest.nodes), *_own(manifest.sources), *_own(manifest.exposures)]
    for node in resources:
        if node.resource_type == "test":
            undocumented += [] if _test_is_described(node, manifest) else [node.unique_id]
            continue
        if not node.description.strip():
            undocumented.append(node.unique_id)
        undocumented += [
            f"{node.unique_id}.{name}"
            for name, column in getattr(node, "columns", {}).items()
            if not column.description.strip()
        ]
    unit_tests = _own(manifest.unit_tests)
    undocumented += [test.unique_id for test in unit_tests if not test.description.strip()]
    macros = _own(manifest.macros)
    undocumented += [m.unique_id for m in macros if not m.description.strip()]
    assert macros and unit_tests and manifest.exposures
    assert not undocumented


def _descriptions(tree: Any) -> list[str]:
    """Every `description:` value in a parsed YAML tree."""
    if isinstance(tree, dict):
        found = [tree["description"]] if isinstance(tree.get("description"), str) else []
        return found + [
            d for key, v in tree.items() if key != "description" for d in _descriptions(v)
        ]
    if isinstance(tree, list):
        return [d for item in tree for d in _descriptions(item)]
    return []


def _written_out(folder: Path) -> Counter[str]:
    """Descriptions written in full (not a doc() reference) in the YAML under folder."""
    found = Counter()
    for path in sorted(folder.rglob("*.yml")):
        texts = _descriptions(yaml.safe_load(path.read_text()))
        found.update(" ".join(t.split()) for t in texts if not DOC_REFERENCE.fullmatch(t.strip()))
    return found


@pytest.mark.parametrize(
    "folder", ["models/marts", "models/intermediate", "models/staging", "snapshots", "models"]
)
def test_no_description_is_written_out_more_than_twice(folder: str) -> None:
    written = _written_out(DBT_PROJECT / folder)
    assert written
    assert {text: n for text, n in written.items() if n > 2} == {}


def _files(pattern: str) -> list[Path]:
    return [path for folder in RESOURCE_FOLDERS for path in (DBT_PROJECT / folder).rglob(pattern)]


def test_every_doc_block_is_referenced() -> None:
    blocks = [b for path in _files("*.md") for b in DOC_BLOCK.findall(path.read_text())]
    yaml_text = "".join(path.read_text() for path in _files("*.yml"))
    assert blocks
    assert not set(blocks) - set(DOC_REFERENCE.findall(yaml_text))


def _marts_named(value: Any) -> set[str]:
    """The marts a statement (or the source of a function building one) selects from."""
    text = inspect.getsource(value) if inspect.isfunction(value) else str(value)
    return set(re.findall(r"\bmarts\.(\w+)", text))


def _imported(tree: ast.Module) -> dict[str, Any]:
    """What the module's `from dashboard... import name [as alias]` lines bind, by alias."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                # A submodule (`from dashboard import queries`) is an attribute once imported.
                value = getattr(module, alias.name, None)
                if value is None:
                    value = importlib.import_module(f"{node.module}.{alias.name}")
                bound[alias.asname or alias.name] = value
    return bound


def _marts_read_by(path: Path) -> set[str]:
    """The marts that the dashboard statements a file uses (`queries.NAME`) select from."""
    tree = ast.parse(path.read_text())
    bound = _imported(tree)
    used = [
        getattr(bound[node.value.id], node.attr, None)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and inspect.ismodule(bound.get(node.value.id))
    ]
    # Statements imported by name (`from dashboard.queries import TOTALS`); not functions.
    direct = [value for value in bound.values() if isinstance(value, str | sa.TextClause)]
    return set().union(*(_marts_named(value) for value in [*used, *direct] if value is not None))


def _names(nodes: list[str]) -> set[str]:
    return {uid.split(".")[-1] for uid in nodes}


def test_each_dashboard_page_has_an_exposure_listing_the_marts_it_reads(manifest: Any) -> None:
    app = (PROJECT_ROOT / "dashboard" / "app.py").read_text()
    pages = {f"dashboard/{page}" for page in re.findall(r'st\.Page\(\s*"([^"]+)"', app)}
    # Every page calls the shared helpers of dashboard/page.py (a data check, the filters).
    shared = _marts_read_by(PROJECT_ROOT / "dashboard" / "page.py")
    exposed = set()
    for exposure in _own(manifest.exposures):
        if exposure.type != "dashboard":
            continue
        page = PAGE.search(exposure.description).group()
        read = _marts_read_by(PROJECT_ROOT / page)
        assert read <= _names(exposure.depends_on.nodes), page
        assert _names(exposure.depends_on.nodes) <= read | shared, page
        exposed.add(page)
    assert pages and exposed == pages


def test_the_analyses_exposure_lists_what_the_analyses_read(manifest: Any) -> None:
    analyses = [node for node in _own(manifest.nodes) if node.resource_type == "analysis"]
    read = {uid for node in analyses for uid in node.depends_on.nodes}
    exposure = next(e for e in _own(manifest.exposures) if e.type == "analysis")
    assert analyses and set(exposure.depends_on.nodes) == read


def _ancestors(uid: str, manifest: Any) -> set[str]:
    node = manifest.nodes.get(uid) or manifest.exposures.get(uid)
    parents = set(getattr(node.depends_on, "nodes", [])) if node is not None else set()
    return parents.union(*(_ancestors(parent, manifest) for parent in parents))


def test_lineage_runs_from_the_sources_to_every_exposure(manifest: Any) -> None:
    exposures = _own(manifest.exposures)
    assert exposures
    for exposure in exposures:
        assert any(a.startswith("source.") for a in _ancestors(exposure.unique_id, manifest))
