"""The dbt project as dagster-dbt sees it, and its manifest (parsed on first use, not committed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.settings import PROJECT_ROOT

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
# Dagster's artefacts live apart from the CLI's target/, so neither run clobbers the other.
DBT_PROJECT = DbtProject(
    project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=Path("target/dagster")
)


_PROJECT_FOLDERS = ("models", "snapshots", "seeds", "macros", "tests", "analyses")
# The dbt of this virtualenv, found even when the venv's bin/ is not on PATH.
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=str(DBT_EXECUTABLE))


def _is_stale(manifest: Path) -> bool:
    """True when the manifest is missing or older than any file of the project."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [DBT_PROJECT_DIR / name for name in _PROJECT_FOLDERS]
    files = [DBT_PROJECT_DIR / "dbt_project.yml"]
    files += [path for folder in sources if folder.exists() for path in folder.rglob("*")]
    return any(path.stat().st_mtime > built for path in files if path.is_file())


def manifest_path() -> Path:
    """manifest.json for the asset graph; `dbt parse` rewrites it when the project changed."""
    if _is_stale(DBT_PROJECT.manifest_path):
        # parse reads profiles.yml but opens no connection: the defaults are enough here.
        dbt_resource().cli(["parse", "--quiet"], target_path=DBT_PROJECT.target_path).wait()
    return DBT_PROJECT.manifest_path


def load_manifest() -> dict[str, Any]:
    return json.loads(manifest_path().read_text())
