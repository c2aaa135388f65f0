"""Fixtures for ingestion tests: both deployments' sources, lake and warehouse, generated small."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import seeds_generator
from ingestion import IngestReport, ReconcileRow, ingest, reconcile

SCALE = 0.05
SOURCES = ("totesys", "stock_db")


@dataclass
class Deployment:
    """Where one test's sources, lake and warehouse are."""

    target: str
    source_urls: dict[str, str]
    lake_url: str
    warehouse_url: str
    pipelines_dir: Path
    lake_credentials: dict[str, str] = field(default_factory=dict)

    @property
    def places(self) -> dict:
        return {
            "lake_url": self.lake_url,
            "lake_credentials": self.lake_credentials,
            "warehouse_url": self.warehouse_url,
            "pipelines_dir": self.pipelines_dir,
        }

    def ingest(self, source: str, reextract: tuple[str, ...] = ()) -> IngestReport:
        return ingest(source, self.source_urls[source], **self.places, reextract=reextract)

    def reconcile(self, source: str) -> list[ReconcileRow]:
        return reconcile(source, self.source_urls[source], warehouse_url=self.warehouse_url)

    def generate(self, *sources: str) -> None:
        for source in sources or SOURCES:
            seeds_generator.generate(source, self.source_urls[source], scale=SCALE, seed=7)


def local_deployment(tmp_path: Path) -> Deployment:
    sources = tmp_path / "sources"
    sources.mkdir()
    return Deployment(
        target="local",
        source_urls={s: f"sqlite:///{sources / s}.sqlite" for s in SOURCES},
        lake_url=str(tmp_path / "lake"),
        warehouse_url=f"duckdb:///{tmp_path / 'warehouse.duckdb'}",
        pipelines_dir=tmp_path / "pipelines",
    )


@pytest.fixture(
    params=[
        "local",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.mariadb, pytest.mark.s3]),
    ]
)
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Deployment:
    """An empty deployment of either target (sources not generated yet)."""
    if request.param == "local":
        return local_deployment(tmp_path)
    make_pg: Callable[[], str] = request.getfixturevalue("make_pg_database")
    s3: dict[str, str] = request.getfixturevalue("s3_server")
    bucket: str = request.getfixturevalue("s3_bucket")
    return Deployment(
        target="postgres",
        source_urls={"totesys": make_pg(), "stock_db": request.getfixturevalue("mariadb_database")},
        lake_url=f"s3://{bucket}/lake",
        lake_credentials=s3,
        warehouse_url=make_pg(),
        pipelines_dir=tmp_path / "pipelines",
    )


@pytest.fixture
def generated(deployment: Deployment) -> Deployment:
    """A deployment whose two sources hold small generated data."""
    deployment.generate()
    return deployment


def assert_reconciled(rows: list[ReconcileRow]) -> None:
    assert rows, "reconcile compared no tables"
    mismatched = [row for row in rows if not row.matches]
    assert not mismatched, mismatched
