"""docs/warehouse.md describes every contracted mart column, with the type dbt enforces, so the
contract a reader finds in the docs and the one dbt enforces cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.docs.markdown import REPO, sections

DBT_PROJECT = REPO / "dbt_project"
MARTS = DBT_PROJECT / "models" / "marts"
CONTRACT_DOC = REPO / "docs" / "warehouse.md"


def folder_contract(folders: tuple[str, ...]) -> bool:
    """Whether dbt_project.yml enforces contracts for models in models/<folders...>: the
    deepest `+contract` setting on the folder's path wins, as in dbt."""
    project = yaml.safe_load((DBT_PROJECT / "dbt_project.yml").read_text())
    config = project.get("models", {}).get(project["name"], {})
    enforced = bool(config.get("+contract", {}).get("enforced", False))
    for folder in folders:
        config = config.get(folder) or {}
        enforced = bool(config.get("+contract", {}).get("enforced", enforced))
    return enforced


def contracted_models() -> dict[str, list[dict]]:
    """Every mart model with an enforced contract: its name and its declared columns."""
    models = {}
    for path in sorted(MARTS.glob("**/*.yml")):
        folders = Path(path.relative_to(DBT_PROJECT / "models")).parent.parts
        default = folder_contract(folders)
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            contract = (model.get("config") or {}).get("contract", {})
            if contract.get("enforced", default):
                models[model["name"]] = model.get("columns", [])
    return models


def undocumented(section: str, column: dict) -> bool:
    """True unless a table row of the section names the column (in backticks) and its type."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    name, data_type = f"`{column['name']}`", str(column.get("data_type", "")).lower()
    return not any(name in row and data_type in row.lower() for row in rows)


def test_every_mart_has_an_enforced_contract_with_typed_columns() -> None:
    models = contracted_models()
    assert {path.stem for path in MARTS.glob("**/*.sql")} == set(models)
    untyped = [m for m, columns in models.items() if not all("data_type" in c for c in columns)]
    assert all(models.values()) and not untyped, untyped


def test_every_contracted_column_is_in_docs_warehouse_md_with_its_type() -> None:
    documented = sections(CONTRACT_DOC.read_text())
    missing = [
        f"{model}.{column['name']} ({column.get('data_type')})"
        for model, columns in contracted_models().items()
        for column in columns
        if model not in documented or undocumented(documented[model], column)
    ]
    assert not missing, "not in docs/warehouse.md: " + ", ".join(missing)


def test_docs_warehouse_md_describes_no_table_the_contract_lacks() -> None:
    tables = {
        name for name in sections(CONTRACT_DOC.read_text()) if name.startswith(("fact_", "dim_"))
    }
    assert tables, "docs/warehouse.md has no table sections"
    assert tables <= set(contracted_models()), tables - set(contracted_models())
