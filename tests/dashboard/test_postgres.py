"""The pages on a PostgreSQL warehouse built by the real cycle, with an S3 lake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pandas as pd
import pytest
import sqlalchemy as sa

from orchestration.settings import Settings
from tests.dashboard.conftest import PAGES, open_page
from tests.dashboard.test_pages import assert_page_ok, expected_sales, metrics, money
from tests.dbt.deployments import as_role
from tests.warehouses import Warehouse

pytestmark = [pytest.mark.postgres, pytest.mark.mariadb, pytest.mark.s3, pytest.mark.e2e]


@pytest.fixture(scope="module")
def pg_built(warehouse_postgres: Warehouse) -> Settings:
    """Production target on the test servers, after two cycles with activity in between."""
    return warehouse_postgres.settings


@pytest.fixture
def pg_env(pg_built: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """The dashboard's environment for that deployment, as a user would set it."""
    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(tmp_path))
    # The dashboard reads marts and ops: it runs as reporter.
    reporter = as_role(pg_built.warehouse_url, "reporter")
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", reporter)
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", pg_built.lake_url)
    for key, value in pg_built.lake_credentials.items():
        monkeypatch.setenv(f"DESTINATION__FILESYSTEM__CREDENTIALS__{key.upper()}", value)
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", pg_built.source_urls["totesys"])
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", pg_built.source_urls["stock_db"])
    return pg_built


@pytest.fixture
def pg_marts(pg_built: Settings) -> Iterator[Callable[[str], pd.DataFrame]]:
    engine = sa.create_engine(pg_built.transform_url)
    yield lambda table: pd.read_sql(sa.text(f"select * from {table}"), engine)
    engine.dispose()


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_postgres(page: str, pg_env: Settings):
    app = open_page(page)
    assert_page_ok(app)
    assert app.metric, "every page shows figures"


def test_sales_totals_on_postgres_equal_the_marts(pg_env: Settings, pg_marts):
    app = open_page("sales")
    expected = expected_sales(pg_marts, dt.date(1900, 1, 1), dt.date(9999, 12, 31))
    shown = metrics(app)
    assert {code: money(row["value"]) for code, row in expected.iterrows()} == {
        label.removeprefix("Sales value "): value
        for label, value in shown.items()
        if label.startswith("Sales value ")
    }
    assert "All sales in GBP" in shown


def test_lake_sizes_on_s3_equal_the_bucket(pg_env: Settings):
    app = open_page("pipeline_health")
    sizes = app.dataframe[-1].value
    bucket, _, prefix = pg_env.lake_url.removeprefix("s3://").partition("/")
    s3 = boto3.client("s3", **pg_env.lake_credentials)
    total = 0
    for listing in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in listing.get("Contents", []):
            parts = item["Key"].removeprefix(prefix).strip("/").split("/")
            if len(parts) >= 3 and not parts[1].startswith("_dlt"):
                total += item["Size"]
    assert total > 0
    assert sizes["size_bytes"].sum() == total
