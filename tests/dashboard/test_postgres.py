"""The same pages on a PostgreSQL warehouse show the same figures: the queries are portable."""

from __future__ import annotations

from pathlib import Path

import duckdb
import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from tests.dashboard.conftest import PAGES, open_page

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

# DuckDB type names PostgreSQL spells differently; the rest (DECIMAL(p,s), DATE, TIME,
# TIMESTAMP [WITH TIME ZONE], VARCHAR, BOOLEAN, INTEGER, BIGINT) are the same.
_PG_TYPES = {
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "HUGEINT": "numeric(38, 0)",
    "NULL": "text",
}


def _columns(source: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return source.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()


def _copy_table(
    source: duckdb.DuckDBPyConnection, target: psycopg.Connection, schema: str, table: str
) -> None:
    columns = _columns(source, schema, table)
    name = sql.Identifier(schema, table)
    definitions = sql.SQL(", ").join(
        sql.SQL("{} {}").format(
            sql.Identifier(column), sql.SQL(_PG_TYPES.get(kind.strip('"'), kind))
        )
        for column, kind in columns
    )
    target.execute(sql.SQL("create table {} ({})").format(name, definitions))
    rows = source.execute(f'select * from "{schema}"."{table}"').fetchall()
    with target.cursor().copy(sql.SQL("copy {} from stdin").format(name)) as copy:
        for row in rows:
            copy.write_row(row)


def copy_warehouse(duckdb_path: Path, pg_url: str) -> None:
    """Every table of `marts` and `ops`, with its column types, from DuckDB into PostgreSQL."""
    with (
        duckdb.connect(str(duckdb_path), read_only=True) as source,
        psycopg.connect(
            make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
        ) as target,
    ):
        tables = source.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('marts', 'ops') and table_type = 'BASE TABLE'"
        ).fetchall()
        for schema in ("marts", "ops"):
            target.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
        for schema, table in tables:
            _copy_table(source, target, schema, table)


@pytest.fixture
def pg_warehouse(built_data_dir: Path, pg_database: str, monkeypatch, tmp_path) -> str:
    copy_warehouse(built_data_dir / "warehouse.duckdb", pg_database)
    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", pg_database)
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", str(built_data_dir / "lake"))
    # The dashboard reads no source, but the postgres settings require them to be named.
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", "postgresql+psycopg://u@127.0.0.1/t")
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", "mysql+pymysql://u@127.0.0.1/s")
    return pg_database


def shown(page: str) -> tuple[dict[str, str], list[int]]:
    app = open_page(page)
    assert not app.exception, [exception.value for exception in app.exception]
    assert not app.error, [error.value for error in app.error]
    return {m.label: m.value for m in app.metric}, [len(frame.value) for frame in app.dataframe]


def test_every_page_shows_the_same_figures_on_postgres(built_data_dir, pg_warehouse, monkeypatch):
    on_postgres = {page: shown(page) for page in PAGES}
    monkeypatch.setenv("WAREHOUSE_TARGET", "local")
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(built_data_dir))
    on_duckdb = {page: shown(page) for page in PAGES}
    assert on_postgres == on_duckdb
    assert all(metrics for metrics, _ in on_postgres.values())
