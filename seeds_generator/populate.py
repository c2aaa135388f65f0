"""generate(): create a source's schema and fill it with its two years of history, atomically."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

import sqlalchemy as sa
from faker import Faker

from common.urls import masked
from seeds_generator.bulk import sync_sequences, write_rows
from seeds_generator.clock import create_clock_view, drop_clock_view
from seeds_generator.database import (
    DATABASE_ERRORS,
    atomic,
    check_connection,
    existing_tables,
    open_engine,
    reason,
    sqlite_path,
    where,
)
from seeds_generator.ddl import add_deferred_foreign_keys, create_tables
from seeds_generator.errors import GeneratorError
from seeds_generator.schemas import SOURCES, build_metadata
from seeds_generator.stock_history import stock_history
from seeds_generator.totesys_history import totesys_history

Batches = Iterator[dict[str, list[dict[str, object]]]]


def validate(source: str, scale: float) -> None:
    if source not in SOURCES:
        raise GeneratorError(f"unknown source {source!r}: use one of {SOURCES}")
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise GeneratorError(f"scale must be a positive number, got {scale!r}")


def preflight(source: str, url: str, *, scale: float = 1.0, reset: bool = False) -> None:
    """Every check generate() makes before it writes anything (so several sources fail together)."""
    validate(source, scale)
    engine = open_engine(url)
    try:
        _refuse_existing(engine, source, reset)
    finally:
        engine.dispose()


def generate(
    source: str, url: str, *, scale: float = 1.0, seed: int = 42, reset: bool = False
) -> dict[str, int]:
    """Create `source`'s tables at `url` and populate them; returns the rows written per table."""
    validate(source, scale)
    engine = open_engine(url)
    try:
        metadata = _refuse_existing(engine, source, reset)
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        rng = random.Random(seed)  # noqa: S311 - reproducible simulation, not secrets
        make = totesys_history if source == "totesys" else stock_history
        return _populate(engine, metadata, make(rng, fake, scale), reset)
    except DATABASE_ERRORS as error:
        raise GeneratorError(
            f"generating {source} failed ({where(engine.url)}): {reason(error, engine.url)}"
        ) from None
    finally:
        engine.dispose()


def _refuse_existing(engine: sa.Engine, source: str, reset: bool) -> sa.MetaData:
    check_connection(engine, source)
    metadata = build_metadata(source, engine.dialect.name)
    found = existing_tables(engine, metadata)
    if found and not reset:
        raise GeneratorError(
            f"{masked(engine.url)} already has {source} tables ({', '.join(found)}); "
            "pass --reset to drop and recreate them"
        )
    return metadata


def _populate(engine: sa.Engine, metadata: sa.MetaData, batches: Batches, reset: bool):
    if engine.dialect.name == "mysql":
        return _populate_mysql(engine, metadata, batches, reset)
    path = sqlite_path(engine.url)
    is_new_file = path is not None and not path.exists()
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic(engine) as conn:
            if reset:
                _drop(conn, metadata)
            create_tables(conn, metadata)
            return _write(conn, metadata, batches)
    except BaseException:
        if path and is_new_file:
            engine.dispose()
            path.unlink(missing_ok=True)
        raise


def _populate_mysql(engine: sa.Engine, metadata: sa.MetaData, batches: Batches, reset: bool):
    # MariaDB commits DDL implicitly: on any failure, drop what was created.
    if reset:
        with engine.begin() as conn:
            _drop(conn, metadata)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            return _write(conn, metadata, batches)
    except BaseException:
        with engine.begin() as conn:
            _drop(conn, metadata)
        raise


def _drop(conn: sa.Connection, metadata: sa.MetaData) -> None:
    drop_clock_view(conn)  # first: PostgreSQL refuses to drop the tables a view reads
    metadata.drop_all(conn)


def _write(conn: sa.Connection, metadata: sa.MetaData, batches: Batches) -> dict[str, int]:
    counts = dict.fromkeys(metadata.tables, 0)
    for batch in batches:
        for table in metadata.sorted_tables:  # parents before children
            counts[table.name] += write_rows(conn, table, batch.get(table.name, []))
    add_deferred_foreign_keys(conn, metadata)
    sync_sequences(conn, metadata.sorted_tables)
    create_clock_view(conn, metadata)
    return counts
