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
# (what, statement, parameters): each bypasses the generator, with foreign-key checks off.
BAD_ROWS = [
    ("units_sold 0", "UPDATE sales_order SET units_sold = 0 WHERE sales_order_id = 1", ()),
    ("units_sold negative", "UPDATE sales_order SET units_sold = -5 WHERE sales_order_id = 2", ()),
    ("currency_id with no currency",
     "UPDATE sales_order SET currency_id = 99 WHERE sales_order_id = 3", ()),
    ("payment far in the future",
     "UPDATE payment SET payment_date = '2999-12-31' WHERE payment_id = 1", ()),
    ("1 MB text", "UPDATE design SET design_name = ? WHERE design_id = 1", (ONE_MB,)),
    ("NUL in text", "UPDATE staff SET first_name = ? WHERE staff_id = 1", ("Ann\x00e",)),
]  # fmt: skip
# The only tests the rows above may fail (all severity error): the order's currency has no
# dimension version, and the far-future payment date is beyond the calendar (dim_date).
EXPECTED_FAILURES = (
    "not_null_fact_sales_order_currency_key",
    "point_in_time_key_fact_sales_order_ref_dim_currency",
    "relationships_fact_payment_payment_date__date_id__ref_dim_date",
)


def write_bad_rows(settings: Settings, rows: list[tuple[str, str, tuple]]) -> None:
    path = settings.source_urls["totesys"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for _, statement, parameters in rows:
            assert conn.execute(statement, parameters).rowcount == 1, statement


def tally(case: FaultCase, settings: Settings, injected: int) -> None:
    result = assert_recovered(settings)  # every bad row is in raw: reconcile counts and checksums
    case.faults += injected
    case.recovered += injected
    case.reruns.append(0)
    case.rows_lost += result.rows_lost
    case.duplicates += result.duplicates


def test_bad_rows_reach_raw_and_fail_only_named_tests(
    local: Settings, fault_case: FaultCase
) -> None:
    write_bad_rows(local, BAD_ROWS)
    report = cycle(local)
    failed = report.failed_nodes
    fault_case.notes.append(f"failed tests: {sorted(failed)}")
    assert all(uid.startswith("test.") for uid in failed), failed  # no model broke
    assert all(any(e in uid for e in EXPECTED_FAILURES) for uid in failed), failed
    assert all(any(e in uid for uid in failed) for e in EXPECTED_FAILURES), failed
    assert report.failed_step == "dbt build" and "currency_key" in (report.error or "")
    tally(fault_case, local, len(BAD_ROWS))


def test_an_unparseable_date_warns_and_non_utf8_bytes_reach_raw(
    local: Settings, fault_case: FaultCase
) -> None:
    # Two rows that must not fail the cycle, in one deployment (each is a cycle from empty).
    bad = [("unparseable date", "UPDATE sales_order SET agreed_delivery_date = 'soon' "
            "WHERE sales_order_id = 4", ()),
           ("non-UTF-8 bytes", "UPDATE address SET city = CAST(x'4cf66473' AS TEXT) "
            "WHERE address_id = 1", ())]  # fmt: skip
    write_bad_rows(local, bad)
    report = cycle(local)
    # Severity warn: the date is null from staging on, the cycle goes on, the test names the row.
    assert report.failed_nodes == {} and report.status == "success", report
    warned = report.warned_nodes
    assert any("parses_as_date" in uid and "agreed_delivery_date" in uid for uid in warned), warned
    # Read as Latin-1 where they are not UTF-8 (README): the row reaches raw whole, tests pass.
    city = query(local, "SELECT city FROM raw_totesys.address WHERE address_id = 1")
    assert city == [("Löds",)]
    tally(fault_case, local, len(bad))
