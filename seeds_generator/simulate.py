"""simulate(): advance each source's simulated clock tick by tick, one transaction per tick."""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from faker import Faker

from common.urls import masked
from seeds_generator.clock import simulated_now
from seeds_generator.database import (
    DATABASE_ERRORS,
    atomic,
    check_connection,
    existing_tables,
    open_engine,
    reason,
    where,
)
from seeds_generator.errors import GeneratorError
from seeds_generator.schemas import SOURCES, build_metadata
from seeds_generator.stock_ticks import stock_tick
from seeds_generator.tick import Tick
from seeds_generator.tick_report import TickReport
from seeds_generator.totesys_ticks import totesys_tick

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
# totesys keeps milliseconds (timestamp(3)); stock_db's TIMESTAMP keeps whole seconds.
RESOLUTION = {"totesys": timedelta(milliseconds=1), "stock_db": timedelta(seconds=1)}
ACTIVITY: dict[str, Callable[[Tick], None]] = {"totesys": totesys_tick, "stock_db": stock_tick}


def parse_interval(text: str) -> timedelta:
    """'15m', '1h', '1d', '90s', '1h30m' as a timedelta."""
    parts = re.findall(r"(\d+)([smhd])", text.strip())
    if not parts or "".join(n + u for n, u in parts) != text.strip():
        raise GeneratorError(f"interval {text!r} is not like 15m, 1h, 1d or 1h30m")
    interval = sum((timedelta(**{UNITS[unit]: int(n)}) for n, unit in parts), timedelta())
    if interval < timedelta(seconds=1):
        raise GeneratorError(f"interval {text!r} must be at least one second")
    return interval


def simulate(
    urls: dict[str, str],
    *,
    ticks: int,
    interval: timedelta,
    seed: int | None = None,
    on_tick: Callable[[TickReport], None] | None = None,
) -> list[TickReport]:
    """Apply `ticks` intervals of activity to each source in `urls`; one report per tick.

    `on_tick` sees each report as soon as its tick is committed (the CLI prints it there).
    """
    _validate(urls, ticks, interval)
    seed = secrets.randbits(32) if seed is None else seed
    engines = {source: open_engine(url) for source, url in urls.items()}
    try:
        metadata = {source: _ready(source, engine) for source, engine in engines.items()}
        fakers = {source: Faker("en_GB") for source in engines}
        reports = []
        for number in range(1, ticks + 1):
            report = TickReport(tick=number)
            for source, engine in engines.items():
                _one_tick(source, engine, metadata[source], fakers[source], seed, interval, report)
            reports.append(report)
            if on_tick:
                on_tick(report)
        return reports
    finally:
        for engine in engines.values():
            engine.dispose()


def _validate(urls: dict[str, str], ticks: int, interval: timedelta) -> None:
    unknown = sorted(set(urls) - set(SOURCES))
    if unknown or not urls:
        raise GeneratorError(f"sources to simulate must be among {SOURCES}, got {sorted(urls)}")
    if not isinstance(ticks, int) or ticks < 1:
        raise GeneratorError(f"ticks must be a positive integer, got {ticks!r}")
    if interval < timedelta(seconds=1):
        raise GeneratorError("interval must be at least one second")


def _ready(source: str, engine: sa.Engine) -> sa.MetaData:
    check_connection(engine, source)
    metadata = build_metadata(source, engine.dialect.name)
    found = existing_tables(engine, metadata)
    missing = [name for name in metadata.tables if name not in found and name[0] != "_"]
    if missing:
        raise GeneratorError(
            f"{masked(engine.url)} lacks {source} tables ({', '.join(missing)}); "
            "run `warehouse generate` first"
        )
    return metadata


def _one_tick(
    source: str,
    engine: sa.Engine,
    metadata: sa.MetaData,
    fake: Faker,
    seed: int,
    interval: timedelta,
    report: TickReport,
) -> None:
    try:
        with atomic(engine) as conn:
            # The source's own clock (seeds_generator.clock): where the last tick stopped.
            start = simulated_now(conn, metadata)
            # Seeded by the window too, so later calls with one seed do not repeat themselves.
            tick_seed = f"{seed}/{source}/{start.isoformat()}"
            fake.seed_instance(tick_seed)
            rng = random.Random(tick_seed)  # noqa: S311 - reproducible simulation, not secrets
            tick = Tick(conn, metadata, rng, fake, start, start + interval, RESOLUTION[source])
            ACTIVITY[source](tick)
    except DATABASE_ERRORS as error:
        raise GeneratorError(
            f"tick {report.tick} on {source} was rolled back ({where(engine.url)}): "
            f"{reason(error, engine.url)}"
        ) from None
    report.windows[source] = (tick.start, tick.end)
    report.counts[source] = {table: dict(kinds) for table, kinds in tick.counts.items()}
