"""Run history: each cycle's record appended to the warehouse's `ops` schema by a dlt pipeline."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import dlt
from dlt.destinations.impl.postgres.configuration import PostgresCredentials
from sqlalchemy.engine import make_url

from orchestration.cycle.cycle_report import CycleReport
from orchestration.settings import Settings

log = logging.getLogger(__name__)
OPS_DATASET = "ops"
PIPELINE_NAME = "warehouse_ops"


def warehouse_destination(settings: Settings) -> Any:
    """The dlt destination for the settings' warehouse (DuckDB file or PostgreSQL)."""
    if settings.target == "local":
        return dlt.destinations.duckdb(credentials=str(settings.duckdb_path))
    # dlt's postgres client is psycopg2, which reads a plain postgresql:// URL; an empty
    # password (trust or peer auth) must be given explicitly or dlt asks for one.
    url = make_url(settings.transform_url).set(drivername="postgresql")
    credentials = PostgresCredentials()
    credentials.parse_native_representation(url.render_as_string(hide_password=False))
    credentials.password = url.password or ""
    return dlt.destinations.postgres(credentials=credentials)


def _run_row(report: CycleReport) -> dict[str, Any]:
    return {
        "run_id": report.run_id,
        "target": report.target,
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "status": report.status,
        "failed_step": report.failed_step,
        "error": report.error,
        "rows_extracted": sum(table.rows_extracted for table in report.tables),
        "rows_loaded": sum(table.rows_loaded for table in report.tables),
        "rows_quarantined": sum(table.rows_quarantined for table in report.tables),
        "tests_failed": report.test_outcomes()["fail"] + report.test_outcomes()["error"],
    }


def _rows(report: CycleReport, items: list[Any]) -> list[dict[str, Any]]:
    return [{"run_id": report.run_id, **dataclasses.asdict(item)} for item in items]


# Columns that are often null: declared so that they exist from the first record on.
_NULLABLE_COLUMNS = {
    "runs": {"finished_at": "timestamp", "failed_step": "text", "error": "text"},
    "dbt_nodes": {"message": "text"},
    "table_loads": {"load_id": "text"},
    "source_freshness": {"max_loaded_at": "text", "age_seconds": "double"},
}


def _columns(table: str) -> dict[str, dict[str, Any]]:
    columns = _NULLABLE_COLUMNS.get(table, {})
    return {name: {"data_type": kind, "nullable": True} for name, kind in columns.items()}


def ops_resources(report: CycleReport) -> list[Any]:
    """One flat, append-only table per kind of fact, all keyed by run_id."""
    tables = {
        "runs": [_run_row(report)],
        "run_steps": _rows(report, report.steps),
        "table_loads": _rows(report, report.tables),
        "dbt_nodes": _rows(report, report.nodes),
        "source_freshness": _rows(report, report.freshness),
    }
    return [
        dlt.resource(rows, name=name, write_disposition="append", columns=_columns(name))
        for name, rows in tables.items()
        if rows
    ]


def write_run_record(settings: Settings, report: CycleReport) -> None:
    """Appends the cycle's record to ops.runs, ops.run_steps, ops.table_loads, ops.dbt_nodes …"""
    pipeline = dlt.pipeline(
        pipeline_name=PIPELINE_NAME,
        pipelines_dir=str(settings.pipelines_dir),
        destination=warehouse_destination(settings),
        dataset_name=OPS_DATASET,
    )
    info = pipeline.run(ops_resources(report))
    log.info("run record written to %s", OPS_DATASET, extra={"load_id": info.loads_ids[-1]})
