"""The cycle job, its schedule (every 15 minutes by default) and the freshness checks."""

from __future__ import annotations

import os
import warnings
from datetime import timedelta

import dagster as dg

DEFAULT_CRON = "*/15 * * * *"
# A change in a source must reach the marts within 30 minutes (the project's guarantee).
FRESHNESS_LIMIT = timedelta(minutes=30)

cycle_job = dg.define_asset_job(
    name="warehouse_cycle",
    selection=dg.AssetSelection.all(),
    description="One cycle: ingest every source → dbt build (tests included) → publish processed/.",
    # One writer at a time: DuckDB allows one writing process, and the cycle holds a lock.
    executor_def=dg.in_process_executor,
)


def cycle_schedule() -> dg.ScheduleDefinition:
    """Runs the cycle on WAREHOUSE_SCHEDULE_CRON (default every 15 minutes)."""
    return dg.ScheduleDefinition(
        name="warehouse_cycle_schedule",
        job=cycle_job,
        cron_schedule=os.environ.get("WAREHOUSE_SCHEDULE_CRON", DEFAULT_CRON),
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )


def freshness_checks(
    raw_keys: list[dg.AssetKey], mart_keys: list[dg.AssetKey]
) -> list[dg.AssetChecksDefinition]:
    """Raw tables (source freshness) and marts must have been updated within the limit."""
    # Superseded by FreshnessPolicy in dagster 1.13, but only checks show up as asset checks
    # (pass/fail, alertable) in the UI; the warning says nothing actionable here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.SupersessionWarning)
        return _freshness_checks(raw_keys, mart_keys)


def _freshness_checks(
    raw_keys: list[dg.AssetKey], mart_keys: list[dg.AssetKey]
) -> list[dg.AssetChecksDefinition]:
    return [
        *dg.build_last_update_freshness_checks(assets=raw_keys, lower_bound_delta=FRESHNESS_LIMIT),
        *dg.build_last_update_freshness_checks(assets=mart_keys, lower_bound_delta=FRESHNESS_LIMIT),
    ]


def freshness_sensor(checks: list[dg.AssetChecksDefinition]) -> dg.SensorDefinition:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.SupersessionWarning)
        return dg.build_sensor_for_freshness_checks(
            freshness_checks=checks, default_status=dg.DefaultSensorStatus.RUNNING
        )
