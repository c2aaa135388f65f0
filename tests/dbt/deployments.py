"""Throw-away deployments for dbt tests: generated sources, a lake and a warehouse per target."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import boto3
import duckdb
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

import seeds_generator
from common.sources import API_SOURCES
from orchestration.commands import grants as grants_command
from orchestration.settings import SERVED, Settings
from tests.conftest import MARIADB_ADMIN_URL, PG_ADMIN_URL, unique_name

SCALE = 0.05
SEED = 7


def local_settings(root: Path) -> Settings:
    """The embedded target laid out under `root` as WAREHOUSE_DATA_DIR would lay it out."""
    (root / "sources").mkdir(parents=True)
    return Settings(
        target="local",
        data_dir=root,
        source_urls={
            "totesys": f"sqlite:///{root / 'sources' / 'totesys.sqlite'}",
            "stock_db": f"sqlite:///{root / 'sources' / 'stock_db.sqlite'}",
        },
        lake_url=str(root / "lake"),
        warehouse_url=f"duckdb:///{root / 'warehouse.duckdb'}",
        # The feeds as `make run` has them: the demo APIs served, partner files dropped.
        feed_urls={source.name: SERVED for source in API_SOURCES},
        landing_url=str(root / "lake" / "landing"),
    )


def as_role(url: str, role: str, password: str | None = None) -> str:
    """`url` logged in as `role` (the test PostgreSQL trusts any password)."""
    login = make_url(url).set(username=role, password=password)
    return login.render_as_string(hide_password=False)


def admin_url(url: str) -> str:
    """The same database as the server's superuser: to write the sources, to run the grants."""
    parsed = make_url(url)
    admins = {"postgresql": PG_ADMIN_URL, "mysql": MARIADB_ADMIN_URL}
    if parsed.get_backend_name() not in admins:
        return url  # SQLite sources have no roles
    admin = make_url(admins[parsed.get_backend_name()]).set(database=parsed.database)
    return admin.render_as_string(hide_password=False)


def writable_sources(settings: Settings) -> dict[str, str]:
    """The sources as their owner: the pipeline only reads them, the tests also write."""
    return {source: admin_url(url) for source, url in settings.source_urls.items()}


def least_privilege(admin: Settings) -> Settings:
    """Runs `warehouse grants` as the superuser; the same deployment as the pipeline's roles."""
    assert grants_command.run(admin, argparse.Namespace()) == 0
    return dataclasses.replace(
        admin,
        source_urls={
            name: as_role(url, "source_reader") for name, url in admin.source_urls.items()
        },
        warehouse_url=as_role(admin.warehouse_url, "loader"),
        transformer_url=as_role(admin.warehouse_url, "transformer"),
    )


@contextmanager
def postgres_settings(request: pytest.FixtureRequest, root: Path) -> Iterator[Settings]:
    """The production target on the test servers: new databases and bucket, dropped after.

    The pipeline runs as the least-privilege roles: sources read as source_reader, raw loaded
    as loader, dbt, ops and processed/ as transformer."""
    pg_admin: sa.Engine = request.getfixturevalue("pg_admin")
    mariadb_admin: sa.Engine = request.getfixturevalue("mariadb_admin")
    s3: dict[str, str] = request.getfixturevalue("s3_server")
    bucket = unique_name("wh-dbt").replace("_", "-")
    boto3.client("s3", **s3).create_bucket(Bucket=bucket)
    with ExitStack() as stack:
        totesys = stack.enter_context(_database(pg_admin, '"{}"', " WITH (FORCE)"))
        warehouse = stack.enter_context(_database(pg_admin, '"{}"', " WITH (FORCE)"))
        stock_db = stack.enter_context(_database(mariadb_admin, "`{}`", ""))
        admin = Settings(
            target="postgres",
            data_dir=root,
            source_urls={"totesys": totesys, "stock_db": stock_db},
            lake_url=f"s3://{bucket}/lake",
            warehouse_url=warehouse,
            lake_credentials=dict(s3),
            # The feeds as the embedded target has them: the demo APIs served by the cycle,
            # the partner's files dropped into the bucket's landing prefix.
            feed_urls={source.name: SERVED for source in API_SOURCES},
            landing_url=f"s3://{bucket}/landing",
        )
        yield least_privilege(admin)


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
    for source, url in writable_sources(settings).items():
        seeds_generator.generate(source, url, scale=SCALE, seed=SEED)


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
    engine = sa.create_engine(settings.transform_url)  # the role that reads every layer
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def execute(settings: Settings, sql: str) -> None:
    """Runs and commits `sql` on the warehouse (tests that change a copy of it)."""
    if settings.duckdb_path is not None:
        with duckdb.connect(str(settings.duckdb_path)) as conn:
            conn.execute(sql)
        return
    engine = sa.create_engine(settings.transform_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


def source_engine(settings: Settings, source: str) -> sa.Engine:
    """A source as its owner (tests change the sources between cycles)."""
    return sa.create_engine(writable_sources(settings)[source])
