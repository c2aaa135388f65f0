"""The Dagster entry point: `dagster dev -m orchestration.definitions` shows the whole warehouse.

Lineage: source table → raw table (ingestion) → staging → snapshots → intermediate → marts (dbt)
→ processed parquet. Settings are resolved when a run starts, not when the definitions load.
"""

from __future__ import annotations

from typing import Any

import dagster as dg

from orchestration.assets_dbt import build_dbt_assets
from orchestration.assets_ingest import ingestion_assets, source_table_specs
from orchestration.assets_processed import processed_assets
from orchestration.dagster_ops import record_failed_run, record_successful_run
from orchestration.dbt_manifest import dbt_resource, load_manifest, manifest_path, raw_tables
from orchestration.processed import MARTS_SCHEMA
from orchestration.schedules import cycle_job, cycle_schedule, freshness_checks, freshness_sensor
from orchestration.sensors import alert_on_run_failure
from orchestration.warehouse_resource import WarehouseResource


def mart_tables(manifest: dict[str, Any]) -> list[str]:
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == MARTS_SCHEMA
    )


def build_definitions() -> dg.Definitions:
    manifest = load_manifest()
    raw = raw_tables(manifest)
    marts = mart_tables(manifest)
    checks = freshness_checks(
        [dg.AssetKey([schema, table]) for schema, tables in raw.items() for table in tables],
        [dg.AssetKey([MARTS_SCHEMA, name]) for name in marts],
    )
    return dg.Definitions(
        assets=[
            *source_table_specs(raw),
            *ingestion_assets(raw),
            build_dbt_assets(manifest_path()),
            processed_assets(marts),
        ],
        asset_checks=checks,
        jobs=[cycle_job],
        schedules=[cycle_schedule()],
        sensors=[
            alert_on_run_failure,
            record_successful_run,
            record_failed_run,
            freshness_sensor(checks),
        ],
        resources={"dbt": dbt_resource(), "warehouse": WarehouseResource()},
    )


defs = build_definitions()
