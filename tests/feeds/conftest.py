"""A feed deployment of either target: SQLite sources the demo APIs read, served on 127.0.0.1
by seeds_generator, a lake (folder or moto S3 bucket, its landing prefix beside) and a warehouse
(DuckDB file or PostgreSQL database)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import seeds_generator
from ingestion.feeds import RetryPolicy, ingest_feed
from ingestion.ingest_report import IngestReport
from seeds_generator import FaultPlan, ServedApis

SCALE, SEED = 0.05, 7
# Fast retries: a test waits for dlt's back-off, so it is kept short (Retry-After is 1s).
FAST_RETRY = RetryPolicy(timeout=2.0, attempts=4, backoff=0.05, max_delay=2.0)


@dataclass
class FeedDeployment:
    target: str
    source_urls: dict[str, str]
    lake_url: str
    landing_url: str
    warehouse_url: str
    pipelines_dir: Path
    apis: ServedApis
    lake_credentials: dict[str, str] = field(default_factory=dict)

    def url(self, source: str) -> str:
        return self.landing_url if source == "partner_files" else self.apis.urls[source]

    def ingest(self, source: str, retry: RetryPolicy = FAST_RETRY) -> IngestReport:
        return ingest_feed(
            source,
            self.url(source),
            lake_url=self.lake_url,
            lake_credentials=self.lake_credentials,
            warehouse_url=self.warehouse_url,
            pipelines_dir=self.pipelines_dir,
            retry=retry,
        )

    def drop_files(self) -> list[str]:
        counterparties = seeds_generator.counterparty_ids(self.source_urls["totesys"])
        return seeds_generator.drop_files(
            self.landing_url, self.lake_credentials, counterparties, self.apis.today(), seed=SEED
        )

    def simulate(self, days: int = 1) -> None:
        seeds_generator.simulate(
            self.source_urls, ticks=1, interval=timedelta(days=days), seed=SEED + days
        )

    def count(self, sql: str) -> int:
        """One number from the warehouse (DuckDB or PostgreSQL)."""
        if self.target == "local":
            import duckdb

            with duckdb.connect(self.warehouse_url.removeprefix("duckdb:///")) as conn:
                return conn.execute(sql).fetchone()[0]
        engine = sa.create_engine(self.warehouse_url)
        try:
            with engine.connect() as conn:
                return conn.exec_driver_sql(sql).scalar_one()
        finally:
            engine.dispose()


def _sources(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "sources"
    folder.mkdir()
    urls = {name: f"sqlite:///{folder / name}.sqlite" for name in ("totesys", "stock_db")}
    for name, url in urls.items():
        seeds_generator.generate(name, url, scale=SCALE, seed=SEED)
    return urls


@pytest.fixture(
    params=["local", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.s3])]
)
def feeds(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FeedDeployment]:
    """A feed deployment of either target, its APIs served without random faults."""
    sources = _sources(tmp_path)
    places = _places(request, tmp_path)
    faults = FaultPlan(seed=SEED)
    faults.calm()
    with seeds_generator.serve_apis(sources, seed=SEED, faults=faults) as apis:
        yield FeedDeployment(request.param, sources, apis=apis, **places)


def _places(request: pytest.FixtureRequest, tmp_path: Path) -> dict:
    if request.param == "local":
        (tmp_path / "lake").mkdir()
        return {
            "lake_url": str(tmp_path / "lake"),
            "landing_url": str(tmp_path / "lake" / "landing"),
            "warehouse_url": f"duckdb:///{tmp_path / 'warehouse.duckdb'}",
            "pipelines_dir": tmp_path / "pipelines",
        }
    make_pg: Callable[[], str] = request.getfixturevalue("make_pg_database")
    bucket: str = request.getfixturevalue("s3_bucket")
    return {
        "lake_url": f"s3://{bucket}/lake",
        "landing_url": f"s3://{bucket}/landing",
        "lake_credentials": request.getfixturevalue("s3_server"),
        "warehouse_url": make_pg(),
        "pipelines_dir": tmp_path / "pipelines",
    }
