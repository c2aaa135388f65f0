"""The dashboard's connection layer on both engines: read-only, and parameters stay data."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from dashboard.warehouse import Warehouse, query

HOSTILE = "GBP'; drop table marts.t; --"


@pytest.fixture
def duckdb_warehouse(tmp_path: Path) -> Warehouse:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema marts; create table marts.t as select 1 as a")
    return Warehouse("local", f"duckdb:///{path}")


@pytest.fixture
def postgres_warehouse(pg_database: str) -> Warehouse:
    engine = sa.create_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(sa.text("create schema marts; create table marts.t as select 1 as a"))
    engine.dispose()
    return Warehouse("postgres", pg_database)


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def warehouse(request: pytest.FixtureRequest) -> Warehouse:
    return request.getfixturevalue(f"{request.param}_warehouse")


def test_a_bound_value_is_data_not_sql(warehouse: Warehouse):
    statement = sa.text("select cast(:currency as varchar) as currency, count(*) as n from marts.t")
    frame = query(warehouse, statement, {"currency": HOSTILE})
    assert frame.to_dict("records") == [{"currency": HOSTILE, "n": 1}]
    assert query(warehouse, sa.text("select count(*) as n from marts.t"), {})["n"].iloc[0] == 1


def test_the_connection_refuses_writes(warehouse: Warehouse):
    with pytest.raises((duckdb.Error, sa.exc.DBAPIError), match=r"(?i)read.only"):
        query(warehouse, sa.text("insert into marts.t values (2)"), {})
    assert query(warehouse, sa.text("select count(*) as n from marts.t"), {})["n"].iloc[0] == 1


def test_settings_errors_show_as_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from tests.dashboard.conftest import open_page

    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path))
    for name in ("SOURCES__TOTESYS__CREDENTIALS", "DESTINATION__POSTGRES__CREDENTIALS"):
        monkeypatch.delenv(name, raising=False)
    app = open_page("sales")
    assert not app.exception
    [error] = app.error
    assert "settings are missing for the postgres target" in error.value
    assert "SOURCES__TOTESYS__CREDENTIALS" in error.value and "\n" not in error.value
