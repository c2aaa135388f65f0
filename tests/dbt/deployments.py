"""Throw-away deployments for dbt tests: generated sources, a lake and a warehouse per target."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import boto3
import duckdb
import pytest
import sqlalchemy as sa

import ingestion
import seeds_generator
from orchestration.dbt_runner import run_dbt
from orchestration.settings import Settings
from tests.conftest import unique_name

SCALE = 0.05
SEED = 7


def local_settings(root: Path) -> Settings:
    """The embedded target laid out under `root` as WAREHOUSE_DATA_DIR would lay it out."""
    (root / "sources").mkdir(parents=True)
    return Settings(
        target="local",
        data_dir=root,
        totesys_url=f"sqlite:///{root / 'sources' / 'totesys.sqlite'}",
        stock_db_url=f"sqlite:///{root / 'sources' / 'stock_db.sqlite'}",
        lake_url=str(root / "lake"),
        warehouse_url=f"duckdb:///{root / 'warehouse.duckdb'}",
    )


@contextmanager
def postgres_settings(request: pytest.FixtureRequest, root: Path) -> Iterator[Settings]:
    """The production target on the test servers: new databases and bucket, dropped after."""
    pg_admin: sa.Engine = request.getfixturevalue("pg_admin")
    mariadb_admin: sa.Engine = request.getfixturevalue("mariadb_admin")
    s3: dict[str, str] = request.getfixturevalue("s3_server")
    bucket = unique_name("wh-dbt").replace("_", "-")
    boto3.client("s3", **s3).create_bucket(Bucket=bucket)
    with ExitStack() as stack:
        totesys = stack.enter_context(_database(pg_admin, '"{}"', " WITH (FORCE)"))
        warehouse = stack.enter_context(_database(pg_admin, '"{}"', " WITH (FORCE)"))
        stock_db = stack.enter_context(_database(mariadb_admin, "`{}`", ""))
        yield Settings(
            target="postgres",
            data_dir=root,
            totesys_url=totesys,
            stock_db_url=stock_db,
            lake_url=f"s3://{bucket}/lake",
            warehouse_url=warehouse,
            lake_credentials=dict(s3),
        )


@contextmanager
def _database(admin: sa.Engine, quoted: str, force: str) -> Iterator[str]:
    name = unique_name("wh_dbt")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {quoted.format(name)}")
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted.format(name)}{force}")


def generate_sources(settings: Settings) -> None:
    for source, url in settings.source_urls.items():
        seeds_generator.generate(source, url, scale=SCALE, seed=SEED)


def cycle(settings: Settings, dbt_args: tuple[str, ...] = ("build",)) -> Any:
    """Ingest both sources into the lake and raw, then run dbt; returns dbt's result."""
    for source, url in settings.source_urls.items():
        ingestion.ingest(
            source,
            url,
            lake_url=settings.lake_url,
            lake_credentials=settings.lake_credentials,
            warehouse_url=settings.warehouse_url,
            pipelines_dir=settings.pipelines_dir,
        )
    return run_dbt(settings, list(dbt_args))


def failures(result: Any) -> list[str]:
    """The nodes of a dbt result that did not succeed, with dbt's message."""
    nodes = getattr(getattr(result, "result", None), "results", None) or []
    return [
        f"{node.node.unique_id}: {node.status}: {node.message}"
        for node in nodes
        if str(node.status) not in ("success", "pass", "no-op")
    ]


def query(settings: Settings, sql: str) -> list[tuple]:
    """Rows of `sql` on the warehouse."""
    if settings.duckdb_path is not None:
        with duckdb.connect(str(settings.duckdb_path)) as conn:
            return conn.execute(sql).fetchall()
    engine = sa.create_engine(settings.warehouse_url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def source_engine(settings: Settings, source: str) -> sa.Engine:
    return sa.create_engine(settings.source_urls[source])
