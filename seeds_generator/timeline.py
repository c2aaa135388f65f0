"""Simulated time: the fixed history window, trading hours and random instants within them."""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

# The generated history is a fixed two-year window, so the data never depends on the wall clock.
# It ends on a Monday at 08:00: simulated activity starts on a trading day, so even a short
# demo run has trades priced by the prices its ticks moved (a weekend start has no trades).
HISTORY_END = datetime(2025, 11, 3, 8)
HISTORY_START = datetime(2023, 11, 1)

Segment = tuple[datetime, datetime]


def between(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high]; rng.randint's speed dominated bulk generation."""
    return low + int(rng.random() * (high - low + 1))


@lru_cache(maxsize=4096)
def iso_day(ordinal: int) -> str:
    """yyyy-mm-dd of a proleptic ordinal day, cached: orders repeat the same few dates."""
    return date.fromordinal(ordinal).isoformat()


def draw_count(rng: random.Random, expected: float) -> int:
    """An integer whose mean is `expected` (the fraction becomes a coin toss)."""
    whole = int(expected)
    return whole + (rng.random() < expected - whole)


def trading_segments(start: datetime, end: datetime, opens: int, closes: int) -> list[Segment]:
    """Weekday opening hours [opens:00, closes:00) that fall within (start, end]."""
    segments: list[Segment] = []
    day: date = start.date()
    while day <= end.date():
        if day.weekday() < 5:
            low = max(datetime.combine(day, time(opens)), start)
            high = min(datetime.combine(day, time(closes)), end)
            if high > low:
                segments.append((low, high))
        day += timedelta(days=1)
    return segments


def segments_seconds(segments: list[Segment]) -> float:
    return sum((high - low).total_seconds() for low, high in segments)


def sample_instants(
    rng: random.Random, segments: list[Segment], count: int, resolution: timedelta
) -> list[datetime]:
    """`count` sorted instants spread uniformly over the segments, strictly after each start."""
    if not segments or count <= 0:
        return []
    cumulative: list[float] = []
    total = 0.0
    for low, high in segments:
        total += (high - low).total_seconds()
        cumulative.append(total)
    instants = []
    for _ in range(count):
        point = rng.random() * total
        index = min(bisect.bisect_right(cumulative, point), len(segments) - 1)
        low, high = segments[index]
        offset = point - (cumulative[index] - (high - low).total_seconds())
        instants.append(after(low + timedelta(seconds=offset), low, high, resolution))
    return sorted(instants)


def after(instant: datetime, low: datetime, high: datetime, resolution: timedelta) -> datetime:
    """`instant` rounded up to `resolution`, kept within (low, high]."""
    step = resolution // timedelta(microseconds=1)
    micros = (instant - datetime.min) // timedelta(microseconds=1)
    rounded = datetime.min + timedelta(microseconds=-(-micros // step) * step)
    if rounded <= low:
        rounded = low + resolution
    return min(rounded, high)


def random_instant(
    rng: random.Random, low: datetime, high: datetime, resolution: timedelta
) -> datetime:
    """One instant in (low, high], on the given resolution."""
    span = (high - low).total_seconds()
    return after(low + timedelta(seconds=rng.random() * span), low, high, resolution)


def month_starts(start: datetime, end: datetime) -> list[datetime]:
    """First instants of each month from start up to end, plus end itself."""
    bounds = [start]
    current = start
    while True:
        year, month = divmod(current.month, 12)
        current = datetime(current.year + year, month + 1, 1)
        if current >= end:
            return [*bounds, end]
        bounds.append(current)
