"""The Dagster entry point: `dagster dev -m orchestration.definitions` shows the whole warehouse.

Lineage: source table → raw table (ingestion) → staging → snapshots → intermediate → marts (dbt)
→ processed parquet. One job runs the cycle (orchestration.dagster_defs.jobs); settings are
resolved when a run starts, not when the definitions load.
"""

from __future__ import annotations

import dagster as dg

from orchestration.dagster_defs.assets import CycleGraph
from orchestration.dagster_defs.dbt_manifest import load_manifest
from orchestration.dagster_defs.jobs import cycle_asset, cycle_job, cycle_schedule
from orchestration.dagster_defs.resources import WarehouseResource


def build_definitions() -> dg.Definitions:
    graph = CycleGraph.from_manifest(load_manifest())
    return dg.Definitions(
        assets=[*graph.source_specs, cycle_asset(graph)],
        jobs=[cycle_job],
        schedules=[cycle_schedule()],
        resources={"warehouse": WarehouseResource()},
    )


defs = build_definitions()
