"""What every fault case ends with: exact reconcile, unique keys, SCD2 tests, nothing pending."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import psycopg
from sqlalchemy.dialects import postgresql

import ingestion
from ingestion.checks import source_engine
from ingestion.tables import reflect_tables
from ingestion.targets import postgres_dsn, raw_schema
from orchestration.settings import Settings

# DuckDB and PostgreSQL quote identifiers the same way; SQLAlchemy's preparer does it.
quote = postgresql.dialect().identifier_preparer.quote
# dlt's working folders that hold a package not loaded yet (extracted, normalizing, normalized):
# anything there after a finished cycle is a pending load left behind.
PENDING_GLOBS = ("*/normalize/extracted/*", "*/load/new/*", "*/load/normalized/*")


@dataclass(frozen=True)
class Outcome:
    """The state of a deployment after a fault and its recovery."""

    rows_lost: int
    rows_extra: int
    mismatched_tables: list[str]
    duplicates: int
    pending: list[str]
    scd2_tests_passed: int
    scd2_tests_failed: list[str]

    @property
    def recovered(self) -> bool:
        return not (
            self.rows_lost or self.rows_extra or self.mismatched_tables or self.duplicates
            or self.pending or self.scd2_tests_failed or not self.scd2_tests_passed
        )  # fmt: skip


def connect(settings: Settings) -> Any:
    """A read connection on the warehouse (DuckDB read-only, or PostgreSQL)."""
    if settings.target == "local" or settings.warehouse_url.startswith("duckdb:"):
        return duckdb.connect(
            str(Path(settings.warehouse_url.removeprefix("duckdb:///"))), read_only=True
        )
    return psycopg.connect(postgres_dsn(settings.warehouse_url), autocommit=True)


def query(settings: Settings, sql: str) -> list[tuple]:
    conn = connect(settings)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def pending_packages(settings: Settings) -> list[str]:
    root = settings.pipelines_dir
    return sorted(str(p.relative_to(root)) for g in PENDING_GLOBS for p in root.glob(g))


def duplicate_keys(settings: Settings) -> int:
    """Rows in raw beyond one per primary key, over every source table."""
    total = 0
    for source, url in settings.source_urls.items():
        schema = raw_schema(source)
        engine = source_engine(source, url)
        tables = reflect_tables(engine)
        engine.dispose()
        for info in tables.values():
            if not info.primary_key:
                continue
            keys = ", ".join(quote(c) for c in info.primary_key)
            table = f"{quote(schema)}.{quote(info.name)}"
            distinct = f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM {table}) AS k"
            sql = f"SELECT count(*) - ({distinct}) FROM {table}"
            total += query(settings, sql)[0][0]
    return total


def scd2_tests(settings: Settings) -> tuple[int, list[str]]:
    """SCD2 tests of the last recorded cycle: how many passed, and the ones that did not."""
    rows = query(
        settings,
        "SELECT unique_id, status FROM ops.dbt_nodes WHERE unique_id LIKE '%scd2%' AND run_id = "
        "(SELECT run_id FROM ops.runs ORDER BY started_at DESC LIMIT 1)",
    )
    tests = [(uid, status) for uid, status in rows if uid.startswith("test.")]
    return sum(s == "pass" for _, s in tests), [u for u, s in tests if s != "pass"]


def outcome(settings: Settings) -> Outcome:
    """Reconciles every source with raw and checks keys, SCD2 tests and dlt's working folders."""
    lost = extra = 0
    mismatched: list[str] = []
    for source, url in settings.source_urls.items():
        for row in ingestion.reconcile(source, url, warehouse_url=settings.warehouse_url):
            lost += max(0, row.source_rows - row.raw_rows)
            extra += max(0, row.raw_rows - row.source_rows)
            if not row.matches:
                mismatched.append(f"{source}.{row.table}")
    passed, failed = scd2_tests(settings)
    return Outcome(
        lost,
        extra,
        mismatched,
        duplicate_keys(settings),
        pending_packages(settings),
        passed,
        failed,
    )


def assert_recovered(settings: Settings) -> Outcome:
    result = outcome(settings)
    assert result.recovered, result
    return result
