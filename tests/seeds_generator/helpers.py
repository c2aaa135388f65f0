"""Read-back helpers for the generator tests: whole-table dumps, counts and FK orphans."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

Dump = dict[str, dict[object, dict[str, object]]]


@contextmanager
def engine_for(url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url)
    if engine.dialect.name == "mysql":
        engine = sa.create_engine(url, connect_args={"init_command": "SET time_zone = '+00:00'"})
    try:
        yield engine
    finally:
        engine.dispose()


def reflect(engine: sa.Engine) -> sa.MetaData:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    return metadata


def dump(url: str) -> Dump:
    """Every row of every table, keyed by table then primary key."""
    with engine_for(url) as engine, engine.connect() as conn:
        tables = {}
        for table in reflect(engine).sorted_tables:
            key = table.primary_key.columns.values()[0]
            rows = conn.execute(sa.select(table).order_by(key)).mappings()
            tables[table.name] = {row[key.name]: dict(row) for row in rows}
        return tables


def row_counts(url: str) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump(url).items()}


def orphans(url: str) -> list[str]:
    """Foreign-key values with no parent row, described as 'table.column=value'."""
    found = []
    with engine_for(url) as engine, engine.connect() as conn:
        metadata = reflect(engine)
        for table in metadata.sorted_tables:
            for fk in table.foreign_keys:
                child, parent = fk.parent, fk.column
                missing = sa.select(child).where(
                    child.is_not(None), ~sa.exists().where(parent == child)
                )
                found += [f"{table.name}.{child.name}={v}" for v in conn.execute(missing).scalars()]
    return found


def scalar(url: str, statement: sa.Executable) -> object:
    with engine_for(url) as engine, engine.connect() as conn:
        return conn.execute(statement).scalar()
