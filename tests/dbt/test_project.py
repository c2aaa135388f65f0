"""The dbt project's guarantees beyond `dbt build`: schemas, docs, analyses.

sqlfluff is not run here: `make lint` (run by `make test`, so by CI) lints every dbt file.
"""

from __future__ import annotations

from orchestration.dbt_runner import run_dbt
from tests.dbt.conftest import Built
from tests.dbt.deployments import failures, query

SPEC_SCHEMAS = {"raw_totesys", "raw_stock", "staging", "snapshots", "intermediate", "marts"}


def test_schemas_are_exactly_the_spec_names(built_local: Built) -> None:
    schemas = {
        name
        for (name,) in query(
            built_local.settings,
            "select schema_name from information_schema.schemata where catalog_name = 'warehouse'",
        )
    }
    # main is DuckDB's default schema; <dataset>_staging are dlt's merge scratch schemas; ops is
    # the cycle's run history, which dbt does not build.
    dlt_staging = {f"{schema}_staging" for schema in ("raw_totesys", "raw_stock")}
    assert schemas - {"main", "ops", *dlt_staging} == SPEC_SCHEMAS


def test_every_node_is_documented(built_local: Built) -> None:
    result = run_dbt(built_local.settings, ["parse", "--quiet"])
    manifest = result.result
    undocumented = []
    for node in [*manifest.nodes.values(), *manifest.sources.values()]:
        if node.package_name != "warehouse" or node.resource_type == "test":
            continue
        if not node.description.strip():
            undocumented.append(node.unique_id)
        undocumented += [
            f"{node.unique_id}.{name}"
            for name, column in node.columns.items()
            if not column.description.strip()
        ]
    macros = [m for m in manifest.macros.values() if m.package_name == "warehouse"]
    undocumented += [m.unique_id for m in macros if not m.description.strip()]
    assert macros
    assert not undocumented


def test_docs_generate_builds_the_catalog(built_local: Built) -> None:
    result = run_dbt(built_local.settings, ["docs", "generate"])
    assert result.success, failures(result)
    catalog = result.result
    assert any(key.endswith(".fact_sales_order") for key in catalog.nodes)
    assert any(key.startswith("source.warehouse.raw_totesys") for key in catalog.sources)


def test_analyses_compile_and_answer(built_local: Built) -> None:
    result = run_dbt(built_local.settings, ["compile", "--select", "resource_type:analysis"])
    assert result.success, failures(result)
    compiled = {node.node.name: node.node.compiled_code for node in result.result.results}
    assert len(compiled) == 7
    empty = [name for name, sql in compiled.items() if not query(built_local.settings, sql)]
    assert not empty
