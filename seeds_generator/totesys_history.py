"""Two years of totesys history, produced month by month so memory stays flat at any scale."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from faker import Faker

from seeds_generator import settlement
from seeds_generator import totesys_orders as orders
from seeds_generator import totesys_reference as ref
from seeds_generator.timeline import (
    HISTORY_END,
    HISTORY_START,
    draw_count,
    month_starts,
    random_instant,
    sample_instants,
    segments_seconds,
    trading_segments,
)

Batch = dict[str, list[ref.Row]]
AMENDED_SHARE = 0.15  # orders amended after creation, within the following ten days


def totesys_history(rng: random.Random, fake: Faker, scale: float) -> Iterator[Batch]:
    """The reference tables first, then each month's orders, transactions and payments."""
    reference = ref.reference_rows(rng, fake)
    yield reference
    book = orders.OrderBook(
        design_created=[row["created_at"] for row in reference["design"]],  # type: ignore[misc]
    )
    bounds = month_starts(HISTORY_START, HISTORY_END)
    for start, end in itertools.pairwise(bounds):
        yield month_of_orders(rng, book, start, end, scale)


def month_of_orders(
    rng: random.Random, book: orders.OrderBook, start: datetime, end: datetime, scale: float
) -> Batch:
    segments = trading_segments(start, end, orders.OPENS, orders.CLOSES)
    hours = segments_seconds(segments) / 3600
    expected_sales = orders.SALES_PER_TRADING_HOUR * hours * scale
    sales = sample_instants(rng, segments, draw_count(rng, expected_sales), ref.MS)
    purchases = sample_instants(
        rng, segments, draw_count(rng, expected_sales * orders.PURCHASE_RATIO), ref.MS
    )
    batch = orders.new_orders(rng, book, sales, purchases)
    for row in batch["sales_order"] + batch["purchase_order"]:
        if rng.random() < AMENDED_SHARE:
            amend_in_history(rng, row)
    for row in batch["payment"]:
        pay_in_history(rng, row)
    return batch


def amend_in_history(rng: random.Random, row: ref.Row) -> None:
    created: datetime = row["created_at"]  # type: ignore[assignment]
    latest = min(created + timedelta(days=10), HISTORY_END - ref.MS)
    if latest > created:
        row["last_updated"] = random_instant(rng, created, latest, ref.MS)


def pay_in_history(rng: random.Random, row: ref.Row) -> None:
    """A payment made before the history ends is paid, dated the day it was made; its
    last_updated moves then. One made later stays unpaid, for the ticks to pay."""
    created: datetime = row["created_at"]  # type: ignore[assignment]
    payment_id: int = row["payment_id"]  # type: ignore[assignment]
    day = settlement.settlement_day(payment_id, str(row["payment_date"]), created)
    if day is None:
        return
    earliest = settlement.earliest_payment(day, created)
    latest = min(settlement.latest_payment(day, created), HISTORY_END - ref.MS)
    if latest > earliest:
        moment = random_instant(rng, earliest, latest, ref.MS)
        row.update(paid=True, payment_date=f"{moment:%Y-%m-%d}", last_updated=moment)
