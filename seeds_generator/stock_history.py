"""stock_db's starting data: listed stocks, the first users and two years of hourly trades."""

from __future__ import annotations

import itertools
import random
import string
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from faker import Faker

from seeds_generator.timeline import (
    HISTORY_END,
    HISTORY_START,
    between,
    draw_count,
    month_starts,
    random_instant,
    sample_instants,
    trading_segments,
)

Row = dict[str, object]
STOCKS, USERS, UNTRADED = 48, 20, 3  # the last few stocks are new listings not yet traded
CATEGORIES = (
    "Technology",
    "Healthcare",
    "Financials",
    "Energy",
    "Utilities",
    "Real Estate",
    "Materials",
    "Industrials",
    "Consumer Discretionary",
    "Consumer Staples",
    "Telecommunications",
    "Transportation",
    "Biotechnology",
    "Retail",
    "Media",
)
TRADES_PER_HOUR = 1.0
OPENS, CLOSES = 8, 17
SECOND = timedelta(seconds=1)
SELL_SHARE = 0.25  # sales are stored as negative quantities


def stock_row(rng: random.Random, fake: Faker, taken: set[str], category: str) -> Row:
    """A newly listed stock with a ticker and company name not used before."""
    while True:
        ticker = "".join(rng.choices(string.ascii_uppercase, k=between(rng, 3, 5)))
        company = fake.company()
        if ticker not in taken and company not in taken:
            taken.update((ticker, company))
            price = Decimal(between(rng, 500, 50_000)) / 100
            return {"stock_id": ticker, "company": company, "category": category, "price": price}


def user_row(fake: Faker, user_id: int, when: datetime, status: str = "I") -> Row:
    return {
        "user_id": user_id,
        "name": fake.name(),
        "email": fake.email(),
        "updated_at": when,
        "status": status,
    }


def trade_row(rng: random.Random, trade_id: int, when: datetime, users: int, stocks: list[str]):
    quantity = between(rng, 1, 10)
    return {
        "transaction_id": trade_id,
        "user_id": between(rng, 1, users),
        "stock_id": rng.choice(stocks),
        "quantity": -quantity if rng.random() < SELL_SHARE else quantity,
        "transaction_date": when,
    }


def stock_history(rng: random.Random, fake: Faker, scale: float) -> Iterator[dict[str, list[Row]]]:
    taken: set[str] = set()
    categories = [CATEGORIES[i % len(CATEGORIES)] for i in range(STOCKS)]
    stocks = [stock_row(rng, fake, taken, category) for category in categories]
    users = [initial_user(rng, fake, user_id) for user_id in range(1, USERS + 1)]
    yield {"stock": stocks, "user": users}
    traded = [str(row["stock_id"]) for row in stocks[: STOCKS - UNTRADED]]
    next_id = 1
    bounds = month_starts(HISTORY_START, HISTORY_END)
    for start, end in itertools.pairwise(bounds):
        segments = trading_segments(start, end, OPENS, CLOSES)
        expected = sum((h - low).total_seconds() for low, h in segments) / 3600 * TRADES_PER_HOUR
        instants = sample_instants(rng, segments, draw_count(rng, expected * scale), SECOND)
        trades = [trade_row(rng, next_id + i, t, USERS, traded) for i, t in enumerate(instants)]
        next_id += len(trades)
        yield {"transaction": trades}


def initial_user(rng: random.Random, fake: Faker, user_id: int) -> Row:
    # Some users changed their email during the window: status 'U' and a later updated_at.
    changed = rng.random() < 0.5
    when = random_instant(rng, HISTORY_START, HISTORY_END - SECOND, SECOND) if changed else None
    return user_row(fake, user_id, when or HISTORY_START, "U" if changed else "I")
