"""Marts published to the lake's processed/ area: a fact one file per lake load, in the lake's
dated layout, rewritten only when its rows change; every table read whole equals its mart."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
import s3fs

from orchestration.cycle.publish import publish_marts, read_marts
from orchestration.settings import Settings, load_settings

# Three lake loads: two on 1 March 2024, one on 2 March.
LOADS = ("2024-03-01 09:00:00.25", "2024-03-01 17:30:00", "2024-03-02 08:15:00.5")
FIRST_DAY = "year=2024/month=03/day=01"


def _make_marts(settings: Settings, orders: int, loads: int = 2) -> None:
    """fact_sales_order: `orders` rows spread over the first `loads` loads; a dimension; a view."""
    listed = ", ".join(f"timestamp '{load}'" for load in LOADS[:loads])
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        connection.execute("create schema if not exists marts")
        connection.execute(
            "create or replace table marts.fact_sales_order as select i as sales_record_id, "
            "(i * 1.25)::decimal(10,2) as unit_price, "
            f"(list_value({listed}))[i % {loads} + 1] as loaded_at from range({orders}) t(i)"
        )
        connection.execute(
            "create or replace table marts.dim_currency as "
            "select * from (values (1, 'GBP'), (2, 'EUR')) t(currency_id, currency_code)"
        )
        connection.execute("create or replace view marts.not_a_table as select 1 as x")


def _change(settings: Settings, sql: str) -> None:
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        connection.execute(sql)


def _sorted(table) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda row: tuple(map(str, row.values())))


def _read_whole(folder: Path):
    """The table as a reader of its folder sees it: every parquet file, no partition columns."""
    return ds.dataset(folder, format="parquet", partitioning=None).to_table()


def _files(folder: Path) -> dict[str, bytes]:
    """Each parquet file under the folder and the run that wrote it."""
    return {
        str(path.relative_to(folder)): pq.read_schema(path).metadata[b"warehouse_run_id"]
        for path in sorted(folder.rglob("*.parquet"))
    }


def _assert_same_as_marts(settings: Settings, processed: Path) -> None:
    for name, mart in read_marts(settings).items():
        published = _read_whole(processed / name)
        assert published.schema.remove_metadata() == mart.schema.remove_metadata(), name
        assert _sorted(published) == _sorted(mart), name


def test_a_fact_is_one_file_per_load_in_the_lake_layout(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, orders=50)

    published = publish_marts(settings, run_id="run-1")

    assert {name: mart.rows for name, mart in published.items()} == {
        "dim_currency": 2,
        "fact_sales_order": 50,
    }
    processed = data_dir / "lake" / "processed"
    assert _files(processed / "fact_sales_order") == {
        f"{FIRST_DAY}/1709283600.250000.parquet": b"run-1",
        f"{FIRST_DAY}/1709314200.000000.parquet": b"run-1",
    }
    assert _files(processed / "dim_currency") == {"dim_currency.parquet": b"run-1"}
    assert not (processed / "not_a_table").exists()
    _assert_same_as_marts(settings, processed)


def test_a_cycle_writes_only_new_and_changed_loads(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, orders=50)
    publish_marts(settings, run_id="run-1")
    processed = data_dir / "lake" / "processed"

    # Nothing changed: nothing written, nothing removed.
    again = publish_marts(settings, run_id="run-2")
    assert not any(mart.changed for mart in again.values())
    # A new load: one new file, on its own day; the others stay as run-1 wrote them.
    _change(settings, f"insert into marts.fact_sales_order values (50, 9.99, '{LOADS[2]}')")
    third = publish_marts(settings, run_id="run-3")
    assert third["fact_sales_order"].rows_written == 1
    assert not third["dim_currency"].changed
    assert _files(processed / "fact_sales_order") == {
        f"{FIRST_DAY}/1709283600.250000.parquet": b"run-1",
        f"{FIRST_DAY}/1709314200.000000.parquet": b"run-1",
        "year=2024/month=03/day=02/1709367300.500000.parquet": b"run-3",
    }
    _assert_same_as_marts(settings, processed)


def test_a_changed_or_vanished_row_rewrites_only_its_load(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, orders=50, loads=3)
    publish_marts(settings, run_id="run-1")
    processed = data_dir / "lake" / "processed" / "fact_sales_order"

    # A re-keyed row of the first load (same load, new values); every row of the last removed.
    _change(settings, "update marts.fact_sales_order set unit_price = 7 where sales_record_id = 0")
    _change(settings, f"delete from marts.fact_sales_order where loaded_at = '{LOADS[2]}'")
    published = publish_marts(settings, run_id="run-2")

    assert published["fact_sales_order"].files_written == 1
    assert published["fact_sales_order"].files_removed == 1
    assert _files(processed) == {
        f"{FIRST_DAY}/1709283600.250000.parquet": b"run-2",
        f"{FIRST_DAY}/1709314200.000000.parquet": b"run-1",
    }
    manifest = json.loads((processed / "_manifest.json").read_text())
    assert sorted(manifest["files"]) == sorted(_files(processed))
    _assert_same_as_marts(settings, processed.parent)


def test_a_lost_manifest_or_file_is_written_again(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, orders=20)
    publish_marts(settings, run_id="run-1")
    processed = data_dir / "lake" / "processed"
    (processed / "fact_sales_order" / FIRST_DAY / "1709314200.000000.parquet").unlink()
    (processed / "dim_currency" / "_manifest.json").write_text("{not json")

    published = publish_marts(settings, run_id="run-2")

    assert published["fact_sales_order"].files_written == 1
    assert published["dim_currency"].files_written == 1
    _assert_same_as_marts(settings, processed)


def test_a_mart_left_out_is_not_published_and_its_earlier_folder_goes(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, orders=20)
    publish_marts(settings, run_id="run-1")
    processed = data_dir / "lake" / "processed"
    (processed / "fact_sales_order" / "notes.txt").write_text("not the publisher's")

    published = publish_marts(settings, run_id="run-2", left_out={"fact_sales_order"})
    again = publish_marts(settings, run_id="run-3", left_out={"fact_sales_order"})

    assert published.keys() == again.keys() == {"dim_currency"}
    assert not again["dim_currency"].changed
    # Its parquet files and manifest are gone; a file the publisher did not write stays.
    assert [path.name for path in (processed / "fact_sales_order").rglob("*")
            if path.is_file()] == ["notes.txt"]  # fmt: skip
    assert _files(processed / "dim_currency") == {"dim_currency.parquet": b"run-1"}


def test_rows_with_no_load_time_are_refused(data_dir: Path) -> None:
    settings = load_settings()
    _make_marts(settings, orders=5)
    _change(settings, "insert into marts.fact_sales_order values (99, 1.00, null)")

    with pytest.raises(RuntimeError, match=r"marts\.fact_sales_order has rows with no loaded_at"):
        publish_marts(settings, run_id="run-1")


@pytest.mark.s3
def test_marts_are_published_to_an_s3_lake(data_dir: Path, s3_server, s3_bucket) -> None:
    settings = dataclasses.replace(
        load_settings(), lake_url=f"s3://{s3_bucket}/lake", lake_credentials=s3_server
    )
    _make_marts(settings, orders=20)
    publish_marts(settings, run_id="run-s3")
    _change(settings, "update marts.fact_sales_order set unit_price = 7 where sales_record_id = 1")
    published = publish_marts(settings, run_id="run-s3-2")

    assert published["fact_sales_order"].files_written == 1
    s3 = s3fs.S3FileSystem(
        key=s3_server["aws_access_key_id"],
        secret=s3_server["aws_secret_access_key"],
        client_kwargs={"endpoint_url": s3_server["endpoint_url"]},
    )
    folder = f"{s3_bucket}/lake/processed/fact_sales_order"
    dataset = ds.dataset(folder, filesystem=s3, format="parquet", partitioning=None)
    assert len(dataset.files) == 2
    assert _sorted(dataset.to_table()) == _sorted(read_marts(settings)["fact_sales_order"])
