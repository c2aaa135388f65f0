"""Schema drift in a source: each kind flows through to raw (staging keeps working) or stops it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from orchestration.settings import Settings
from tests.faults.child import REPO, cycle, settings_json
from tests.faults.conftest import FaultCase, generate, local_settings
from tests.faults.invariants import assert_recovered, query

pytestmark = [pytest.mark.faults, pytest.mark.postgres]
# Kinds that flow through: the change reaches raw and the next cycle's dbt build passes.
FLOWING = {
    "new nullable column": [
        "ALTER TABLE staff ADD COLUMN nickname text",
        "UPDATE staff SET nickname = 'Jo', last_updated = now() WHERE staff_id = 1",
    ],
    "widened varchar": [
        "ALTER TABLE currency ALTER COLUMN currency_code TYPE varchar(10)",
        "UPDATE currency SET last_updated = now()",
    ],
    "int widened to bigint": [
        "ALTER TABLE sales_order ALTER COLUMN units_sold TYPE bigint",
        "UPDATE sales_order SET units_sold = 123456, last_updated = now() WHERE sales_order_id = 1",
    ],
    "new table": [
        "CREATE TABLE promotion (promotion_id serial PRIMARY KEY, promotion_name text NOT NULL, "
        "created_at timestamp(3) NOT NULL DEFAULT now(), last_updated timestamp(3) NOT NULL)",
        "INSERT INTO promotion (promotion_name, last_updated) VALUES ('spring', now()), "
        "('summer', now())",
    ],
    "dropped column": [
        "ALTER TABLE counterparty DROP COLUMN delivery_contact",
        "UPDATE counterparty SET last_updated = now() WHERE counterparty_id = 1",
    ],
}
# A column added with a default gives every existing row a value no incremental extract sees.
STOPPING = [
    "ALTER TABLE design ADD COLUMN is_active boolean NOT NULL DEFAULT true",
]


@pytest.fixture
def pg_totesys(tmp_path: Path, make_pg_database) -> Settings:
    """totesys on PostgreSQL (real ALTER TABLE), stock_db SQLite, local lake, DuckDB warehouse."""
    settings = local_settings(tmp_path).with_sources(totesys=make_pg_database())
    generate(settings)
    first = cycle(settings)
    assert first.succeeded, first.error
    return settings


def alter(settings: Settings, statements: list[str]) -> None:
    engine = sa.create_engine(settings.source_urls["totesys"])
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def raw_columns(settings: Settings, table: str) -> set[str]:
    sql = (
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'raw_totesys'"
    )
    return {column for name, column in query(settings, sql) if name == table}


def test_drift_that_flows_reaches_raw_then_a_column_with_a_default_stops_the_cycle(
    pg_totesys: Settings, fault_case: FaultCase
) -> None:
    # Both kinds on one deployment, in turn: each needs a source on PostgreSQL and a first
    # cycle from empty, and the stop must hold on a raw that drift has already changed.
    _drift_that_flows_reaches_raw_and_staging_keeps_working(pg_totesys, fault_case)
    _a_new_column_with_a_default_stops_the_cycle_before_loading(pg_totesys, fault_case)


def _drift_that_flows_reaches_raw_and_staging_keeps_working(
    pg_totesys: Settings, fault_case: FaultCase
) -> None:
    for statements in FLOWING.values():
        alter(pg_totesys, statements)
    fault_case.faults += len(FLOWING)
    report = cycle(pg_totesys)
    assert report.succeeded, report.error
    assert "nickname" in raw_columns(pg_totesys, "staff")
    assert raw_columns(pg_totesys, "promotion") >= {"promotion_id", "promotion_name"}
    assert query(pg_totesys, "SELECT units_sold FROM raw_totesys.sales_order "
                 "WHERE sales_order_id = 1") == [(123456,)]  # fmt: skip
    result = assert_recovered(pg_totesys)
    fault_case.recovered += len(FLOWING)
    fault_case.reruns.append(0)
    fault_case.rows_lost += result.rows_lost
    fault_case.duplicates += result.duplicates


def raw_state(settings: Settings) -> list[tuple]:
    return query(settings, "SELECT count(*) FROM raw_totesys._dlt_loads") + query(
        settings, "SELECT count(*), max(last_updated) FROM raw_totesys.design"
    )


def _a_new_column_with_a_default_stops_the_cycle_before_loading(
    pg_totesys: Settings, fault_case: FaultCase
) -> None:
    before = raw_state(pg_totesys)
    alter(pg_totesys, STOPPING)
    fault_case.faults += 1
    report = cycle(pg_totesys)
    assert report.failed_step == "ingest totesys", report.error
    assert "design" in (report.error or "") and "is_active" in (report.error or ""), report.error
    assert raw_state(pg_totesys) == before, "raw changed although the cycle stopped"
    # The documented way on: re-extract the table once, then cycles run as before.
    reextract_in_child(pg_totesys, "totesys", "design")
    after = cycle(pg_totesys)
    assert after.succeeded, after.error
    assert "is_active" in raw_columns(pg_totesys, "design")
    result = assert_recovered(pg_totesys)
    fault_case.recovered += 1
    fault_case.reruns.append(1)
    fault_case.rows_lost += result.rows_lost
    fault_case.duplicates += result.duplicates


REEXTRACT = """
import argparse, json, sys
from orchestration.commands import ingest
from tests.faults.child import settings_from
settings = settings_from(json.loads(sys.argv[1]))
sys.exit(ingest.run(settings, argparse.Namespace(source=sys.argv[2], reextract=[sys.argv[3]])))
"""


def reextract_in_child(settings: Settings, source: str, table: str) -> None:
    """`warehouse ingest --source S --reextract T` with these settings, in its own process."""
    command = [sys.executable, "-c", REEXTRACT, settings_json(settings), source, table]
    done = subprocess.run(command, cwd=REPO, capture_output=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
