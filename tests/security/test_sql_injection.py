"""Hostile table, column, schema and role names stay names: only the intended objects change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg
import pytest
import sqlalchemy as sa
from psycopg import sql

from dashboard import queries
from dashboard.warehouse import Warehouse, query
from ingestion import IngestReport, ingest, reconcile, replay
from ingestion.destinations import duckdb_path, is_duckdb, postgres_dsn
from orchestration import grants
from tests.conftest import unique_name

# Each would drop the canary table `y` if it ever reached SQL unquoted.
HOSTILE_TABLE = 'x"; drop table y; --'
HOSTILE_KEY = 'id"; drop table y; --'
HOSTILE_COLUMN = "c'); drop table y; --"
HOSTILE_VALUE = "1' or 1=1; drop table y; --"
# What dlt's snake_case naming makes of the hostile names in the lake and raw.
RAW_TABLE = "x_drop_table_yxxx"
RAW_KEY = "id_drop_table_yxxx"
CANARY_ROWS = [(1,), (2,)]
ROW_IDS = range(1, 6)
DELETED_ID = 3
RAW_SCHEMAS = {"raw_totesys", "raw_totesys_staging"}


@dataclass
class Places:
    """One target's source, lake and warehouse (the totesys source only)."""

    source_url: str
    lake_url: str
    lake_credentials: dict[str, str]
    warehouse_url: str
    pipelines_dir: Path

    def ingest(self) -> IngestReport:
        return ingest("totesys", self.source_url, **self._where)

    def replay(self) -> IngestReport:
        return replay("totesys", since=dt.date(2000, 1, 1), **self._where)

    def assert_reconciled(self) -> None:
        rows = reconcile("totesys", self.source_url, warehouse_url=self.warehouse_url)
        assert {row.table for row in rows} == {HOSTILE_TABLE, "y"}
        assert all(row.matches for row in rows), rows

    @property
    def _where(self) -> dict:
        return {
            "lake_url": self.lake_url,
            "lake_credentials": self.lake_credentials,
            "warehouse_url": self.warehouse_url,
            "pipelines_dir": self.pipelines_dir,
        }


def hostile_source(url: str) -> None:
    """A source table with hostile table, key and column names, and a canary table `y`."""
    metadata = sa.MetaData()
    table = sa.Table(
        HOSTILE_TABLE,
        metadata,
        sa.Column(HOSTILE_KEY, sa.Integer, primary_key=True, autoincrement=False),
        sa.Column(HOSTILE_COLUMN, sa.Text),
        sa.Column("last_updated", sa.DateTime),
    )
    canary = sa.Table("y", metadata, sa.Column("id", sa.Integer, primary_key=True))
    start = dt.datetime(2024, 1, 1)
    rows = [
        {HOSTILE_KEY: i, HOSTILE_COLUMN: HOSTILE_VALUE, "last_updated": start + dt.timedelta(i)}
        for i in ROW_IDS
    ]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(table.insert(), rows)
        conn.execute(canary.insert(), [{"id": i} for (i,) in CANARY_ROWS])
    engine.dispose()


def delete_source_row(url: str, key: int) -> None:
    table = sa.table(HOSTILE_TABLE, sa.column(HOSTILE_KEY))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.delete(table).where(table.c[HOSTILE_KEY] == key))
    engine.dispose()


