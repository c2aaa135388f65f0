"""A cycle run outside Dagster (`warehouse run`, `make run`, cron) shown in Dagster's UI too.

When DAGSTER_HOME names a Dagster instance, what the cycle touched is reported to it as
materializations and check evaluations, the same events the Dagster job's step yields, so the
UI shows every cycle whichever path ran it.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from orchestration.cycle.cycle_report import CycleReport
from orchestration.settings import Settings

log = logging.getLogger(__name__)


def _as_event(result: Any) -> Any:
    import dagster as dg

    if isinstance(result, dg.AssetCheckResult):
        return dg.AssetCheckEvaluation(
            asset_key=result.asset_key,  # type: ignore[arg-type]
            check_name=result.check_name,  # type: ignore[arg-type]
            passed=result.passed,
            metadata=result.metadata,
            severity=result.severity,
        )
    return dg.AssetMaterialization(asset_key=result.asset_key, metadata=result.metadata)


def record_in_dagster(settings: Settings, report: CycleReport) -> int:
    """Reports the cycle to the instance at DAGSTER_HOME, if one is set; returns the events.

    The asset graph comes from the manifest the cycle's own dbt run wrote, not a new parse."""
    manifest = settings.dbt_target_dir / "manifest.json"
    if not os.environ.get("DAGSTER_HOME") or not manifest.exists():
        return 0
    import dagster as dg

    from orchestration.dagster_defs.assets import CycleGraph
    from orchestration.dagster_defs.events import cycle_results

    graph = CycleGraph.from_manifest(json.loads(manifest.read_text()))
    events = [_as_event(result) for result in cycle_results(graph, report)]
    with dg.DagsterInstance.get() as instance:
        for event in events:
            instance.report_runless_asset_event(event)
    log.info("cycle recorded in Dagster (%d events)", len(events))
    return len(events)
