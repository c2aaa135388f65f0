"""A cycle's selective build reads and tests only the rows loaded since the last build; a full
build, all.

On the embedded test warehouse (three cycles, so raw and the fact hold rows of three loads): an
old row is changed in place, as no load or build would change it, to see which runs read it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import duckdb
import pytest

from orchestration.cycle.dbt_runner import run_dbt
from orchestration.settings import Settings
from tests.dbt.conftest import Built
from tests.dbt.deployments import failures, query

NOT_NULL = "not_null_fact_sales_order_staff_key"


@pytest.fixture
def broken_old_row(built_local: Built) -> Iterator[tuple[datetime, datetime]]:
    """Nulls staff_key of one row of the first load; yields (its load, the newest load)."""
    with duckdb.connect(str(built_local.settings.duckdb_path)) as conn:
        loads = [row[0] for row in conn.execute(_LOADS).fetchall()]
        record_id, staff_key = conn.execute(_FIRST_ROW, [loads[0]]).fetchone()
        conn.execute(_SET_STAFF_KEY, [None, record_id])
    try:
        yield loads[0], loads[-1]
    finally:
        with duckdb.connect(str(built_local.settings.duckdb_path)) as conn:
            conn.execute(_SET_STAFF_KEY, [staff_key, record_id])


def test_a_scoped_run_reads_only_the_rows_loaded_since_the_last_build(
    built_local: Built, broken_old_row: tuple[datetime, datetime]
) -> None:
    first_load, newest_load = broken_old_row
    assert first_load < newest_load, "the test warehouse's fact holds one load only"

    since_newest = _test_fact(built_local.settings, newest_load, scoped=True)
    since_first = _test_fact(built_local.settings, first_load, scoped=True)
    every_row = _test_fact(built_local.settings, newest_load, scoped=False)

    assert since_newest.success, failures(since_newest)
    assert not since_first.success
    assert not every_row.success
    for result in (since_first, every_row):
        assert [f for f in failures(result) if NOT_NULL in f], failures(result)


def test_a_selective_snapshot_reads_only_the_rows_loaded_since_the_last_build(
    warehouse_local_copy: Settings,
) -> None:
    settings = warehouse_local_copy
    newest_load = query(settings, "select max(loaded_at) from staging.stg_totesys__payments")[0][0]
    payment = _move_an_old_payment(settings, newest_load)
    versions = _versions(settings, payment)

    selective = _snapshot_payments(settings, newest_load, selective=True)
    assert selective.success, failures(selective)
    assert _versions(settings, payment) == versions  # its row was not read

    full = _snapshot_payments(settings, newest_load, selective=False)
    assert full.success, failures(full)
    assert _versions(settings, payment) == versions + 1


@pytest.mark.parametrize(
    ("tested", "unique_test"),
    [
        ("source:raw_totesys.payment", "source_unique_raw_totesys_payment_payment_id"),
        ("stg_totesys__payments", "unique_stg_totesys__payments_payment_id"),
    ],
)
def test_a_selective_build_tests_only_the_raw_and_staging_rows_loaded_since_the_last_build(
    warehouse_local_copy: Settings, tested: str, unique_test: str
) -> None:
    settings = warehouse_local_copy
    newest_load = query(settings, "select max(loaded_at) from staging.stg_totesys__payments")[0][0]
    with duckdb.connect(str(settings.duckdb_path)) as conn:
        (payment,) = conn.execute(_OLD_PAYMENT, [newest_load]).fetchone()
        conn.execute(_COPY_PAYMENT, [payment])  # a second raw row with its key and load id

    since_newest = _test_model(settings, tested, newest_load, scoped=True)
    every_row = _test_model(settings, tested, newest_load, scoped=False)

    assert since_newest.success, failures(since_newest)
    assert not every_row.success
    assert [f for f in failures(every_row) if unique_test in f], failures(every_row)


def _move_an_old_payment(settings: Settings, newest_load: datetime) -> int:
    """Moves last_updated of a raw payment of an earlier load, keeping its load id."""
    with duckdb.connect(str(settings.duckdb_path)) as conn:
        (payment,) = conn.execute(_OLD_PAYMENT, [newest_load]).fetchone()
        conn.execute(_MOVE_PAYMENT, [payment])
    return payment


def _versions(settings: Settings, payment: int) -> int:
    sql = f"select count(*) from snapshots.snp_totesys__payments where payment_id = {payment}"
    return query(settings, sql)[0][0]


def _snapshot_payments(settings: Settings, since: datetime, *, selective: bool):
    variables = {"last_build_at": since.isoformat(sep=" "), "selective": selective}
    selection = ["--select", "snp_totesys__payments"]
    return run_dbt(settings, ["snapshot", *selection, "--vars", json.dumps(variables)])


def _test_fact(settings: Settings, since: datetime, *, scoped: bool):
    # The fact's own generic tests; not reconciles_with_staging (whole_table, full builds only).
    return _test_model(settings, "fact_sales_order", since, scoped=scoped)


def _test_model(settings: Settings, model: str, since: datetime, *, scoped: bool):
    variables = {"last_build_at": since.isoformat(sep=" "), "selective": scoped}
    selection = ["--select", model, "--exclude", "tag:whole_table"]
    return run_dbt(settings, ["test", *selection, "--vars", json.dumps(variables)])


_OLD_PAYMENT = (
    "select payment_id from staging.stg_totesys__payments where loaded_at < ? "
    "order by payment_id limit 1"
)
_MOVE_PAYMENT = (
    "update raw_totesys.payment set last_updated = last_updated + interval 1 day "
    "where payment_id = ?"
)
_COPY_PAYMENT = (
    "insert into raw_totesys.payment select * from raw_totesys.payment where payment_id = ?"
)
_LOADS = "select distinct loaded_at from marts.fact_sales_order order by loaded_at"
_FIRST_ROW = (
    "select sales_record_id, staff_key from marts.fact_sales_order "
    "where loaded_at = ? order by sales_record_id limit 1"
)
_SET_STAFF_KEY = "update marts.fact_sales_order set staff_key = ? where sales_record_id = ?"
