"""One tick of stock_db activity: prices moved in place, listings, new users, emails, trades."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from seeds_generator import stock_history as stocks
from seeds_generator.bulk import write_rows
from seeds_generator.tick import Tick
from seeds_generator.timeline import draw_count, sample_instants, trading_segments

# Rates per simulated day.
NEW_USERS, EMAIL_CHANGE_SHARE = 10.0, 0.15
LISTINGS, DELISTINGS = 1.0, 1.0  # per day: enough churn for snapshots to see
DAILY_MOVE, UNCHANGED_CHANCE = 0.30, 0.02
PRICE_CEILING = Decimal("99999999.99")


def stock_tick(tick: Tick) -> None:
    """Apply (start, end]'s activity; stock rows change with no timestamp at all."""
    delist_stocks(tick)
    move_prices(tick)  # before listing, so that each stock row changes one way per tick
    list_stocks(tick)
    change_emails(tick)
    add_users(tick)
    add_trades(tick)


def move_prices(tick: Tick) -> None:
    """Up to ±30% a day (proportionally less for a shorter tick); 2% of draws leave it alone."""
    stock = tick.table("stock")
    prices = dict(tick.conn.execute(sa.select(stock.c.stock_id, stock.c.price)).all())
    reach = min(1.0, tick.days)
    chosen = tick.rng.sample(sorted(prices), min(len(prices), tick.how_many(len(prices), 1)))
    rows = []
    for index, stock_id in enumerate(chosen):
        if tick.rng.random() < UNCHANGED_CHANCE and (rows or index < len(chosen) - 1):
            continue  # unchanged today, unless it would leave the tick without any price move
        rows.append({"stock_id": stock_id, "price": moved(tick, Decimal(prices[stock_id]), reach)})
    tick.update_many("stock", rows)


def moved(tick: Tick, price: Decimal, reach: float) -> Decimal:
    factor = Decimal(str(round(1 + tick.rng.uniform(-DAILY_MOVE, DAILY_MOVE) * reach, 6)))
    new = min(max((price * factor).quantize(Decimal("0.01")), Decimal("0.01")), PRICE_CEILING)
    return new if new != price else new + Decimal("0.01")


def delist_stocks(tick: Tick) -> None:
    # A delisted stock's row is deleted; trade history must survive (the FK is ON DELETE
    # RESTRICT), so only stocks never traded - recent listings - can be delisted.
    stock, trade = tick.table("stock"), tick.table("transaction")
    untraded = sa.select(stock.c.stock_id).where(
        ~sa.exists().where(trade.c.stock_id == stock.c.stock_id)
    )
    candidates = sorted(tick.conn.execute(untraded).scalars())
    chosen = tick.rng.sample(candidates, min(len(candidates), tick.how_many(DELISTINGS)))
    if chosen:
        tick.conn.execute(stock.delete().where(stock.c.stock_id.in_(chosen)))
        tick.record("stock", "deleted", len(chosen))


def list_stocks(tick: Tick) -> None:
    stock = tick.table("stock")
    taken = {
        value
        for row in tick.conn.execute(sa.select(stock.c.stock_id, stock.c.company))
        for value in row
    }
    rows = [
        stocks.stock_row(tick.rng, tick.fake, taken, tick.rng.choice(stocks.CATEGORIES))
        for _ in range(tick.how_many(LISTINGS))
    ]
    tick.record("stock", "inserted", write_rows(tick.conn, stock, rows))


def change_emails(tick: Tick) -> None:
    users = tick.keys("user")
    share = tick.rng.uniform(0, EMAIL_CHANGE_SHARE)  # "up to 15% a day"
    wanted = min(len(users), draw_count(tick.rng, share * len(users) * tick.days))
    rows = [
        {
            "user_id": user_id,
            "email": tick.fake.email(),
            "status": "U",
            "updated_at": tick.instant(),
        }
        for user_id in sorted(tick.rng.sample(users, wanted))
    ]
    tick.update_many("user", rows)


def add_users(tick: Tick) -> None:
    first_id = tick.max_id("user") + 1
    joined = sorted(tick.instant() for _ in range(tick.how_many(NEW_USERS, at_least=1)))
    # At least one user joins per tick, the last at its very end: the clock read back from the
    # data next time (max updated_at) is exactly where this tick stopped.
    joined[-1] = tick.end
    rows = [stocks.user_row(tick.fake, first_id + i, when) for i, when in enumerate(joined)]
    tick.record("user", "inserted", write_rows(tick.conn, tick.table("user"), rows))


def add_trades(tick: Tick) -> None:
    stock = tick.table("stock")
    listed = sorted(tick.conn.execute(sa.select(stock.c.stock_id)).scalars())
    users, first_id = tick.max_id("user"), tick.max_id("transaction") + 1
    segments = trading_segments(tick.start, tick.end, stocks.OPENS, stocks.CLOSES)
    hours = sum((high - low).total_seconds() for low, high in segments) / 3600
    count = draw_count(tick.rng, hours * stocks.TRADES_PER_HOUR) if listed and users else 0
    instants = sample_instants(tick.rng, segments, count, stocks.SECOND)
    rows = [
        stocks.trade_row(tick.rng, first_id + i, t, users, listed) for i, t in enumerate(instants)
    ]
    tick.record("transaction", "inserted", write_rows(tick.conn, tick.table("transaction"), rows))
