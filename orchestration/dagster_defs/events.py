"""What one cycle did, as Dagster events: a materialization for each raw table, dbt node and
processed table it changed, a check result for each dbt test and freshness check it evaluated.

Only what the cycle ran is reported, so an asset it did not touch is not shown as materialized.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dagster as dg

from common.sources import RAW_SCHEMAS
from orchestration.cycle.cycle_report import BUILT_TYPES, TEST_TYPES, CycleReport
from orchestration.cycle.publish import MARTS_SCHEMA, PROCESSED_AREA
from orchestration.dagster_defs.assets import MART_FRESHNESS, SOURCE_FRESHNESS, CycleGraph

_PASSING = ("pass", "warn", "success")


def cycle_results(graph: CycleGraph, report: CycleReport) -> Iterator[Any]:
    """MaterializeResults and AssetCheckResults for what the cycle ran, nothing else."""
    yield from _raw_results(report)
    yield from _dbt_results(graph, report)
    yield from _processed_results(report)
    yield from _freshness_results(graph, report)


def _raw_results(report: CycleReport) -> Iterator[dg.MaterializeResult]:
    for load in report.tables:
        if load.rows_loaded or load.rows_deleted:
            yield dg.MaterializeResult(
                asset_key=[RAW_SCHEMAS[load.source], load.table],
                metadata={
                    "rows_extracted": load.rows_extracted,
                    "rows_loaded": load.rows_loaded,
                    "rows_deleted": load.rows_deleted,
                    "lake_load_id": load.load_id or "",
                },
            )


def _dbt_results(graph: CycleGraph, report: CycleReport) -> Iterator[Any]:
    for node in report.nodes:
        metadata = {"unique_id": node.unique_id, "seconds": node.execution_seconds}
        if node.resource_type in BUILT_TYPES and node.status == "success":
            yield dg.MaterializeResult(asset_key=graph.node_keys[node.unique_id], metadata=metadata)
        elif node.resource_type in TEST_TYPES and node.unique_id in graph.test_keys:
            yield _check_result(graph.test_keys[node.unique_id], node.status, node.message)


def _check_result(key: dg.AssetCheckKey, status: str, message: str | None) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=key.asset_key,
        check_name=key.name,
        passed=status in _PASSING,
        severity=dg.AssetCheckSeverity.WARN if status == "warn" else dg.AssetCheckSeverity.ERROR,
        metadata={"status": status, "message": message or ""},
    )


def _processed_results(report: CycleReport) -> Iterator[dg.MaterializeResult]:
    for mart, published in report.published.items():
        if published.changed:
            yield dg.MaterializeResult(
                asset_key=[PROCESSED_AREA, mart],
                metadata={
                    "dagster/row_count": published.rows,
                    "rows_written": published.rows_written,
                    "files_written": published.files_written,
                    "files_removed": published.files_removed,
                },
            )


def _freshness_results(graph: CycleGraph, report: CycleReport) -> Iterator[dg.AssetCheckResult]:
    for item in report.freshness:
        yield _check_result(
            dg.AssetCheckKey(dg.AssetKey([item.source, item.table]), SOURCE_FRESHNESS),
            item.status,
            f"newest row loaded at {item.max_loaded_at}",
        )
    # A successful cycle leaves every mart holding each source change up to its start; a failed
    # one leaves them behind the sources.
    status = "pass" if report.succeeded else "fail"
    for mart in graph.marts:
        key = dg.AssetCheckKey(dg.AssetKey([MARTS_SCHEMA, mart]), MART_FRESHNESS)
        yield _check_result(key, status, f"sources as of {report.started_at.isoformat()}")
