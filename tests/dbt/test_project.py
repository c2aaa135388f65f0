"""The dbt project's guarantees beyond `dbt build`: schemas, layers, the docs site, analyses.

sqlfluff is not run here: `make lint` (run by `make test`, so by CI) lints every dbt file.
"""

from __future__ import annotations

from typing import Any

from common.sources import RAW_SCHEMAS
from orchestration.cycle.dbt_runner import run_dbt
from tests.dbt.conftest import Built
from tests.dbt.deployments import failures, query

SPEC_SCHEMAS = {"staging", "snapshots", "intermediate", "marts", *RAW_SCHEMAS.values()}
# What each layer may read (the dbt structure guide's direction of flow): marts read
# intermediate models only; seeds are lookups that intermediate models join.
READS = {
    "staging": {"source"},
    "snapshots": {"staging"},
    "intermediate": {"staging", "snapshots", "intermediate", "seed"},
    "marts": {"intermediate"},
    # The latest version of each fact row, read from the fact; the intermediate model it is
    # built from says which rows an incremental build must choose again.
    "reporting": {"marts", "intermediate"},
}


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
    dlt_staging = {f"{schema}_staging" for schema in RAW_SCHEMAS.values()}
    assert schemas - {"main", "ops", *dlt_staging} == SPEC_SCHEMAS


def _layer(uid: str, manifest: Any) -> str:
    """A model's layer is its folder under models/ (fqn[1]); a snapshot's, source's or seed's is
    its kind. (Not its schema: a model in another folder may land in the marts schema too.)"""
    kind = uid.split(".")[0]
    if kind == "model":
        return str(manifest.nodes[uid].fqn[1])
    return {"snapshot": "snapshots"}.get(kind, kind)


def test_each_layer_reads_only_the_layers_before_it(manifest: Any) -> None:
    built = [
        uid
        for uid, node in manifest.nodes.items()
        if node.package_name == "warehouse" and node.resource_type in ("model", "snapshot")
    ]
    wrong = {}
    for uid in built:
        parents = {_layer(parent, manifest) for parent in manifest.nodes[uid].depends_on.nodes}
        # A folder missing from READS fails here too: a new layer says what it may read.
        if unexpected := parents - READS.get(_layer(uid, manifest), set()):
            wrong[uid] = sorted(unexpected)
    assert {_layer(uid, manifest) for uid in built} >= set(READS)
    assert wrong == {}


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
    assert len(compiled) == 8
    empty = [name for name, sql in compiled.items() if not query(built_local.settings, sql)]
    assert not empty
