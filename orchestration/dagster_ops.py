"""Run history for Dagster runs: each finished run's record, rebuilt from its events, in ops."""

import os
from datetime import UTC, datetime
from typing import Any

import dagster as dg
from dagster import RunStatusSensorContext
from dagster._core.events import DagsterEventType

from ingestion.targets import RAW_SCHEMAS
from orchestration.ops import write_run_record
from orchestration.report import CycleReport, NodeResult, StepTiming, TableLoad
from orchestration.sensors import failure_alert
from orchestration.settings import load_settings

SOURCE_OF_RAW_SCHEMA = {raw: source for source, raw in RAW_SCHEMAS.items()}
_DBT_LAYERS = ("staging", "snapshots", "intermediate", "marts")


def _value(metadata: dict[str, Any], key: str, default: Any = None) -> Any:
    item = metadata.get(key)
    return default if item is None else getattr(item, "value", item)


def _events(instance: dg.DagsterInstance, run_id: str, kind: DagsterEventType) -> list[Any]:
    records = instance.get_records_for_run(run_id, of_type=kind, limit=100_000).records
    return [record.event_log_entry.dagster_event for record in records]


def _materialized(report: CycleReport, instance: dg.DagsterInstance) -> None:
    for event in _events(instance, report.run_id, DagsterEventType.ASSET_MATERIALIZATION):
        layer, name = event.asset_key.path[0], event.asset_key.path[-1]
        metadata = dict(event.event_specific_data.materialization.metadata)
        if layer in SOURCE_OF_RAW_SCHEMA:
            report.tables.append(
                TableLoad(
                    SOURCE_OF_RAW_SCHEMA[layer],
                    name,
                    int(_value(metadata, "rows_extracted", 0)),
                    int(_value(metadata, "rows_loaded", 0)),
                    int(_value(metadata, "rows_deleted", 0)),
                )
            )
        elif layer in _DBT_LAYERS:
            seconds = float(_value(metadata, "Execution Duration", 0.0) or 0.0)
            unique_id = str(_value(metadata, "unique_id", f"{layer}.{name}"))
            kind = "snapshot" if layer == "snapshots" else "model"
            report.nodes.append(NodeResult(unique_id, kind, layer, "success", seconds))


def _checked(report: CycleReport, instance: dg.DagsterInstance) -> None:
    """dbt tests (and freshness checks) as the run evaluated them."""
    for event in _events(instance, report.run_id, DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = event.event_specific_data
        layer = evaluation.asset_key.path[0]
        status = "pass" if evaluation.passed else "fail"
        unique_id = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        report.nodes.append(NodeResult(unique_id, "test", layer, status, 0.0))


def _timed(report: CycleReport, instance: dg.DagsterInstance) -> None:
    for stats in instance.get_run_step_stats(report.run_id):
        seconds = (stats.end_time or stats.start_time or 0.0) - (stats.start_time or 0.0)
        status = stats.status.value.lower() if stats.status else "unknown"
        report.steps.append(StepTiming(stats.step_key, round(seconds, 3), status))


def report_from_run(instance: dg.DagsterInstance, run_id: str) -> CycleReport:
    """A CycleReport for a finished Dagster run: loads, dbt nodes and checks, step timings."""
    record = instance.get_run_record_by_id(run_id)
    assert record is not None, f"no run {run_id}"
    report = CycleReport(run_id=run_id, target=os.environ.get("WAREHOUSE_TARGET", "local"))
    report.started_at = datetime.fromtimestamp(
        record.start_time or record.create_timestamp.timestamp(), UTC
    )
    report.finished_at = datetime.fromtimestamp(record.end_time, UTC) if record.end_time else None
    report.status = "success" if record.dagster_run.is_success else "failed"
    _timed(report, instance)
    _materialized(report, instance)
    _checked(report, instance)
    return report


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="record_successful_run",
    description="Appends each successful run's record to the warehouse's ops schema.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def record_successful_run(context: RunStatusSensorContext) -> None:
    report = report_from_run(context.instance, context.dagster_run.run_id)
    write_run_record(load_settings(), report)


@dg.run_failure_sensor(
    name="record_failed_run",
    description="Appends each failed run's record (failed step and error) to the ops schema.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def record_failed_run(context: dg.RunFailureSensorContext) -> None:
    report = report_from_run(context.instance, context.dagster_run.run_id)
    alert = failure_alert(context)
    report.fail(alert.step, alert.error)
    write_run_record(load_settings(), report)