def source_catalog(url: str) -> tuple[set[str], list[tuple]]:
    """The source's tables and its canary's rows."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select id from y order by id")).fetchall()
        return set(sa.inspect(engine).get_table_names()), [tuple(row) for row in rows]
    finally:
        engine.dispose()


def _warehouse_rows(url: str, statement: str) -> list[tuple]:
    if is_duckdb(url):
        with duckdb.connect(str(duckdb_path(url)), read_only=True) as conn:
            return conn.execute(statement).fetchall()
    with psycopg.connect(postgres_dsn(url)) as conn:
        return conn.execute(statement).fetchall()


def warehouse_catalog(url: str) -> set[tuple[str, str]]:
    """Every (schema, table) of the warehouse outside the system schemas."""
    rows = _warehouse_rows(
        url,
        "select table_schema, table_name from information_schema.tables "
        "where table_schema not in ('information_schema', 'pg_catalog')",
    )
    return {(schema, table) for schema, table in rows}


def raw_keys(url: str) -> set[int]:
    # The raw names are constants of this test, quoted here by hand on purpose.
    rows = _warehouse_rows(url, f'select "{RAW_KEY}" from raw_totesys."{RAW_TABLE}"')  # nosec B608
    return {row[0] for row in rows}


def canary_rows(url: str, schema: str) -> list[tuple]:
    return _warehouse_rows(url, f"select id from {schema}.y order by id")  # nosec B608


def create_warehouse_canary(url: str, schema: str) -> None:
    statement = f"create table {schema}.y (id int); insert into {schema}.y values (1), (2)"
    if is_duckdb(url):
        with duckdb.connect(str(duckdb_path(url))) as conn:
            conn.execute(statement)
        return
    with psycopg.connect(postgres_dsn(url), autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def local_places(tmp_path: Path) -> tuple[Places, str]:
    places = Places(
        source_url=f"sqlite:///{tmp_path / 'totesys.sqlite'}",
        lake_url=str(tmp_path / "lake"),
        lake_credentials={},
        warehouse_url=f"duckdb:///{tmp_path / 'warehouse.duckdb'}",
        pipelines_dir=tmp_path / "pipelines",
    )
    return places, "main"


@pytest.fixture
def postgres_places(
    tmp_path: Path,
    make_pg_database: Callable[[], str],
    s3_server: dict[str, str],
    s3_bucket: str,
) -> tuple[Places, str]:
    places = Places(
        source_url=make_pg_database(),
        lake_url=f"s3://{s3_bucket}/lake",
        lake_credentials=s3_server,
        warehouse_url=make_pg_database(),
        pipelines_dir=tmp_path / "pipelines",
    )
    return places, "public"


@pytest.fixture(
    params=["local", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.s3])]
)
def places(request: pytest.FixtureRequest) -> tuple[Places, str]:
    """Places with the hostile source and canaries in place; the warehouse's default schema."""
    found, schema = request.getfixturevalue(f"{request.param}_places")
    hostile_source(found.source_url)
    create_warehouse_canary(found.warehouse_url, schema)
    return found, schema


def test_ingest_reconcile_delete_and_replay_touch_only_the_hostile_table(
    places: tuple[Places, str],
):
    p, default_schema = places
    source_before = source_catalog(p.source_url)
    warehouse_before = warehouse_catalog(p.warehouse_url)

    p.ingest()
    assert raw_keys(p.warehouse_url) == set(ROW_IDS)
    p.assert_reconciled()

    delete_source_row(p.source_url, DELETED_ID)
    report = p.ingest()
    assert report.table(RAW_TABLE).deleted == 1
    assert raw_keys(p.warehouse_url) == set(ROW_IDS) - {DELETED_ID}
    p.assert_reconciled()

    p.replay()
    assert raw_keys(p.warehouse_url) == set(ROW_IDS) - {DELETED_ID}
    p.assert_reconciled()

    tables, canary = source_catalog(p.source_url)
    assert (tables, canary) == source_before
    assert canary == CANARY_ROWS
    assert canary_rows(p.warehouse_url, default_schema) == CANARY_ROWS
    assert canary_rows(p.warehouse_url, "raw_totesys") == CANARY_ROWS
    after = warehouse_catalog(p.warehouse_url)
    assert warehouse_before <= after
    created = after - warehouse_before
    assert {schema for schema, _ in created} == RAW_SCHEMAS
    assert {t for s, t in created if s == "raw_totesys" and not t.startswith("_dlt")} == {
        RAW_TABLE,
        "y",
    }


HOSTILE_SCHEMA = 'x"; drop table y; --'
HOSTILE_ROLE = 'r"; drop table y; --'


