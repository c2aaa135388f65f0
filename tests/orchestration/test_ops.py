"""The run record lands in the warehouse's ops schema, one row per fact, keyed by run id."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from orchestration.cycle.cycle_report import CycleReport, NodeResult, StepTiming, TableLoad
from orchestration.notify.run_history import write_run_record
from orchestration.settings import Settings, load_settings


def _report(run_id: str) -> CycleReport:
    report = CycleReport(run_id=run_id, target="local")
    report.tables += [
        TableLoad("totesys", "sales_order", 120, 120, 0, "1700000000.1"),
        TableLoad("stock_db", "stock", 48, 48, 2, "1700000000.2"),
    ]
    report.nodes += [
        NodeResult("model.wh.stg_totesys__sales_orders", "model", "staging", "success", 0.2),
        NodeResult("test.wh.unique_x", "test", "marts", "fail", 0.1, "Got 3 results"),
    ]
    report.steps.append(StepTiming("ingest totesys", 1.5, "success"))
    report.status, report.finished_at = "failed", datetime.now(UTC)
    return report


def _runs(connection) -> list[tuple]:
    return connection.execute(
        "select run_id, status, rows_extracted, rows_loaded, tests_failed from ops.runs "
        "order by run_id"
    ).fetchall()


def test_records_of_two_cycles_are_appended(data_dir: Path) -> None:
    settings = load_settings()
    write_run_record(settings, _report("run-1"))
    write_run_record(settings, _report("run-2"))

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as connection:
        assert _runs(connection) == [
            ("run-1", "failed", 168, 168, 1),
            ("run-2", "failed", 168, 168, 1),
        ]
        loads = connection.execute(
            'select source, "table", rows_extracted, rows_deleted from ops.table_loads '
            "where run_id = 'run-2' order by source"
        ).fetchall()
        assert loads == [("stock_db", "stock", 48, 2), ("totesys", "sales_order", 120, 0)]
        statuses = connection.execute(
            "select resource_type, status from ops.dbt_nodes where run_id = 'run-1' order by 1"
        ).fetchall()
        assert statuses == [("model", "success"), ("test", "fail")]
        # Declared even though no cycle has failed a step yet (dashboards select them).
        assert connection.execute("select failed_step, error from ops.runs").fetchall() == [
            (None, None),
            (None, None),
        ]


@pytest.mark.postgres
def test_record_is_written_to_a_postgres_warehouse(pg_database: str, tmp_path: Path) -> None:
    settings = Settings(
        target="postgres",
        data_dir=tmp_path,
        source_urls={
            "totesys": "postgresql://unused@127.0.0.1/unused",
            "stock_db": "mysql+pymysql://unused@127.0.0.1/unused",
        },
        lake_url=str(tmp_path / "lake"),
        warehouse_url=pg_database,
    )
    write_run_record(settings, _report("run-pg"))

    with sa.create_engine(pg_database).connect() as connection:
        row = connection.exec_driver_sql("select run_id, status, rows_loaded from ops.runs").one()
    assert tuple(row) == ("run-pg", "failed", 168)
