"""Bulk writes: COPY on PostgreSQL, batched multi-row INSERTs on MariaDB and SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from operator import itemgetter

import sqlalchemy as sa
from psycopg import sql

Row = Mapping[str, object]


def write_rows(conn: sa.Connection, table: sa.Table, rows: list[Row]) -> int:
    """Insert `rows` (dicts holding every column of `table`) with the engine's bulk path."""
    if not rows:
        return 0
    columns = [column.name for column in table.columns]
    pick = itemgetter(*columns)  # every table has several columns, so this yields tuples
    values = [pick(row) for row in rows]
    if conn.dialect.name == "postgresql":
        _copy(conn, table, columns, values)
    else:
        if conn.dialect.name == "sqlite":
            values = [tuple(map(_sqlite_value, row)) for row in values]
        conn.exec_driver_sql(_insert_statement(conn, table, columns), values)
    return len(values)


def _copy(conn: sa.Connection, table: sa.Table, columns: list[str], values: list[tuple]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver_connection = conn.connection.driver_connection
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in values:
            copy.write_row(row)


def _insert_statement(conn: sa.Connection, table: sa.Table, columns: list[str]) -> str:
    # One statement with placeholders: the driver's executemany batches it into multi-row
    # INSERTs (PyMySQL) or a single prepared loop (sqlite3) - no round trip per row.
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(quote(name) for name in columns)
    marks = ", ".join([mark] * len(columns))
    # B608: the names are quoted by the dialect's preparer, the values are placeholders.
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # nosec B608


def _sqlite_value(value: object) -> object:
    # Stored the way SQLAlchemy's SQLite types write and read them back.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, Decimal):
        return str(value)
    return value


def sync_sequences(conn: sa.Connection, tables: Iterable[sa.Table]) -> None:
    """Move PostgreSQL's serial sequences past the ids written explicitly by COPY."""
    if conn.dialect.name != "postgresql":
        return  # MariaDB's auto_increment and SQLite's rowid follow the largest id by themselves
    for table in tables:
        key = table.primary_key.columns.values()[0]
        if not isinstance(key.type, sa.Integer):
            continue
        quoted = conn.dialect.identifier_preparer.format_table(table)
        next_id = sa.func.coalesce(sa.func.max(key), 0) + 1
        sequence = sa.func.pg_get_serial_sequence(quoted, key.name)
        conn.execute(sa.select(sa.func.setval(sequence, next_id, False)).select_from(table))
