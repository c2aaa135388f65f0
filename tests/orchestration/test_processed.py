"""Marts published to the lake's processed/ area: one parquet per table, same rows as the mart."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import s3fs

from orchestration.cycle.publish import publish_marts, read_marts
from orchestration.settings import Settings, load_settings


def _make_marts(settings: Settings, rows: int) -> None:
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        connection.execute("create schema if not exists marts")
        connection.execute(
            "create or replace table marts.fact_sales_order as select i as sales_record_id, "
            "(i * 1.25)::decimal(10,2) as unit_price, "
            f"date '2024-01-01' + i::integer as created_date from range({rows}) t(i)"
        )
        connection.execute(
            "create or replace table marts.dim_currency as "
            "select * from (values (1, 'GBP'), (2, 'EUR')) t(currency_id, currency_code)"
        )
        connection.execute("create or replace view marts.not_a_table as select 1 as x")


def _sorted(table) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda row: tuple(map(str, row.values())))


def test_each_mart_table_is_one_parquet_with_the_same_rows(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, rows=50)

    written = publish_marts(settings, run_id="run-1")

    assert written == {"dim_currency": 2, "fact_sales_order": 50}
    marts = read_marts(settings)
    for name in written:
        files = sorted((data_dir / "lake" / "processed" / name).iterdir())
        assert [file.name for file in files] == [f"{name}.parquet"]
        published = pq.read_table(files[0])
        assert published.schema.metadata[b"warehouse_run_id"] == b"run-1"
        assert published.schema.remove_metadata() == marts[name].schema.remove_metadata()
        assert _sorted(published) == _sorted(marts[name])


def test_a_later_cycle_replaces_the_file(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, rows=50)
    publish_marts(settings, run_id="run-1")
    _make_marts(settings, rows=7)
    publish_marts(settings, run_id="run-2")

    folder = data_dir / "lake" / "processed" / "fact_sales_order"
    assert [file.name for file in folder.iterdir()] == ["fact_sales_order.parquet"]
    assert pq.read_table(folder / "fact_sales_order.parquet").num_rows == 7


@pytest.mark.s3
def test_marts_are_published_to_an_s3_lake(data_dir: Path, s3_server, s3_bucket) -> None:
    settings = dataclasses.replace(
        load_settings(), lake_url=f"s3://{s3_bucket}/lake", lake_credentials=s3_server
    )
    _make_marts(settings, rows=20)

    publish_marts(settings, run_id="run-s3")

    s3 = s3fs.S3FileSystem(
        key=s3_server["aws_access_key_id"],
        secret=s3_server["aws_secret_access_key"],
        client_kwargs={"endpoint_url": s3_server["endpoint_url"]},
    )
    path = f"{s3_bucket}/lake/processed/fact_sales_order/fact_sales_order.parquet"
    with s3.open(path, "rb") as source:
        published = pq.read_table(source)
    assert _sorted(published) == _sorted(read_marts(settings)["fact_sales_order"])
