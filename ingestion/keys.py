"""Key-set comparison: primary keys raw still holds but the source no longer has (deletions)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import connectorx as cx
import dlt
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from dlt.destinations.sql_client import SqlClientBase
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from ingestion.connections import reraise
from ingestion.destinations import is_duckdb
from ingestion.load import raw_has
from ingestion.tables import TableInfo, raw_names


def missing_keys(
    engine: sa.Engine, pipeline: dlt.Pipeline, warehouse_url: str, tables: dict[str, TableInfo]
) -> dict[str, pa.Table]:
    """Keys raw holds that the source no longer has, per cursor table (`_deleted_<table>` ->
    keys). Snapshot tables are replaced whole anyway. One raw connection serves every table:
    opening dlt's SQL client is not free (its configuration is resolved afresh each time).

    A failure names its side: the source's database (its two queries say so), or else raw's
    schema."""
    found = {}
    on_warehouse = f"deletion check failed in the warehouse ({pipeline.dataset_name})"
    with reraise(on_warehouse, warehouse_url), pipeline.sql_client() as client:
        for info in tables.values():
            if not (info.cursor and info.primary_key):
                continue
            if (keys := _deleted_keys(engine, pipeline, client, warehouse_url, info)) is not None:
                found[info.deleted_table] = keys
    return found


def _deleted_keys(
    engine: sa.Engine,
    pipeline: dlt.Pipeline,
    client: SqlClientBase,
    warehouse_url: str,
    info: TableInfo,
) -> pa.Table | None:
    """Keys in raw that are gone from the source, as an Arrow table (None if there are none)."""
    in_raw = raw_names(info, pipeline.default_schema.naming)
    if not raw_has(pipeline, in_raw.name) or _counts_agree(engine, client, info, in_raw):
        return None
    raw = raw_key_table(pipeline, client, warehouse_url, in_raw)
    if raw is None or raw.num_rows == 0:
        return None
    raw = raw.rename_columns(list(info.primary_key))
    source = source_key_table(engine, info)
    keep = pc.invert(pc.is_in(_joined(raw, info), value_set=_joined(source, info)))
    missing = raw.filter(keep)
    return missing if missing.num_rows else None


def _counts_agree(
    engine: sa.Engine, client: SqlClientBase, info: TableInfo, in_raw: TableInfo
) -> bool:
    """True when raw and the source hold as many rows up to raw's newest cursor value.

    Raw holds every source row up to that value (what the extract saw), so equal counts mean
    no key is missing from the source: count queries instead of reading every key. Any doubt
    (rows changed since, late commits, other types) only makes the counts differ, and the
    full key comparison runs. Raw and the source are counted at the same time (each a full
    scan, cheap beside reading every key); the source's count is bounded by raw's newest value
    in a second query only when the source has newer rows than raw (it changed since the extract).
    """
    if not info.cursor or not in_raw.cursor:
        return False
    with ThreadPoolExecutor(max_workers=1) as pool:
        source_counted = pool.submit(_source_count, engine, info, None)
        raw_rows, newest = _raw_count(client, in_raw)
        source_rows, source_newest = source_counted.result()
    if newest is None:
        return raw_rows == 0
    if source_newest != newest:
        source_rows, _ = _source_count(engine, info, newest)
    return source_rows == raw_rows


@contextmanager
def _on_source(engine: sa.Engine) -> Iterator[None]:
    """A failure inside is the source's: the message names its database, never a password."""
    url = engine.url.render_as_string(hide_password=False)
    with reraise(f"deletion check failed reading source database {engine.url.database}", url):
        yield


def _raw_count(client: SqlClientBase, in_raw: TableInfo) -> tuple[int, Any]:
    table = client.make_qualified_table_name(in_raw.name)
    cursor = client.escape_column_name(in_raw.cursor)
    # Bandit's B608 is a false positive here and below: every identifier comes quoted by
    # dlt's SQL client (the destination driver's quoting) and values are bound parameters.
    query = f"SELECT count(*), max({cursor}) FROM {table}"  # nosec B608
    raw_rows, newest = client.execute_sql(query)[0]
    return raw_rows, newest


def _source_count(engine: sa.Engine, info: TableInfo, upto: Any) -> tuple[int, Any]:
    """Rows of the source table (up to a cursor value, if given) and its newest value."""
    cursor = sa.column(info.cursor, sa.DateTime)
    query = sa.select(sa.func.count(), sa.func.max(cursor)).select_from(sa.table(info.name))
    if upto is not None:
        query = query.where(cursor <= upto)
    with _on_source(engine), engine.connect() as conn:
        rows, newest = conn.execute(query).one()
    return rows, newest


def _joined(table: pa.Table, info: TableInfo) -> pa.Array:
    """One comparable value per key (composite keys joined as text)."""
    if len(info.primary_key) == 1:
        column = table[info.primary_key[0]]
        return pc.cast(column, pa.string()).combine_chunks()
    parts = [pc.cast(table[name], pa.string()) for name in info.primary_key]
    return pc.binary_join_element_wise(*parts, "\x1f").combine_chunks()


def source_key_table(engine: sa.Engine, info: TableInfo) -> pa.Table:
    """The source's primary keys (a key-only query; connectorx on PostgreSQL)."""
    query = _key_query(info, None)
    with _on_source(engine):
        if engine.dialect.name == "postgresql":
            return _connectorx(engine.url.render_as_string(hide_password=False), query)
        with engine.connect() as conn:
            rows = conn.execute(query).fetchall()
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(info.primary_key)})


def _key_query(info: TableInfo, schema: str | None) -> sa.Select:
    # SQLAlchemy quotes the identifiers (`user`, `transaction` are reserved words).
    columns = map(sa.column, info.primary_key)
    return sa.select(*columns).select_from(sa.table(info.name, schema=schema))


def _connectorx(url: str, query: sa.Select) -> pa.Table:
    """A PostgreSQL query read by connectorx straight into Arrow (no Python rows)."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    text = str(query.compile(dialect=postgresql.dialect()))
    return cx.read_sql(dsn, text, return_type="arrow")


def raw_key_table(
    pipeline: dlt.Pipeline, client: SqlClientBase, warehouse_url: str, info: TableInfo
) -> pa.Table | None:
    """Raw's primary keys for a table (a key-only query), None if raw has no such table."""
    if not raw_has(pipeline, info.name):
        return None
    if not is_duckdb(warehouse_url):
        return _connectorx(warehouse_url, _key_query(info, pipeline.dataset_name))
    columns = ", ".join(client.escape_column_name(c) for c in info.primary_key)
    table = client.make_qualified_table_name(info.name)
    # DuckDB 2 renamed its Arrow fetch; dlt's cursor.arrow() still calls the old name.
    query = f"SELECT {columns} FROM {table}"  # nosec B608
    result = client.native_connection.sql(query)
    return result.to_arrow_table().rename_columns(list(info.primary_key))
