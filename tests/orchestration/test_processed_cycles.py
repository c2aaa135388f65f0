"""processed/ after real cycles on both targets: each mart's folder, read whole, is the mart.

The session's test warehouses have had three cycles (amended orders, a stock deleted from its
source, new trades); a copy of each then gets a cycle with an amended order and a design
deleted from the source.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import boto3
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from orchestration.cycle.publish import PROCESSED_AREA, lake_filesystem, read_marts
from orchestration.cycle.run import run_cycle
from orchestration.settings import Settings
from tests.conftest import unique_name
from tests.dbt.deployments import writable_sources
from tests.warehouses import carry_pipelines_over, copy_postgres, copy_postgres_sources

pytestmark = pytest.mark.e2e
TARGETS = ["local", "postgres"]


def _processed(settings: Settings, mart: str) -> tuple[object, str]:
    filesystem, root = lake_filesystem(settings)
    return filesystem, f"{root}/{PROCESSED_AREA}/{mart}"


def _published_files(settings: Settings, mart: str) -> dict[str, bytes]:
    """Each parquet file a reader of processed/<mart>/ sees, and the run that wrote it."""
    filesystem, folder = _processed(settings, mart)
    dataset = ds.dataset(folder, filesystem=filesystem, format="parquet", partitioning=None)
    return {
        path.removeprefix(folder + "/"): pq.read_schema(path, filesystem=filesystem).metadata[
            b"warehouse_run_id"
        ]
        for path in dataset.files
    }


def _rows(table) -> list[tuple]:
    return sorted(tuple(map(str, row.values())) for row in table.to_pylist())


def _assert_processed_is_the_marts(settings: Settings) -> None:
    marts = read_marts(settings)
    assert len(marts) >= 14
    for name, mart in marts.items():
        filesystem, folder = _processed(settings, name)
        published = ds.dataset(
            folder, filesystem=filesystem, format="parquet", partitioning=None
        ).to_table()
        assert published.schema.remove_metadata() == mart.schema.remove_metadata(), name
        assert _rows(published) == _rows(mart), name


@pytest.mark.parametrize("history_target", TARGETS)
def test_after_the_history_each_folder_read_whole_is_its_mart(request, history_target: str) -> None:
    settings = request.getfixturevalue(f"warehouse_{history_target}").settings

    _assert_processed_is_the_marts(settings)
    # The facts were appended to, load by load, in the lake's dated layout: the first cycle's
    # files are still there beside the later cycles'.
    files = _published_files(settings, "fact_stock_transaction")
    assert all(path.startswith("year=") for path in files)
    assert len(set(files.values())) >= 2


@pytest.fixture(params=TARGETS)
def writable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """A copy of the target's test warehouse with its own sources, lake and state."""
    if request.param == "local":
        yield request.getfixturevalue("warehouse_local_copy")
        return
    built = request.getfixturevalue("warehouse_postgres").settings
    admin, s3 = request.getfixturevalue("pg_admin"), request.getfixturevalue("s3_server")
    with copy_postgres_sources(built, admin) as sources, copy_postgres(sources, admin) as copy:
        yield _own_lake(built, copy, tmp_path / "data", s3)


def _own_lake(built: Settings, copy: Settings, root: Path, s3: dict[str, str]) -> Settings:
    """The copy with its own state and a bucket holding a copy of the built processed/."""
    shutil.copytree(copy.data_dir, root)
    bucket = unique_name("wh-processed").replace("_", "-")
    boto3.client("s3", **s3).create_bucket(Bucket=bucket)
    owned = dataclasses.replace(copy, data_dir=root, lake_url=f"s3://{bucket}/lake")
    carry_pipelines_over(owned.pipelines_dir, built.warehouse_url, owned.warehouse_url)
    filesystem, built_root = lake_filesystem(built)
    filesystem.copy(
        f"{built_root}/{PROCESSED_AREA}", f"{bucket}/lake/{PROCESSED_AREA}", recursive=True
    )
    return owned


def _amend_an_order_and_delete_a_design(url: str) -> None:
    """Amends the newest order; hard-deletes a design no order refers to.

    A hard-deleted order would fail the cycle at dbt's reconciliation of the sales facts with
    staging (the fact keeps a deleted order's versions; staging no longer has it)."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        newest = connection.exec_driver_sql("select max(last_updated) from sales_order").scalar()
        later = newest if isinstance(newest, datetime) else datetime.fromisoformat(newest)
        connection.execute(
            sa.text(
                "update sales_order set units_sold = units_sold + 1, last_updated = :later "
                "where sales_order_id = (select max(sales_order_id) from sales_order)"
            ),
            {"later": later + timedelta(seconds=1)},
        )
        deleted = connection.exec_driver_sql(
            "delete from design where design_id = (select max(design_id) from design "
            "where design_id not in (select design_id from sales_order))"
        )
        assert deleted.rowcount == 1
    engine.dispose()


def test_an_amendment_and_a_hard_deletion_rewrite_only_what_changed(
    writable: Settings, smtp_inbox
) -> None:
    before = _published_files(writable, "fact_sales_order")
    _amend_an_order_and_delete_a_design(writable_sources(writable)["totesys"])

    report = run_cycle(writable)

    assert report.succeeded, report.error
    assert smtp_inbox == []
    _assert_processed_is_the_marts(writable)
    # The amendment is one new file of the fact: every file of the earlier loads is as the
    # earlier cycles wrote it. The deleted design's last version is in dim_design's new file.
    after = _published_files(writable, "fact_sales_order")
    new = {path: run for path, run in after.items() if path not in before}
    assert {path: after[path] for path in before} == before
    assert set(new.values()) == {report.run_id.encode()} and len(new) == 1
    published = report.published["fact_sales_order"]
    assert (published.files_written, published.rows_written, published.files_removed) == (1, 1, 0)
    assert report.published["dim_design"].files_written == 1
    # Each mart's files stamped with this run are exactly those the report says it wrote.
    for name, mart in report.published.items():
        stamped = list(_published_files(writable, name).values())
        assert stamped.count(report.run_id.encode()) == mart.files_written, name
