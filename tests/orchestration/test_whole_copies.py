"""A table copied whole each cycle (stock_db's `stock`) rebuilds its models only when its rows
changed, and processed/ reads again only the marts a cycle rebuilt: on a copy of the embedded
test warehouse, as the scheduler would run it."""

from __future__ import annotations

import json

import pytest

from orchestration.cycle import dbt_selection, whole_copies
from orchestration.cycle.cycle_report import CycleReport
from orchestration.cycle.publish import left_out_of_processed, read_marts
from orchestration.cycle.run import run_cycle
from orchestration.settings import Settings
from tests.orchestration.processed import assert_processed_is_the_marts
from tests.timeline import reprice_and_trade

pytestmark = pytest.mark.e2e
STOCK_SNAPSHOT = "snapshot.warehouse.snp_stock__stocks"
STOCK_COPY = "raw_stock.stock"


def test_the_same_stock_rows_leave_the_stock_star_out_and_new_prices_bring_it_back(
    warehouse_local_copy: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="orchestration.cycle.run")
    same_rows = _cycle(warehouse_local_copy)
    assert _stock_rows_loaded(same_rows) > 0  # copied whole again
    assert STOCK_SNAPSHOT not in _built(same_rows)
    assert f"{STOCK_COPY}: copied whole, the same rows" in caplog.text
    # No mart was rebuilt, so none was read again for processed/, which still is the marts.
    assert not any(mart.changed for mart in same_rows.published.values())
    assert {name: mart.rows for name, mart in same_rows.published.items()} == _mart_rows(
        warehouse_local_copy
    )
    assert_processed_is_the_marts(warehouse_local_copy)
    remembered = _remembered(warehouse_local_copy)

    reprice_and_trade(warehouse_local_copy)
    repriced = _cycle(warehouse_local_copy)

    assert STOCK_SNAPSHOT in _built(repriced)
    assert {"model.warehouse.dim_stock", "model.warehouse.fact_stock_transaction"} <= _built(
        repriced
    )
    assert _remembered(warehouse_local_copy)[STOCK_COPY] != remembered[STOCK_COPY]
    assert repriced.published["dim_stock"].changed
    assert_processed_is_the_marts(warehouse_local_copy)


def test_a_failed_cycle_forgets_the_copies_it_compared_with(warehouse_local_copy: Settings) -> None:
    assert whole_copies.unchanged(warehouse_local_copy, _remembered(warehouse_local_copy))
    dbt_selection.forget_build(warehouse_local_copy)
    # Without the last build's manifest nothing is known to be the same: the build is full.
    assert not whole_copies.unchanged(warehouse_local_copy, _remembered(warehouse_local_copy))


def _cycle(settings: Settings) -> CycleReport:
    report = run_cycle(settings)
    assert report.succeeded, report.error
    return report


def _built(report: CycleReport) -> set[str]:
    return {node.unique_id for node in report.nodes}


def _stock_rows_loaded(report: CycleReport) -> int:
    return next(
        t.rows_loaded for t in report.tables if (t.source, t.table) == ("stock_db", "stock")
    )


def _mart_rows(settings: Settings) -> dict[str, int]:
    """Rows of each mart processed/ publishes."""
    not_published = left_out_of_processed(settings)
    marts = read_marts(settings).items()
    return {name: mart.num_rows for name, mart in marts if name not in not_published}


def _remembered(settings: Settings) -> dict[str, str]:
    path = dbt_selection.state_dir(settings) / whole_copies.FINGERPRINTS
    return json.loads(path.read_text())
