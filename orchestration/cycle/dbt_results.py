"""Turns dbt's in-process results (build, source freshness) into the cycle report's records."""

from __future__ import annotations

from typing import Any

from orchestration.cycle.cycle_report import TEST_TYPES, NodeResult, SourceFreshness

# Resource types whose layer is their final schema (staging, snapshots, intermediate, marts).
_SCHEMA_LAYERED = ("model", "snapshot", "seed")


def _layer(node: Any) -> str:
    if node.resource_type in _SCHEMA_LAYERED:
        return str(node.schema)
    # A test's fqn is [project, folder of its YAML, ...]: the folder is the layer it guards.
    fqn = list(getattr(node, "fqn", []) or [])
    return fqn[1] if len(fqn) > 2 else str(node.resource_type)


def _status(result: Any) -> str:
    return str(getattr(result.status, "value", result.status))


def node_results(dbt_result: Any) -> list[NodeResult]:
    """One NodeResult per node dbt ran (or skipped) in a build."""
    results = getattr(getattr(dbt_result, "result", None), "results", None) or []
    return [
        NodeResult(
            unique_id=result.node.unique_id,
            resource_type=str(result.node.resource_type),
            layer=_layer(result.node),
            status=_status(result),
            execution_seconds=round(float(result.execution_time or 0.0), 3),
            message=None if _status(result) in ("success", "pass") else result.message,
        )
        for result in results
    ]


def failure_summary(nodes: list[NodeResult], limit: int = 5) -> str:
    """A one-paragraph explanation of a failed build: the failing nodes and dbt's messages."""
    failed = [node for node in nodes if node.status in ("error", "fail")]
    kinds = ["test" if node.resource_type in TEST_TYPES else node.resource_type for node in failed]
    lines = [
        f"{kind} {node.unique_id} {node.status}: {node.message or ''}".strip()
        for kind, node in zip(kinds, failed, strict=True)
    ][:limit]
    more = len(failed) - len(lines)
    return "; ".join(lines) + (f"; and {more} more" if more > 0 else "")


def freshness_results(dbt_result: Any) -> list[SourceFreshness]:
    """One record per source table from `dbt source freshness`."""
    results = getattr(getattr(dbt_result, "result", None), "results", None) or []
    records = []
    for result in results:
        node = result.node
        max_loaded_at = getattr(result, "max_loaded_at", None)
        records.append(
            SourceFreshness(
                source=node.source_name,
                table=node.name,
                status=_status(result),
                max_loaded_at=max_loaded_at.isoformat() if max_loaded_at else None,
                age_seconds=getattr(result, "age", None),
            )
        )
    return records
