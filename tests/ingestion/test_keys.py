"""Deletions found by counts first: raw and the source counted side by side, keys only if needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingestion import ingest
from ingestion.keys import deleted_keys
from ingestion.load import raw_pipeline
from ingestion.tables import reflect_tables

T0 = dt.datetime(2024, 1, 1, 12, 0)
ORDERS = sa.Table(
    "orders",
    sa.MetaData(),
    sa.Column("order_id", sa.Integer, primary_key=True),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("last_updated", sa.DateTime, nullable=False),
)


@pytest.fixture(params=["local", pytest.param("postgres", marks=pytest.mark.postgres)])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(source, warehouse): SQLite and DuckDB files, or two PostgreSQL databases."""
    if request.param == "local":
        return f"sqlite:///{tmp_path / 'totesys.sqlite'}", f"duckdb:///{tmp_path / 'wh.duckdb'}"
    make_pg: Callable[[], str] = request.getfixturevalue("make_pg_database")
    return make_pg(), make_pg()


def _run(source: sa.Engine, statement: sa.Executable) -> None:
    with source.begin() as conn:
        conn.execute(statement)


def test_counts_then_keys_find_exactly_the_deleted_row(
    urls: tuple[str, str], tmp_path: Path
) -> None:
    source_url, warehouse_url = urls
    source = sa.create_engine(source_url)
    ORDERS.metadata.create_all(source)
    rows = [
        {"order_id": i, "units": i, "last_updated": T0 + dt.timedelta(hours=i)} for i in range(5)
    ]
    _run(source, ORDERS.insert().values(rows))
    places = {
        "lake_url": str(tmp_path / "lake"),
        "lake_credentials": {},
        "warehouse_url": warehouse_url,
        "pipelines_dir": tmp_path / "pipelines",
    }
    ingest("totesys", source_url, **places)
    info = reflect_tables(source)["orders"]

    def missing() -> list[int] | None:
        raw = raw_pipeline("totesys", warehouse_url, tmp_path / "pipelines")
        keys = deleted_keys(source, raw, warehouse_url, info)
        return None if keys is None else keys["order_id"].to_pylist()

    assert missing() is None  # equal counts, equal newest values
    # A row newer than raw's newest: the source's count is taken again up to raw's newest.
    newer = {"order_id": 9, "units": 9, "last_updated": T0 + dt.timedelta(days=3)}
    _run(source, ORDERS.insert().values(newer))
    assert missing() is None
    _run(source, ORDERS.delete().where(ORDERS.c.order_id == 2))
    assert missing() == [2]

    report = ingest("totesys", source_url, **places)
    assert report.tables["orders"].deleted == 1
    assert missing() is None
    source.dispose()
