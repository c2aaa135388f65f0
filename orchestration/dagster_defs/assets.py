"""The warehouse as Dagster assets, and what one cycle did to them.

Keys are `[schema, name]`: source table `[totesys, sales_order]` → raw table
`[raw_totesys, sales_order]` → dbt models and snapshots `[staging|snapshots|intermediate|marts,
name]` → `[processed, name]`. dbt tests are asset checks on the node they test; each raw table
also has a `source_freshness` check (dbt source freshness) and each mart a `freshness` check.

The asset graph is built from the dbt manifest; `events.cycle_results` turns a cycle's report
into the materializations and check results of exactly what it ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, build_dbt_asset_specs

from common.sources import SOURCE_OF_RAW_SCHEMA
from orchestration.cycle.cycle_report import BUILT_TYPES
from orchestration.cycle.publish import MARTS_SCHEMA, PROCESSED_AREA, unpublished_marts
from orchestration.dagster_defs.dbt_manifest import DBT_PROJECT

SOURCE_FRESHNESS = "source_freshness"
MART_FRESHNESS = "freshness"


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """A dbt source maps onto the raw table ingestion loads; a model onto its layer's schema."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return str(dbt_resource_props["schema"])


TRANSLATOR = WarehouseDbtTranslator()


def raw_tables(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Raw schema → the tables dbt declares as sources in it (what ingestion must load)."""
    tables: dict[str, list[str]] = {}
    for source in manifest["sources"].values():
        tables.setdefault(source["schema"], []).append(source["name"])
    return {schema: sorted(names) for schema, names in sorted(tables.items())}


def mart_tables(manifest: dict[str, Any]) -> list[str]:
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == MARTS_SCHEMA
    )


def _key_of(manifest: dict[str, Any], unique_id: str) -> dg.AssetKey:
    props = manifest["nodes"].get(unique_id) or manifest["sources"][unique_id]
    return TRANSLATOR.get_asset_key(props)


def _tested_node(test: dict[str, Any]) -> str:
    """The node a dbt test checks: its attached model or, for a source test, the source."""
    return test.get("attached_node") or test["depends_on"]["nodes"][0]


def dbt_test_keys(manifest: dict[str, Any]) -> dict[str, dg.AssetCheckKey]:
    """dbt test unique_id → the asset check that reports it (data tests and unit tests)."""
    tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test"]
    tests += list(manifest.get("unit_tests", {}).values())
    return {
        test["unique_id"]: dg.AssetCheckKey(_key_of(manifest, _tested_node(test)), test["name"])
        for test in tests
    }


def _source_spec(source: str, table: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=[source, table],
        group_name=f"source_{source}",
        description=f"Table {table} of the operational database {source} (read, not written).",
        kinds={"sql"},
    )


def _raw_spec(schema: str, table: str) -> dg.AssetSpec:
    source = SOURCE_OF_RAW_SCHEMA[schema]
    return dg.AssetSpec(
        key=[schema, table],
        deps=[dg.AssetKey([source, table])],
        group_name="raw",
        description=f"{source}.{table} extracted by dlt into the lake, then loaded into {schema}.",
        kinds={"dlt", "parquet"},
    )


def _processed_spec(mart: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=[PROCESSED_AREA, mart],
        deps=[dg.AssetKey([MARTS_SCHEMA, mart])],
        group_name=PROCESSED_AREA,
        description=f"marts.{mart} as parquet in the lake's processed/{mart}/ folder.",
        kinds={"parquet"},
    )


def _processed_specs(manifest: dict[str, Any], marts: list[str]) -> list[dg.AssetSpec]:
    left_out = unpublished_marts(manifest)
    return [_processed_spec(mart) for mart in marts if mart not in left_out]


@dataclass(frozen=True)
class CycleGraph:
    """Every asset and check of the warehouse, and the maps from dbt's ids to them."""

    source_specs: list[dg.AssetSpec]
    specs: list[dg.AssetSpec]
    check_specs: list[dg.AssetCheckSpec]
    node_keys: dict[str, dg.AssetKey]
    test_keys: dict[str, dg.AssetCheckKey]
    marts: list[str]

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> CycleGraph:
        raw = raw_tables(manifest)
        dbt_specs = build_dbt_asset_specs(
            manifest=manifest, dagster_dbt_translator=TRANSLATOR, project=DBT_PROJECT
        )
        raw_specs = [_raw_spec(schema, table) for schema, tables in raw.items() for table in tables]
        marts = mart_tables(manifest)
        test_keys = dbt_test_keys(manifest)
        return cls(
            source_specs=[
                _source_spec(SOURCE_OF_RAW_SCHEMA[schema], table)
                for schema, tables in raw.items()
                for table in tables
            ],
            specs=[*raw_specs, *dbt_specs, *_processed_specs(manifest, marts)],
            check_specs=_check_specs(test_keys, _with_freshness(manifest, raw_specs), marts),
            node_keys={
                uid: _key_of(manifest, uid)
                for uid, node in manifest["nodes"].items()
                if node["resource_type"] in BUILT_TYPES
            },
            test_keys=test_keys,
            marts=marts,
        )


def _with_freshness(manifest: dict[str, Any], raw_specs: list[dg.AssetSpec]) -> list[dg.AssetSpec]:
    """The raw tables whose dbt source declares a freshness (the feeds declare none)."""
    fresh = {
        (source["schema"], source["name"])
        for source in manifest["sources"].values()
        if any((source.get("freshness") or {}).get(f"{level}_after", {}).get("count")
               for level in ("warn", "error"))
    }  # fmt: skip
    return [spec for spec in raw_specs if tuple(spec.key.path) in fresh]


def _check_specs(
    test_keys: dict[str, dg.AssetCheckKey], raw_specs: list[dg.AssetSpec], marts: list[str]
) -> list[dg.AssetCheckSpec]:
    dbt_checks = [dg.AssetCheckSpec(key.name, asset=key.asset_key) for key in test_keys.values()]
    freshness = [
        dg.AssetCheckSpec(SOURCE_FRESHNESS, asset=spec.key, description="dbt source freshness")
        for spec in raw_specs
    ]
    freshness += [
        dg.AssetCheckSpec(
            MART_FRESHNESS,
            asset=dg.AssetKey([MARTS_SCHEMA, mart]),
            description="The mart holds every source change up to the cycle's start.",
        )
        for mart in marts
    ]
    return [*dbt_checks, *freshness]
