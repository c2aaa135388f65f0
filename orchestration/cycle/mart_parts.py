"""The marts as the parts processed/ publishes them in, each with a fingerprint of its rows.

A mart with a `loaded_at` column (a fact, or a report built on one) is published one part per
lake load: the rows that load brought. Any other mart (a dimension, the FX-converted facts) is
one part, the whole table. A part's fingerprint is its row count and an order-independent sum
of its rows' hashes, computed in the warehouse: a cycle compares it with the fingerprint of
what it published before and exports only the parts that differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import connectorx
import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from orchestration.settings import Settings

MARTS_SCHEMA = "marts"
LOAD_COLUMN = "loaded_at"
_DIALECT = postgresql.dialect()  # DuckDB quotes names and writes literals like PostgreSQL
quote = _DIALECT.identifier_preparer.quote
# Hash of a whole row (`mart_row`, the table's alias), each column by its type's own hash: the
# row's text form, hashed instead, cost three times as much to make. A change of this hash (a
# new DuckDB's, or this one's) makes the next publish rewrite every file once.
ROW_HASH = {"local": "hash(mart_row)", "postgres": "hash_record_extended(mart_row, 0)"}
_LIST_MARTS = (
    "select table_name from information_schema.tables "
    "where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
)
_LOAD_PARTITIONED = (
    "select table_name from information_schema.columns "
    "where table_schema = 'marts' and column_name = 'loaded_at'"  # LOAD_COLUMN
)


@dataclass(frozen=True)
class Part:
    """Rows of one mart published as one file: one lake load's (`loaded_at`) or all of them."""

    loaded_at: datetime | None
    fingerprint: str
    rows: int


class PublishError(RuntimeError):
    """A mart that cannot be laid out in processed/."""


@dataclass(frozen=True)
class Marts:
    """The warehouse's marts schema, read through `query` (SQL in, Arrow out)."""

    query: Callable[[str], pa.Table]
    target: str

    def tables(self) -> list[str]:
        return self.query(_LIST_MARTS).column(0).to_pylist()

    def load_partitioned(self) -> set[str]:
        """The marts published one part per lake load: those with a `loaded_at` column."""
        return set(self.query(_LOAD_PARTITIONED).column(0).to_pylist())

    def parts(self, table: str, by_load: bool) -> list[Part]:
        group = quote(LOAD_COLUMN) if by_load else "null"
        # B608: names quoted by SQLAlchemy's PostgreSQL preparer; the hash is one of two constants.
        sql = (
            f"select {group} as part, count(*) as row_count, "  # nosec B608
            f"cast(sum({ROW_HASH[self.target]}) as text) as row_hash "
            f"from {_relation(table)} as mart_row" + (f" group by {group}" if by_load else "")
        )
        found = self.query(sql).to_pylist()
        if by_load and any(row["part"] is None for row in found):
            raise PublishError(f"{MARTS_SCHEMA}.{table} has rows with no {LOAD_COLUMN}")
        return [
            Part(row["part"], fingerprint(row["row_count"], row["row_hash"]), row["row_count"])
            for row in found
            if row["row_count"]
        ]

    def rows(self, table: str) -> pa.Table:
        return self.query(f"select * from {_relation(table)}")  # nosec B608: quoted names

    def rows_by_load(self, table: str, loads: list[datetime] | None) -> pa.Table:
        """The rows of these loads (every load's when None), sorted by load."""
        load = quote(LOAD_COLUMN)
        sql = f"select * from {_relation(table)}"  # nosec B608: quoted names, typed literals
        if loads is not None:
            sql += f" where {load} in ({', '.join(_timestamp(value) for value in loads)})"
        return self.query(f"{sql} order by {load}")


def _relation(table: str) -> str:
    return f"{quote(MARTS_SCHEMA)}.{quote(table)}"


def _timestamp(value: datetime) -> str:
    return f"cast({literal(value, sa.DateTime())} as timestamp)"


def literal(value: object, type_: sa.types.TypeEngine | None = None) -> str:
    """`value` as an SQL literal, written by SQLAlchemy's PostgreSQL dialect (DuckDB reads it)."""
    compiled = sa.literal(value, type_).compile(
        dialect=_DIALECT, compile_kwargs={"literal_binds": True}
    )
    return str(compiled)


def fingerprint(row_count: int, row_hash: str) -> str:
    """A part's fingerprint: its row count and the sum of its rows' hashes."""
    return f"{row_count}:{row_hash}"


def fingerprint_rows(value: str) -> int:
    """The row count a fingerprint records."""
    return int(value.split(":", 1)[0])


def split_by_load(rows: pa.Table) -> Iterator[tuple[datetime, pa.Table]]:
    """Rows sorted by load, cut into one table per load."""
    runs = pc.run_end_encode(rows.column(LOAD_COLUMN).combine_chunks())
    start = 0
    for end, load in zip(runs.run_ends.to_pylist(), runs.values.to_pylist(), strict=True):
        yield load, rows.slice(start, end - start)
        start = end


@contextmanager
def open_marts(settings: Settings) -> Iterator[Marts]:
    """The marts of the deployment's warehouse, as the transformer reads them."""
    if settings.target == "local":
        # Same configuration as dbt-duckdb's connection, so one process can hold both.
        with duckdb.connect(str(settings.duckdb_path)) as connection:
            yield Marts(lambda sql: connection.sql(sql).to_arrow_table(), "local")
        return
    url = make_url(settings.transform_url).set(drivername="postgresql")
    dsn = url.render_as_string(hide_password=False)
    yield Marts(lambda sql: connectorx.read_sql(dsn, sql, return_type="arrow"), "postgres")
