"""One timeline: the pipeline observes a generated source in the source's own simulated time.

The history, on each target, each cycle in a child process as cron runs it: generate, a cycle,
a simulated day (prices move, trades), then by hand a price change, a delisting and a trade,
a cycle, another simulated day, a cycle. Snapshots must date what they observe on the
source's clock, so trades are priced by the price valid when they were made, and a delisting
closes its version within the simulated time, not on the day the tests run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

import seeds_generator
from orchestration.settings import Settings
from seeds_generator.clock import read_clock
from seeds_generator.database import open_engine
from seeds_generator.schemas import build_metadata
from seeds_generator.timeline import HISTORY_END
from tests.dbt.deployments import (
    generate_sources,
    local_settings,
    postgres_settings,
    query,
    writable_sources,
)
from tests.faults.child import cycle

pytestmark = pytest.mark.e2e
DAY, SEED = timedelta(days=1), 13
Prices = dict[str, Decimal]


@dataclass
class Timeline:
    """What the test history did to the stock source, and the clock at each cycle."""

    settings: Settings
    clocks: list[datetime]  # stock_db's simulated clock when each cycle observed it
    generated: Prices  # prices the first cycle observed
    observed: Prices  # prices the second cycle observed (the first day's moves, one by hand)
    repriced: str
    new_price: Decimal
    delisted: str
    trade_by_hand: int
    first_day_trades: list[int]
    second_day_trades: list[int]


def _stock_db(settings: Settings) -> tuple[sa.Engine, dict[str, sa.Table]]:
    engine = open_engine(writable_sources(settings)["stock_db"])
    return engine, build_metadata("stock_db", engine.dialect.name).tables


def _prices(settings: Settings) -> Prices:
    engine, tables = _stock_db(settings)
    with engine.connect() as conn:
        stock = tables["stock"]
        return dict(conn.execute(sa.select(stock.c.stock_id, stock.c.price)).all())


def _trade_ids(settings: Settings) -> set[int]:
    engine, tables = _stock_db(settings)
    with engine.connect() as conn:
        return set(conn.execute(sa.select(tables["transaction"].c.transaction_id)).scalars())


def _observe(settings: Settings, clocks: list[datetime]) -> None:
    clocks.append(seeds_generator.observed_clock(writable_sources(settings)["stock_db"]))
    result = cycle(settings)
    assert result.succeeded, result


def _change_by_hand(settings: Settings, listed_at_first_cycle: set[str]) -> tuple[str, str, int]:
    """A price change and a delisting (an untraded stock the first cycle saw), then a trade
    of the repriced stock one minute after the source's clock: what the application does."""
    engine, tables = _stock_db(settings)
    stock, trade = tables["stock"], tables["transaction"]
    with engine.begin() as conn:
        now = read_clock(conn)
        traded = sorted(set(conn.execute(sa.select(trade.c.stock_id)).scalars()))
        untraded = sorted(listed_at_first_cycle - set(traded))
        repriced, delisted = traded[0], untraded[0]
        conn.execute(
            stock.update().where(stock.c.stock_id == repriced).values(price=stock.c.price + 1)
        )
        conn.execute(stock.delete().where(stock.c.stock_id == delisted))
        row = {
            "user_id": 1,
            "stock_id": repriced,
            "quantity": 5,
            "transaction_date": now + timedelta(minutes=1),
        }
        conn.execute(trade.insert().values(**row))
        trade_id = conn.execute(sa.select(sa.func.max(trade.c.transaction_id))).scalar_one()
    return repriced, delisted, trade_id


def build(settings: Settings) -> Timeline:
    generate_sources(settings)
    clocks: list[datetime] = []
    _observe(settings, clocks)
    generated, before = _prices(settings), _trade_ids(settings)
    seeds_generator.simulate(writable_sources(settings), ticks=1, interval=DAY, seed=SEED)
    first_day = _trade_ids(settings) - before
    repriced, delisted, by_hand = _change_by_hand(settings, set(generated))
    observed = _prices(settings)
    _observe(settings, clocks)
    before = _trade_ids(settings)
    seeds_generator.simulate(writable_sources(settings), ticks=1, interval=DAY, seed=SEED)
    second_day = _trade_ids(settings) - before
    _observe(settings, clocks)
    return Timeline(
        settings, clocks, generated, observed, repriced, observed[repriced], delisted, by_hand,
        sorted(first_day), sorted(second_day),
    )  # fmt: skip


@pytest.fixture(
    scope="module",
    params=[
        "local",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.mariadb, pytest.mark.s3]),
    ],
)
def timeline(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root: Path = tmp_path_factory.mktemp(f"timeline_{request.param}")
    if request.param == "local":
        yield build(local_settings(root / "data"))
        return
    with postgres_settings(request, root) as settings:
        yield build(settings)


def _priced(timeline: Timeline, trade_ids: list[int]) -> dict[int, tuple[str, Decimal]]:
    ids = ", ".join(str(trade_id) for trade_id in trade_ids)
    rows = query(
        timeline.settings,
        "select transaction_id, stock_id, price_at_transaction from marts.fact_stock_transaction "
        f"where transaction_id in ({ids})",
    )
    return {trade_id: (stock_id, price) for trade_id, stock_id, price in rows}


def test_a_trade_after_a_price_change_is_priced_by_the_new_price(timeline: Timeline) -> None:
    (stock_id, price) = _priced(timeline, [timeline.trade_by_hand])[timeline.trade_by_hand]
    assert (stock_id, price) == (timeline.repriced, timeline.new_price)
    assert timeline.new_price != timeline.generated[timeline.repriced]


def test_trades_are_priced_by_the_prices_observed_before_them(timeline: Timeline) -> None:
    """The first day's trades were made before its price moves were observed; the second
    day's after: they are priced by the prices the simulator set on the first day."""
    assert timeline.first_day_trades and timeline.second_day_trades
    first = _priced(timeline, timeline.first_day_trades)
    assert first == {t: (s, timeline.generated[s]) for t, (s, _) in first.items()}
    second = _priced(timeline, timeline.second_day_trades)
    assert second == {t: (s, timeline.observed[s]) for t, (s, _) in second.items()}
    moved = {s for s, _ in second.values() if timeline.observed[s] != timeline.generated[s]}
    assert moved, "no trade was priced by a price the simulator set"


def test_a_delisting_closes_the_version_at_the_sources_time(timeline: Timeline) -> None:
    rows = query(
        timeline.settings,
        "select valid_from, valid_to, is_deleted from marts.dim_stock "
        f"where stock_id = '{timeline.delisted}' order by valid_from",
    )
    assert len(rows) == 2
    (_, closed_at, first_deleted), (deleted_from, _, last_deleted) = rows
    assert (first_deleted, last_deleted) == (False, True)
    # Closed by the second cycle, at the source's clock then: the time of the trade by hand.
    assert closed_at == deleted_from == timeline.clocks[1]
    assert HISTORY_END < closed_at < timeline.clocks[2]


def test_every_version_starts_within_the_sources_time(timeline: Timeline) -> None:
    (first, last, versions) = query(
        timeline.settings,
        "select min(valid_from), max(valid_from), count(*) from marts.dim_stock "
        "where valid_from > cast('1900-01-01' as timestamp)",
    )[0]
    assert versions > 0
    assert timeline.clocks[1] <= first and last <= timeline.clocks[2]
