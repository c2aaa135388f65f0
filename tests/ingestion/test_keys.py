"""Deletions found by counts first: raw and the source counted side by side, keys only if needed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingestion import IngestionError
from ingestion.keys import missing_keys
from ingestion.load import raw_pipeline
from ingestion.tables import reflect_tables
from tests.ingestion.conftest import Deployment
from tests.ingestion.helpers import execute

T0 = dt.datetime(2024, 1, 1, 12, 0)
ORDERS = sa.Table(
    "orders",
    sa.MetaData(),
    sa.Column("order_id", sa.Integer, primary_key=True),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("last_updated", sa.DateTime, nullable=False),
)


def test_counts_then_keys_find_exactly_the_deleted_row(deployment: Deployment) -> None:
    d = deployment
    source_url = d.source_urls["totesys"]
    source = sa.create_engine(source_url)
    ORDERS.metadata.create_all(source)
    rows = [
        {"order_id": i, "units": i, "last_updated": T0 + dt.timedelta(hours=i)} for i in range(5)
    ]
    execute(source_url, ORDERS.insert().values(rows))
    d.ingest("totesys")
    info = reflect_tables(source)["orders"]

    def missing() -> list[int] | None:
        raw = raw_pipeline("totesys", d.warehouse_url, d.pipelines_dir)
        keys = missing_keys(source, raw, d.warehouse_url, {"orders": info})
        return keys["_deleted_orders"]["order_id"].to_pylist() if keys else None

    assert missing() is None  # equal counts, equal newest values
    # A row newer than raw's newest: the source's count is taken again up to raw's newest.
    newer = {"order_id": 9, "units": 9, "last_updated": T0 + dt.timedelta(days=3)}
    execute(source_url, ORDERS.insert().values(newer))
    assert missing() is None
    execute(source_url, ORDERS.delete().where(ORDERS.c.order_id == 2))
    assert missing() == [2]

    report = d.ingest("totesys")
    assert report.tables["orders"].deleted == 1
    assert missing() is None
    source.dispose()


def test_a_failure_names_the_source_or_the_warehouse(
    deployment: Deployment, tmp_path: Path
) -> None:
    d = deployment
    source = sa.create_engine(d.source_urls["totesys"])
    ORDERS.metadata.create_all(source)
    row = {"order_id": 1, "units": 1, "last_updated": T0}
    execute(d.source_urls["totesys"], ORDERS.insert().values(row))
    d.ingest("totesys")
    tables = {"orders": reflect_tables(source)["orders"]}
    raw = raw_pipeline("totesys", d.warehouse_url, d.pipelines_dir)

    gone = sa.create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")  # no table `orders`
    with pytest.raises(IngestionError, match="deletion check failed reading source database"):
        missing_keys(gone, raw, d.warehouse_url, tables)
    with raw.sql_client() as client:  # raw's table goes while dlt's schema still lists it
        client.execute_sql(f"DROP TABLE {client.make_qualified_table_name('orders')}")
    warehouse = re.escape("deletion check failed in the warehouse (raw_totesys)")
    with pytest.raises(IngestionError, match=warehouse):
        missing_keys(source, raw, d.warehouse_url, tables)
    source.dispose()
    gone.dispose()
