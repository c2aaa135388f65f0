"""Read access to a raw schema of the warehouse (DuckDB file or PostgreSQL) for reconcile."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import duckdb
import psycopg
from psycopg import sql
from sqlalchemy.dialects import postgresql

from common.urls import masked
from ingestion.connections import reraise
from ingestion.destinations import duckdb_path, is_duckdb, postgres_dsn

FETCH_ROWS = 50_000
# DuckDB quotes identifiers as PostgreSQL does; SQLAlchemy's preparer does the quoting.
_duck_quote = postgresql.dialect().identifier_preparer.quote


class RawReader:
    """Streams columns of raw tables; knows which tables and columns exist."""

    def __init__(self, warehouse_url: str, schema: str) -> None:
        self.schema = schema
        self.duck = is_duckdb(warehouse_url)
        with reraise(f"warehouse {masked(warehouse_url)} is unreachable", warehouse_url):
            if self.duck:
                self.conn: Any = duckdb.connect(str(duckdb_path(warehouse_url)), read_only=True)
            else:
                self.conn = psycopg.connect(postgres_dsn(warehouse_url), connect_timeout=10)

    def close(self) -> None:
        self.conn.close()

    def columns(self, table: str) -> list[str]:
        """The table's columns in raw; empty if raw has no such table."""
        query = (
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position"
        )
        if self.duck:
            rows = self.conn.execute(query.replace("%s", "?"), [self.schema, table]).fetchall()
        else:
            rows = self.conn.execute(query, (self.schema, table)).fetchall()
        return [row[0] for row in rows]

    def rows(self, table: str, columns: list[str]) -> Iterator[tuple]:
        """Every row of the table, these columns only, in batches."""
        with contextlib.closing(self._cursor(table, columns)) as cursor:
            while batch := cursor.fetchmany(FETCH_ROWS):
                yield from batch

    def _cursor(self, table: str, columns: list[str]) -> Any:
        if self.duck:
            names = ", ".join(_duck_quote(c) for c in columns)
            # B608 is a false positive: every name is quoted by the dialect's preparer.
            source = f"{_duck_quote(self.schema)}.{_duck_quote(table)}"
            query = f"SELECT {names} FROM {source}"  # nosec B608
            return self.conn.cursor().execute(query)
        query = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(self.schema, table)
        )
        cursor = self.conn.cursor(name="reconcile")  # server-side: memory stays flat
        cursor.execute(query)
        return cursor
