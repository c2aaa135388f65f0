"""Unreachable source, lake or warehouse: one clear error naming it, no password, nothing in raw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import seeds_generator
from ingestion import IngestionError, ingest
from ingestion.warehouse import RawReader
from tests.ingestion.conftest import local_deployment

CLOSED = "127.0.0.1:9"  # the discard port: nothing listens there


@pytest.fixture
def stock_source(tmp_path: Path) -> dict:
    d = local_deployment(tmp_path)
    seeds_generator.generate("stock_db", d.source_urls["stock_db"], scale=0.05)
    return {"url": d.source_urls["stock_db"], **d.places}


def _ingest(place: dict) -> None:
    ingest("stock_db", place.pop("url"), **place)


def test_unreachable_source_is_named_without_password(stock_source: dict) -> None:
    stock_source["url"] = f"mysql+pymysql://root:fake-s3cret-pw@{CLOSED}/stock_db"
    with pytest.raises(
        IngestionError, match=re.escape(f"source stock_db at {CLOSED} is unreachable")
    ) as e:
        _ingest(stock_source)
    assert "fake-s3cret-pw" not in str(e.value)


def test_missing_sqlite_source(stock_source: dict, tmp_path: Path) -> None:
    stock_source["url"] = f"sqlite:///{tmp_path / 'nowhere.sqlite'}"
    with pytest.raises(IngestionError, match="does not exist"):
        _ingest(stock_source)
    assert not (tmp_path / "nowhere.sqlite").exists()


@pytest.mark.postgres
def test_unreachable_warehouse_is_named_without_password(stock_source: dict) -> None:
    stock_source["warehouse_url"] = f"postgresql+psycopg://postgres:fake-s3cret-pw@{CLOSED}/wh"
    with pytest.raises(
        IngestionError, match=re.escape(f"warehouse at {CLOSED} is unreachable")
    ) as e:
        _ingest(stock_source)
    assert "fake-s3cret-pw" not in str(e.value)


@pytest.mark.s3
def test_unreachable_lake_leaves_raw_untouched(stock_source: dict) -> None:
    stock_source["lake_url"] = "s3://lake-bucket/lake"
    stock_source["lake_credentials"] = {
        "aws_access_key_id": "key-id",
        "aws_secret_access_key": "fake-s3cret-pw",
        "endpoint_url": f"http://{CLOSED}",
        "region_name": "us-east-1",
    }
    warehouse_url = stock_source["warehouse_url"]
    with pytest.raises(
        IngestionError, match=re.escape(f"lake bucket lake-bucket at http://{CLOSED}")
    ) as e:
        _ingest(stock_source)
    assert "fake-s3cret-pw" not in str(e.value)
    assert not Path(warehouse_url.removeprefix("duckdb:///")).exists()


@pytest.mark.s3
def test_missing_bucket_is_named(stock_source: dict, s3_server: dict) -> None:
    stock_source["lake_url"] = "s3://no-such-bucket/lake"
    stock_source["lake_credentials"] = s3_server
    with pytest.raises(IngestionError, match="lake bucket no-such-bucket"):
        _ingest(stock_source)


def test_unknown_source_name(stock_source: dict) -> None:
    with pytest.raises(IngestionError, match="unknown source"):
        ingest("nope", stock_source.pop("url"), **stock_source)


def test_raw_reader_names_missing_warehouse(tmp_path: Path) -> None:
    with pytest.raises(IngestionError, match="warehouse"):
        RawReader(f"duckdb:///{tmp_path / 'missing' / 'w.duckdb'}", "raw_stock")