@pytest.mark.postgres
def test_grant_helpers_quote_schema_table_and_role_names(pg_database: str):
    with psycopg.connect(postgres_dsn(pg_database), autocommit=True) as conn:
        conn.execute("create table public.y (id int); insert into public.y values (1), (2)")
    with psycopg.connect(postgres_dsn(pg_database)) as conn:  # one transaction, rolled back
        schemas_before = {row[0] for row in conn.execute("select nspname from pg_namespace")}
        conn.execute(sql.SQL("create role {}").format(sql.Identifier(HOSTILE_ROLE)))
        conn.execute(sql.SQL("create schema {}").format(sql.Identifier(HOSTILE_SCHEMA)))
        table = sql.Identifier(HOSTILE_SCHEMA, HOSTILE_TABLE)
        conn.execute(sql.SQL("create table {} (id int)").format(table))

        grants._own_schema(conn, HOSTILE_ROLE, HOSTILE_SCHEMA)
        grants._read_schema(conn, HOSTILE_ROLE, HOSTILE_SCHEMA, owner=HOSTILE_ROLE)

        owners = conn.execute(
            "select n.nspname, pg_get_userbyid(n.nspowner) from pg_namespace as n"
        ).fetchall()
        assert {name for name, _ in owners} - schemas_before == {HOSTILE_SCHEMA}
        assert dict(owners)[HOSTILE_SCHEMA] == HOSTILE_ROLE
        table_owner = conn.execute(
            "select tableowner from pg_tables where schemaname = %s and tablename = %s",
            (HOSTILE_SCHEMA, HOSTILE_TABLE),
        ).fetchone()
        assert table_owner == (HOSTILE_ROLE,)
        usage = conn.execute(
            "select has_schema_privilege(%s, %s, 'USAGE')", (HOSTILE_ROLE, HOSTILE_SCHEMA)
        ).fetchone()
        assert usage == (True,)
        assert conn.execute("select id from public.y order by id").fetchall() == CANARY_ROWS
        conn.rollback()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def price_warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Warehouse:
    """A warehouse with a one-stock marts.dim_stock and a canary table marts.y."""
    statements = [
        "create schema marts",
        "create table marts.y (id int)",
        "insert into marts.y values (1), (2)",
        "create table marts.dim_stock (stock_id varchar, valid_from timestamp, "
        "valid_to timestamp, price numeric(10, 2), is_current boolean, is_deleted boolean)",
        "insert into marts.dim_stock values ('1', '2024-01-01', '9999-12-31', 10.5, true, false)",
    ]
    if request.param == "duckdb":
        path = tmp_path / "warehouse.duckdb"
        with duckdb.connect(str(path)) as conn:
            for statement in statements:
                conn.execute(statement)
        return Warehouse("local", f"duckdb:///{path}")
    url = request.getfixturevalue("pg_database")
    with psycopg.connect(postgres_dsn(url), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)
    return Warehouse("postgres", url)


def test_a_hostile_stock_id_on_a_page_query_matches_nothing(price_warehouse: Warehouse):
    window = {"start_date": dt.date(2024, 1, 1), "end_date": dt.date(2024, 12, 31)}
    hostile = query(price_warehouse, queries.PRICE_HISTORY, {**window, "stock_id": HOSTILE_VALUE})
    assert hostile.empty
    real = query(price_warehouse, queries.PRICE_HISTORY, {**window, "stock_id": "1"})
    assert real["price"].tolist() == [10.5]
    canary = query(price_warehouse, sa.text("select id from marts.y order by id"), {})
    assert canary["id"].tolist() == [1, 2]


@pytest.fixture
def hostile_mariadb(mariadb_admin: sa.Engine) -> Iterator[sa.Engine]:
    """A MariaDB database with a hostile name holding a canary `y`; grants revoked after."""
    name = f"x`; drop table y; -- {unique_name()}"
    quoted = mariadb_admin.dialect.identifier_preparer.quote(name)
    pattern = mariadb_admin.dialect.identifier_preparer.quote(grants.mysql_grant_pattern(name))
    with mariadb_admin.connect() as conn:
        conn.exec_driver_sql(f"create database {quoted}")
        conn.exec_driver_sql(f"create table {quoted}.y (id int)")
        conn.exec_driver_sql(f"insert into {quoted}.y values (1), (2)")
    engine = sa.create_engine(mariadb_admin.url.set(database=name))
    yield engine
    engine.dispose()
    with mariadb_admin.connect() as conn:
        conn.exec_driver_sql(f"revoke all privileges on {pattern}.* from 'source_reader'@'%%'")
        conn.exec_driver_sql(f"drop database {quoted}")


@pytest.mark.mariadb
def test_mysql_source_grants_quote_the_database_name(hostile_mariadb: sa.Engine):
    grants.apply_mysql_source_grants(hostile_mariadb)
    with hostile_mariadb.connect() as conn:
        granted = conn.execute(
            sa.text(
                "select privilege_type from information_schema.schema_privileges "
                "where grantee = :grantee and table_schema = :schema"
            ),
            {
                "grantee": "'source_reader'@'%'",
                "schema": grants.mysql_grant_pattern(hostile_mariadb.url.database),
            },
        ).fetchall()
        canary = conn.execute(sa.text("select id from y order by id")).fetchall()
    assert sorted(tuple(row) for row in granted) == [("SELECT",), ("SHOW VIEW",)]
    assert [tuple(row) for row in canary] == CANARY_ROWS
