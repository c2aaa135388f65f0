"""Bad rows written straight into a source: each reaches raw, and passes or fails a named test."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from orchestration.settings import Settings
from tests.faults.child import cycle
from tests.faults.conftest import FaultCase
from tests.faults.invariants import assert_recovered, query

pytestmark = pytest.mark.faults
ONE_MB = "x" * 2**20
# (what, table, assignment, row): each bypasses the generator, with foreign-key checks off.
BAD_ROWS = [
    ("units_sold 0", "sales_order", "units_sold = 0", "sales_order_id = 1", ()),
    ("units_sold negative", "sales_order", "units_sold = -5", "sales_order_id = 2", ()),
    ("currency_id with no currency", "sales_order", "currency_id = 99", "sales_order_id = 3", ()),
    ("payment far in the future", "payment", "payment_date = '2999-12-31'", "payment_id = 1", ()),
    ("1 MB text", "design", "design_name = ?", "design_id = 1", (ONE_MB,)),
    ("NUL in text", "staff", "first_name = ?", "staff_id = 1", ("Ann\x00e",)),
]  # fmt: skip
# Rows that must not fail the cycle: the date warns, the bytes are read as Latin-1.
WARNING_ROWS = [
    ("unparseable date", "sales_order", "agreed_delivery_date = 'soon'", "sales_order_id = 4", ()),
    ("non-UTF-8 bytes", "address", "city = CAST(x'4cf66473' AS TEXT)", "address_id = 1", ()),
]  # fmt: skip
# The only tests the rows above may fail (all severity error): the order's currency has no
# dimension version, and the far-future payment date is beyond the calendar (dim_date).
EXPECTED_FAILURES = (
    "not_null_fact_sales_order_currency_key",
    "point_in_time_key_fact_sales_order_ref_dim_currency",
    "relationships_fact_payment_payment_date__date_id__ref_dim_date",
)
# As the application writes a change: a last_updated later than any in the table, so that the
# next cycle's incremental extract reads the row.
LATER = "(SELECT strftime('%Y-%m-%d %H:%M:%f', max(last_updated), '+1 second') FROM {table})"


def write_bad_rows(settings: Settings, rows: list[tuple[str, str, str, str, tuple]]) -> None:
    path = settings.source_urls["totesys"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for _, table, assignment, row, parameters in rows:
            later = LATER.format(table=table)
            statement = f"UPDATE {table} SET {assignment}, last_updated = {later} WHERE {row}"
            assert conn.execute(statement, parameters).rowcount == 1, statement


def tally(case: FaultCase, settings: Settings, injected: int) -> None:
    result = assert_recovered(settings)  # every bad row is in raw: reconcile counts and checksums
    case.faults += injected
    case.recovered += injected
    case.reruns.append(0)
    case.rows_lost += result.rows_lost
    case.duplicates += result.duplicates


def test_bad_rows_reach_raw_and_warn_or_fail_only_named_tests(
    local: Settings, fault_case: FaultCase
) -> None:
    # On one deployment, in turn: the rows that only warn in its first cycle (from empty), then
    # the rows that fail named tests, amended in the source, in its next (incremental) cycle.
    _an_unparseable_date_warns_and_non_utf8_bytes_reach_raw(local, fault_case)
    _bad_rows_reach_raw_and_fail_only_named_tests(local, fault_case)


def _an_unparseable_date_warns_and_non_utf8_bytes_reach_raw(
    local: Settings, fault_case: FaultCase
) -> None:
    write_bad_rows(local, WARNING_ROWS)
    report = cycle(local)
    # Severity warn: the date is null from staging on, the cycle goes on, the test names the row.
    assert report.failed_nodes == {} and report.status == "success", report
    warned = report.warned_nodes
    assert any("parses_as_date" in uid and "agreed_delivery_date" in uid for uid in warned), warned
    # Read as Latin-1 where they are not UTF-8 (README): the row reaches raw whole, tests pass.
    city = query(local, "SELECT city FROM raw_totesys.address WHERE address_id = 1")
    assert city == [("Löds",)]
    tally(fault_case, local, len(WARNING_ROWS))


def _bad_rows_reach_raw_and_fail_only_named_tests(local: Settings, fault_case: FaultCase) -> None:
    write_bad_rows(local, BAD_ROWS)
    report = cycle(local)
    failed = report.failed_nodes
    fault_case.notes.append(f"failed tests: {sorted(failed)}")
    assert all(uid.startswith("test.") for uid in failed), failed  # no model broke
    assert all(any(e in uid for e in EXPECTED_FAILURES) for uid in failed), failed
    assert all(any(e in uid for uid in failed) for e in EXPECTED_FAILURES), failed
    assert report.failed_step == "dbt build" and "currency_key" in (report.error or "")
    tally(fault_case, local, len(BAD_ROWS))
