"""processed/ after real cycles on both targets: each mart's folder, read whole, is the mart.

The session's test warehouses have had three cycles (amended orders, a stock deleted from its
source, new trades). What one more cycle on a copy rewrites (only what changed) is checked with
the same source change in tests/orchestration/test_one_path.py.
"""

from __future__ import annotations

import duckdb
import pytest

from orchestration.cycle.publish import left_out_of_processed, read_marts
from tests.orchestration.processed import (
    assert_processed_is_the_marts,
    published_files,
    read_processed,
    sorted_rows,
)

pytestmark = pytest.mark.e2e
TARGETS = ["local", "postgres"]


@pytest.mark.parametrize("history_target", TARGETS)
def test_after_the_history_each_folder_read_whole_is_its_mart(request, history_target: str) -> None:
    settings = request.getfixturevalue(f"warehouse_{history_target}").settings

    assert_processed_is_the_marts(settings)
    # The facts were appended to, load by load, in the lake's dated layout: the first cycle's
    # files are still there beside the later cycles'.
    files = published_files(settings, "fact_stock_transaction")
    assert all(path.startswith("year=") for path in files)
    assert len(set(files.values())) >= 2


# Each latest_* report, the fact it reports on, the fact's natural key and its record id.
REPORTS = {
    "latest_sales_orders": ("fact_sales_order", "sales_order_id", "sales_record_id"),
    "latest_purchase_orders": ("fact_purchase_order", "purchase_order_id", "purchase_record_id"),
    "latest_payments": ("fact_payment", "payment_id", "payment_record_id"),
}
# What docs/warehouse.md gives a reader of processed/ for a report it leaves out: the latest
# version of each order in the fact's files (the report's rule), with version_valid_at.
LATEST_FROM_PROCESSED = """
    select *, last_updated_date + last_updated_time as version_valid_at
    from fact
    qualify row_number() over (
        partition by {key} order by last_updated_date desc, last_updated_time desc, {record} desc
    ) = 1
"""


@pytest.mark.parametrize("history_target", TARGETS)
def test_each_report_left_out_is_the_latest_versions_in_its_facts_files(
    request, history_target: str
) -> None:
    settings = request.getfixturevalue(f"warehouse_{history_target}").settings
    marts = read_marts(settings)

    assert left_out_of_processed(settings) == REPORTS.keys()
    for report, (fact_name, key, record) in REPORTS.items():
        with duckdb.connect() as reader:
            reader.register("fact", read_processed(settings, fact_name).to_table())
            sql = LATEST_FROM_PROCESSED.format(key=key, record=record)
            derived = reader.sql(sql).to_arrow_table()
        assert len(derived) == len(marts[report]) > 0, report
        assert sorted_rows(derived) == sorted_rows(marts[report]), report
