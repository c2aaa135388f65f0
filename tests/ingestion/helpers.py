"""Reading sources, lake and raw in ingestion tests (independent of the code under test's paths)."""

from __future__ import annotations

import sqlalchemy as sa

from ingestion.lake import Lake
from ingestion.warehouse import RawReader
from tests.ingestion.conftest import Deployment

SOURCE_KEYS = {
    "totesys": {"sales_order": "sales_order_id", "payment": "payment_id", "staff": "staff_id"},
    "stock_db": {"user": "user_id", "transaction": "transaction_id"},
}
CURSORS = {"totesys": "last_updated", "user": "updated_at", "transaction": "transaction_date"}


def cursor_of(source: str, table: str) -> str:
    return CURSORS["totesys"] if source == "totesys" else CURSORS[table]


def source_versions(d: Deployment, source: str, table: str, key: str) -> dict:
    """key -> change-column value of every row of a source table."""
    cursor = cursor_of(source, table)
    engine = sa.create_engine(d.source_urls[source])
    try:
        with engine.connect() as conn:
            query = sa.select(sa.column(key), sa.column(cursor, sa.DateTime)).select_from(
                sa.table(table)
            )
            return dict(conn.execute(query).fetchall())
    finally:
        engine.dispose()


def execute(url: str, statement: sa.Executable) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(statement)
    finally:
        engine.dispose()


def lake_rows(d: Deployment, source: str, table: str, load_id: str) -> list[dict]:
    lake = Lake(d.lake_url, d.lake_credentials, source)
    data = lake.read(lake.files(table, load_id))
    return data.to_pylist() if data is not None else []


def raw_content(d: Deployment, schema: str) -> dict[str, list[tuple]]:
    """Every row of every raw data table (dlt columns included), sorted."""
    reader = RawReader(d.warehouse_url, schema)
    try:
        tables = [t for t in _tables(reader) if not t.startswith("_dlt")]
        return {t: sorted(map(repr, reader.rows(t, reader.columns(t)))) for t in tables}
    finally:
        reader.close()


def _tables(reader: RawReader) -> list[str]:
    query = "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
    if reader.duck:
        rows = reader.conn.execute(query.replace("%s", "?"), [reader.schema]).fetchall()
    else:
        rows = reader.conn.execute(query, (reader.schema,)).fetchall()
    return sorted(row[0] for row in rows)


def raw_keys(d: Deployment, schema: str, table: str, key: str) -> set:
    reader = RawReader(d.warehouse_url, schema)
    try:
        return {row[0] for row in reader.rows(table, [key])}
    finally:
        reader.close()
