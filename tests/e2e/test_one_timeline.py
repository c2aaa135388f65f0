"""One timeline: the pipeline observes a generated source in the source's own simulated time.

The test warehouse's history (tests/warehouses.py, tests/timeline.py), on each target: cycle 1;
a delisting, a simulated day (prices move, trades), a price change and a trade by hand; cycle 2;
another simulated day; cycle 3. Snapshots must date what they observe on the source's clock, so
trades are priced by the price valid when they were made, and a delisting closes its version
within the simulated time, not on the day the tests run.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from seeds_generator.timeline import HISTORY_END
from tests.dbt.deployments import query
from tests.e2e.conftest import DELISTED_STOCK, History

pytestmark = pytest.mark.e2e


def _priced(history: History, trade_ids: list[int]) -> dict[int, tuple[str, Decimal]]:
    ids = ", ".join(str(trade_id) for trade_id in trade_ids)
    rows = query(
        history.settings,
        "select transaction_id, stock_id, price_at_transaction from marts.fact_stock_transaction "
        f"where transaction_id in ({ids})",
    )
    return {trade_id: (stock_id, price) for trade_id, stock_id, price in rows}


def test_a_trade_after_a_price_change_is_priced_by_the_new_price(history: History) -> None:
    timeline = history.timeline
    (stock_id, price) = _priced(history, [timeline.trade_by_hand])[timeline.trade_by_hand]
    assert (stock_id, price) == (timeline.repriced, timeline.new_price)
    assert timeline.new_price != timeline.generated[timeline.repriced]


def test_trades_are_priced_by_the_prices_observed_before_them(history: History) -> None:
    """The first day's trades were made before its price moves were observed; the second
    day's after: they are priced by the prices the simulator set on the first day."""
    timeline = history.timeline
    assert timeline.first_day_trades and timeline.second_day_trades
    first = _priced(history, timeline.first_day_trades)
    assert first == {t: (s, timeline.generated[s]) for t, (s, _) in first.items()}
    second = _priced(history, timeline.second_day_trades)
    assert second == {t: (s, timeline.observed[s]) for t, (s, _) in second.items()}
    moved = {s for s, _ in second.values() if timeline.observed[s] != timeline.generated[s]}
    assert moved, "no trade was priced by a price the simulator set"


def test_a_delisting_closes_the_version_at_the_sources_time(history: History) -> None:
    timeline = history.timeline
    rows = query(
        history.settings,
        "select valid_from, valid_to, is_deleted from marts.dim_stock "
        f"where stock_id = '{DELISTED_STOCK}' order by valid_from",
    )
    assert len(rows) == 2
    (_, closed_at, first_deleted), (deleted_from, _, last_deleted) = rows
    assert (first_deleted, last_deleted) == (False, True)
    # Closed by the second cycle, at the source's clock then: the time of the trade by hand.
    assert closed_at == deleted_from == timeline.clocks[1]
    assert HISTORY_END < closed_at < timeline.clocks[2]


def test_every_version_starts_within_the_sources_time(history: History) -> None:
    timeline = history.timeline
    (first, last, versions) = query(
        history.settings,
        "select min(valid_from), max(valid_from), count(*) from marts.dim_stock "
        "where valid_from > cast('1900-01-01' as timestamp)",
    )[0]
    assert versions > 0
    assert timeline.clocks[1] <= first and last <= timeline.clocks[2]
