"""What the test warehouse's history does to the stock source, read on the source's own clock.

The history (tests/warehouses.py) lets a simulated day pass before its second and third
cycles, and changes stock_db by hand before the second: a price change and a trade of that
stock. The one-timeline tests check that the snapshots dated what they observed by the source's
clock, so trades are priced by the price valid when they were made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

import seeds_generator
from orchestration.settings import Settings
from seeds_generator.clock import read_clock
from seeds_generator.database import open_engine
from seeds_generator.schemas import build_metadata
from tests.dbt.deployments import writable_sources

DAY = timedelta(days=1)
Prices = dict[str, Decimal]


@dataclass
class Timeline:
    """The clock at each cycle, the prices each observed and the trades between them."""

    clocks: list[datetime] = field(default_factory=list)  # stock_db's clock at each cycle
    generated: Prices = field(default_factory=dict)  # prices the first cycle observed
    observed: Prices = field(default_factory=dict)  # prices the second cycle observed
    repriced: str = ""
    trade_by_hand: int = 0
    first_day_trades: list[int] = field(default_factory=list)
    second_day_trades: list[int] = field(default_factory=list)

    @property
    def new_price(self) -> Decimal:
        return self.observed[self.repriced]


def stock_clock(settings: Settings) -> datetime | None:
    return seeds_generator.observed_clock(writable_sources(settings)["stock_db"])


def simulate_day(settings: Settings, seed: int) -> list[int]:
    """One simulated day of activity in both sources; the stock trades it made."""
    before = trade_ids(settings)
    seeds_generator.simulate(writable_sources(settings), ticks=1, interval=DAY, seed=seed)
    return sorted(trade_ids(settings) - before)


def _stock_db(settings: Settings) -> tuple[sa.Engine, dict[str, sa.Table]]:
    engine = open_engine(writable_sources(settings)["stock_db"])
    return engine, build_metadata("stock_db", engine.dialect.name).tables


def prices(settings: Settings) -> Prices:
    engine, tables = _stock_db(settings)
    with engine.connect() as conn:
        stock = tables["stock"]
        return dict(conn.execute(sa.select(stock.c.stock_id, stock.c.price)).all())


def trade_ids(settings: Settings) -> set[int]:
    engine, tables = _stock_db(settings)
    with engine.connect() as conn:
        return set(conn.execute(sa.select(tables["transaction"].c.transaction_id)).scalars())


def reprice_and_trade(settings: Settings) -> tuple[str, int]:
    """A price change of a traded stock, then a trade of it one minute after the source's
    clock, as the application would make them; the stock and the trade's id."""
    engine, tables = _stock_db(settings)
    stock, trade = tables["stock"], tables["transaction"]
    with engine.begin() as conn:
        now = read_clock(conn)
        repriced = min(conn.execute(sa.select(trade.c.stock_id)).scalars())
        conn.execute(
            stock.update().where(stock.c.stock_id == repriced).values(price=stock.c.price + 1)
        )
        row = {
            "user_id": 1,
            "stock_id": repriced,
            "quantity": 5,
            "transaction_date": now + timedelta(minutes=1),
        }
        conn.execute(trade.insert().values(**row))
        trade_id = conn.execute(sa.select(sa.func.max(trade.c.transaction_id))).scalar_one()
    return repriced, trade_id
