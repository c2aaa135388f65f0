"""Compares each source table with its raw copy: row counts and an order-independent checksum."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from dlt.common.normalizers.naming import NamingConvention

from ingestion.connections import reraise, source_engine
from ingestion.destinations import raw_naming, raw_schema
from ingestion.tables import TableInfo, raw_names, reflect_tables
from ingestion.warehouse import RawReader

MODULUS = 2**64


@dataclass(frozen=True)
class ReconcileRow:
    """One table: rows and checksum in the source and in raw (within the same cursor window)."""

    table: str
    source_rows: int
    raw_rows: int
    source_checksum: str
    raw_checksum: str

    @property
    def matches(self) -> bool:
        return (self.source_rows, self.source_checksum) == (self.raw_rows, self.raw_checksum)


def canonical(value: object) -> str:
    """One text form per value, so SQLite, PostgreSQL, MariaDB and DuckDB values agree."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        value = decimal.Decimal(repr(value))
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _digest(rows: Iterable[tuple], cursor_at: int | None, upto: object) -> tuple[int, str]:
    """Row count and the sum of per-row hashes (order-independent) of rows up to the window end."""
    count, total = 0, 0
    for row in rows:
        if cursor_at is not None and upto is not None and _naive(row[cursor_at]) > upto:
            continue
        text = "\x1f".join(canonical(value) for value in row).encode()
        total += int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")
        count += 1
    return count, f"{total % MODULUS:016x}"


def _naive(value: object) -> object:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def reconcile(source: str, source_url: str, *, warehouse_url: str) -> list[ReconcileRow]:
    """Per source table: counts and checksums of every source column, in source and in raw."""
    engine = source_engine(source, source_url)
    raw = RawReader(warehouse_url, raw_schema(source))
    try:
        with reraise(f"reconcile of {source} failed", source_url, warehouse_url):
            naming = raw_naming(warehouse_url)
            return [_compare(engine, raw, info, naming) for info in reflect_tables(engine).values()]
    finally:
        raw.close()
        engine.dispose()


def _compare(
    engine: sa.Engine, raw: RawReader, info: TableInfo, naming: NamingConvention
) -> ReconcileRow:
    table = sa.Table(info.name, sa.MetaData(), autoload_with=engine)
    columns = [column.name for column in table.columns]
    # Raw holds the table and its columns under dlt's normalised names.
    in_raw = raw_names(info, naming)
    raw_columns = [naming.normalize_identifier(name) for name in columns]
    if not set(raw_columns) <= set(raw.columns(in_raw.name)):
        count, checksum = _source_digest(engine, table, None, None)
        return ReconcileRow(info.name, count, 0, checksum, "missing")
    cursor_at = columns.index(info.cursor) if info.cursor else None
    # The window: rows the last extract could have seen (raw's newest cursor value).
    upto = _raw_max(raw, in_raw, cursor_at, columns)
    raw_count, raw_checksum = _digest(raw.rows(in_raw.name, raw_columns), cursor_at, upto)
    count, checksum = _source_digest(engine, table, cursor_at, upto)
    return ReconcileRow(info.name, count, raw_count, checksum, raw_checksum)


def _raw_max(raw: RawReader, info: TableInfo, cursor_at: int | None, columns: list[str]) -> object:
    if cursor_at is None or info.cursor is None:
        return None
    values = [_naive(row[0]) for row in raw.rows(info.name, [info.cursor])]
    return max(values, default=None)


def _source_digest(
    engine: sa.Engine, table: sa.Table, cursor_at: int | None, upto: object
) -> tuple[int, str]:
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=50_000).execute(sa.select(table))
        return _digest(result, cursor_at, upto)


def format_reconcile(source: str, rows: list[ReconcileRow]) -> str:
    """A printable table: one line per table, 'ok' or 'MISMATCH'."""
    lines = [f"{source}: {'table':<16} {'source':>8} {'raw':>8}  {'checksum':<16}  result"]
    for row in rows:
        shown = row.source_checksum if row.matches else f"{row.source_checksum}≠{row.raw_checksum}"
        verdict = "ok" if row.matches else "MISMATCH"
        lines.append(
            f"  {row.table:<16} {row.source_rows:>8} {row.raw_rows:>8}  {shown}  {verdict}"
        )
    return "\n".join(lines)
