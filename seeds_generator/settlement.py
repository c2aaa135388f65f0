"""When a payment is made: early, on the agreed day, late, or never (still unpaid past it)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from seeds_generator.timeline import between

# Shares of payments made early, on the agreed day and late; the rest stay unpaid.
EARLY, ON_TIME, LATE = 0.20, 0.45, 0.30
MOST_DAYS_EARLY = 5
MEAN_DAYS_LATE, MOST_DAYS_LATE = 6.0, 60
OPENS, CLOSES = time(9), time(17)  # payments go out in office hours


def settlement_day(payment_id: int, agreed: str, created: datetime) -> date | None:
    """The day payment `payment_id` is made, never before its order; None if it never is.

    Drawn from the payment's id, not from a run's generator, so that the generated history
    and every later tick agree on when each payment is made (same data, same days)."""
    rng = random.Random(f"settlement/{payment_id}")  # noqa: S311 - reproducible, not secret
    draw = rng.random()
    if draw >= EARLY + ON_TIME + LATE:
        return None
    day = date.fromisoformat(agreed)
    if draw < EARLY:
        day -= timedelta(days=between(rng, 1, MOST_DAYS_EARLY))
    elif draw >= EARLY + ON_TIME:
        late = 1 + int(rng.expovariate(1 / MEAN_DAYS_LATE))
        day += timedelta(days=min(late, MOST_DAYS_LATE))
    return max(day, created.date())


def earliest_payment(day: date, created: datetime) -> datetime:
    """The payment goes out from the office's opening on `day`, and never before its order."""
    return max(datetime.combine(day, OPENS), created)


def latest_payment(day: date, created: datetime) -> datetime:
    """By the office's closing, or within the hour for an order placed after it."""
    return max(datetime.combine(day, CLOSES), created + timedelta(hours=1))


def unpaid_until(day: date) -> str:
    """The agreed dates (yyyy-mm-dd) a payment made by `day` may have: up to a few days on."""
    return f"{day + timedelta(days=MOST_DAYS_EARLY):%Y-%m-%d}"
