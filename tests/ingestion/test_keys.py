"""Deletions found by counts first: raw and the source counted side by side, keys only if needed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

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
