"""The FX-rates API the demo serves: daily GBP, USD and EUR rates, shaped like frankfurter.app.

`GET <base>/<start>..<end>?base=GBP&symbols=USD,EUR` (end optional) answers
`{"amount": 1.0, "base": "GBP", "start_date": …, "end_date": …, "rates": {date: {cur: rate}}}`.
Rates exist for working days only (as the ECB's reference rates, which frankfurter serves), up
to the simulated today: none for a day that has not happened yet. They follow a random walk from
plausible 2023 rates, fixed by the seed, so every run of the same seed serves the same rates.
"""

from __future__ import annotations

import math
import random
import threading
from datetime import date, timedelta

from seeds_generator.feed_records import malformed, pick
from seeds_generator.timeline import HISTORY_START

CURRENCIES = ("GBP", "USD", "EUR")
# Units of each currency per pound at the start of the history, and the daily volatility.
START_PER_GBP = {"GBP": 1.0, "USD": 1.22, "EUR": 1.15}
DAILY_SIGMA = 0.004


class RateWalk:
    """Per-pound rates for every working day from the history's start, grown on demand."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rng = random.Random(f"fx:{seed}")  # noqa: S311 (a reproducible walk)
        self._days: dict[date, dict[str, float]] = {}
        self._last = (HISTORY_START.date() - timedelta(days=1), dict(START_PER_GBP))
        self._lock = threading.Lock()

    def per_gbp(self, day: date) -> dict[str, float] | None:
        """Units of each currency per pound on `day`; None on a weekend."""
        with self._lock:
            while self._last[0] < day:
                self._step()
        return self._days.get(day)

    def _step(self) -> None:
        day, rates = self._last
        day += timedelta(days=1)
        if day.weekday() < 5:
            rates = {
                cur: value * (1 if cur == "GBP" else math.exp(self._rng.gauss(0, DAILY_SIGMA)))
                for cur, value in rates.items()
            }
            self._days[day] = rates
        self._last = (day, rates)


def rates_on(walk: RateWalk, day: date, base: str, symbols: list[str]) -> dict | None:
    """`day`'s rates from `base` to each symbol (rounded as frankfurter does), or None."""
    per_gbp = walk.per_gbp(day)
    if per_gbp is None:
        return None
    rates = {cur: round(per_gbp[cur] / per_gbp[base], 5) for cur in symbols if cur != base}
    return _spoiled(walk.seed, day, rates) if malformed(walk.seed, "fx", day) else rates


def _spoiled(seed: int, day: date, rates: dict) -> dict:
    """A day's rates broken the way feeds break: a text value, a missing or negative rate."""
    kind = pick(seed, ("text", "missing", "negative"), "fx-kind", day)
    spoiled = dict(rates)
    first = sorted(spoiled)[0]
    if kind == "text":
        spoiled[first] = f"{spoiled[first]:.4f}".replace(".", ",")
    elif kind == "missing":
        del spoiled[first]
    else:
        spoiled[first] = -spoiled[first]
    return spoiled


def parse_range(text: str) -> tuple[date, date | None]:
    """`2024-01-02..2024-02-01` or `2024-01-02..` as dates; ValueError when it is neither."""
    start, _, end = text.partition("..")
    return date.fromisoformat(start), date.fromisoformat(end) if end else None


def time_series(walk: RateWalk, path: str, query: dict, today: date) -> tuple[int, dict]:
    """The response to one request: (HTTP status, JSON body)."""
    try:
        start, end = parse_range(path)
    except ValueError:
        return 404, {"message": "not found"}
    base = query.get("base", "EUR")
    symbols = [s for s in query.get("symbols", ",".join(CURRENCIES)).split(",") if s]
    if base not in CURRENCIES or any(s not in CURRENCIES for s in symbols):
        return 422, {"message": "unknown currency"}
    end = min(end or today, today)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    rates = {d.isoformat(): r for d in days if (r := rates_on(walk, d, base, symbols))}
    body = {"amount": 1.0, "base": base, "start_date": start.isoformat(), "rates": rates}
    return 200, {**body, "end_date": max(rates, default=start.isoformat())}
