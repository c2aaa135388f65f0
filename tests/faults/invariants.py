"""What every fault case ends with: exact reconcile, unique keys, SCD2 tests, nothing pending."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import psycopg
from sqlalchemy.dialects import postgresql

import ingestion
from ingestion.connections import source_engine
from ingestion.destinations import postgres_dsn, raw_schema
from ingestion.tables import reflect_tables
from orchestration.cycle.dbt_runner import run_dbt
from orchestration.settings import Settings
from tests.faults.child import REPO, settings_from, settings_json

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
    stale_orders: int
    scd2_tests_passed: int
    scd2_tests_failed: list[str]

    @property
    def recovered(self) -> bool:
        return not (
            self.rows_lost or self.rows_extra or self.mismatched_tables or self.duplicates
            or self.pending or self.stale_orders or self.scd2_tests_failed
            or not self.scd2_tests_passed
        )  # fmt: skip


def connect(settings: Settings) -> Any:
    """A read connection on the warehouse (DuckDB read-only, or PostgreSQL)."""
    if settings.target == "local" or settings.warehouse_url.startswith("duckdb:"):
        # The default configuration: a cycle run in this process (dbt-duckdb) may still hold
        # the file open, and DuckDB refuses a second connection configured differently.
        return duckdb.connect(str(Path(settings.warehouse_url.removeprefix("duckdb:///"))))
    return psycopg.connect(postgres_dsn(settings.warehouse_url), autocommit=True)


def query(settings: Settings, sql: str) -> list[tuple]:
    conn = connect(settings)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def pending_packages(settings: Settings) -> list[str]:
    root = settings.pipelines_dir
    # Packages are folders. A kill inside dlt's atomic file write (a temp file, then a rename)
    # can leave the temp file beside them; dlt ignores it, and it holds no rows.
    found = (p for g in PENDING_GLOBS for p in root.glob(g) if p.is_dir())
    return sorted(str(p.relative_to(root)) for p in found)


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


# The SCD2 rules of every dimension (docs/warehouse.md), as the project's generic dbt tests.
SCD2_TESTS = ("scd2_one_current_row", "scd2_contiguous_windows", "scd2_valid_to_after_valid_from")
# Raw orders whose current version is not the newest version in the fact (marts behind raw).
STALE_ORDERS = """
WITH newest AS (
    SELECT sales_order_id, units_sold, row_number() OVER (
        PARTITION BY sales_order_id ORDER BY last_updated_date DESC, last_updated_time DESC
    ) AS n
    FROM marts.fact_sales_order
)
SELECT count(*) FROM raw_totesys.sales_order AS r
LEFT JOIN newest ON newest.sales_order_id = r.sales_order_id AND newest.n = 1
WHERE newest.units_sold IS NULL OR newest.units_sold <> r.units_sold
"""


def scd2_tests(settings: Settings) -> tuple[int, list[str]]:
    """Runs the SCD2 tests now: how many passed, and the ones that did not."""
    selection = [f"test_name:{name}" for name in SCD2_TESTS]
    result = run_dbt(settings, ["test", "--select", *selection])
    results = getattr(result.result, "results", None) or []
    statuses = {r.node.unique_id: str(getattr(r.status, "value", r.status)) for r in results}
    if not result.success and not statuses:
        return 0, [f"dbt test did not run: {result.exception}"]
    return sum(s == "pass" for s in statuses.values()), [
        u for u, s in statuses.items() if s != "pass"
    ]


def stale_orders(settings: Settings) -> int:
    return query(settings, STALE_ORDERS)[0][0]


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
        stale_orders(settings),
        passed,
        failed,
    )


def assert_recovered(settings: Settings) -> Outcome:
    """The outcome, computed in a fresh process as `warehouse reconcile` would be (a cycle run
    in the test process may keep the DuckDB file open, which a read-only reader cannot share)."""
    command = [sys.executable, "-m", "tests.faults.invariants", settings_json(settings)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    result = Outcome(**json.loads(done.stdout.decode().strip().splitlines()[-1]))
    assert result.recovered, result
    return result


if __name__ == "__main__":
    fields = json.loads(sys.argv[1])
    print(json.dumps(dataclasses.asdict(outcome(settings_from(fields)))))
