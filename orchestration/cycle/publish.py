"""Publishes every mart table as parquet to <lake>/processed/<table>/, replaced atomically."""

from __future__ import annotations

import logging
import os
import uuid
from typing import Any

import connectorx
import duckdb
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from orchestration.settings import Settings

log = logging.getLogger(__name__)
MARTS_SCHEMA = "marts"
PROCESSED_AREA = "processed"
_quote = postgresql.dialect().identifier_preparer.quote  # DuckDB quotes like PostgreSQL
_LIST_MARTS = (
    "select table_name from information_schema.tables "
    "where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
)


def _duckdb_tables(settings: Settings) -> dict[str, pa.Table]:
    # Same configuration as dbt-duckdb's connection, so one process can hold both.
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        names = [row[0] for row in connection.execute(_LIST_MARTS).fetchall()]
        return {name: connection.sql(_select_all(name)).to_arrow_table() for name in names}


def _postgres_tables(settings: Settings) -> dict[str, pa.Table]:
    url = make_url(settings.transform_url).set(drivername="postgresql")
    dsn = url.render_as_string(hide_password=False)
    names = connectorx.read_sql(dsn, _LIST_MARTS, return_type="arrow").column(0).to_pylist()
    return {
        name: connectorx.read_sql(dsn, _select_all(name), return_type="arrow") for name in names
    }


def _select_all(table: str) -> str:
    # B608: both names are quoted by SQLAlchemy's PostgreSQL preparer (DuckDB quotes alike).
    return f"select * from {_quote(MARTS_SCHEMA)}.{_quote(table)}"  # nosec B608


def read_marts(settings: Settings) -> dict[str, pa.Table]:
    """Every table of the marts schema as an Arrow table, by name."""
    if settings.target == "local":
        return _duckdb_tables(settings)
    return _postgres_tables(settings)


def lake_filesystem(settings: Settings) -> tuple[fsspec.AbstractFileSystem, str]:
    """The lake's filesystem (local folder or S3 with the lake credentials) and its root path."""
    credentials = settings.lake_credentials
    options: dict[str, Any] = {}
    if settings.lake_url.startswith("s3://"):
        options = {
            "key": credentials.get("aws_access_key_id"),
            "secret": credentials.get("aws_secret_access_key"),
            "client_kwargs": {
                key: credentials[key]
                for key in ("endpoint_url", "region_name")
                if key in credentials
            },
        }
    filesystem, root = fsspec.core.url_to_fs(settings.lake_url, **options)
    return filesystem, root.rstrip("/")


def _write_atomically(filesystem: fsspec.AbstractFileSystem, table: pa.Table, path: str) -> None:
    if isinstance(filesystem, fsspec.implementations.local.LocalFileSystem):
        # A rename within one folder is atomic: readers see the old file or the new one.
        temporary = f"{path}.{uuid.uuid4().hex}.tmp"
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    else:
        # One object PUT (or one completed multipart upload) replaces an S3 object atomically.
        with filesystem.open(path, "wb") as sink:
            pq.write_table(table, sink)


def publish_marts(settings: Settings, run_id: str) -> dict[str, int]:
    """Writes each mart to processed/<table>/<table>.parquet; returns rows written per table."""
    filesystem, root = lake_filesystem(settings)
    written: dict[str, int] = {}
    for name, table in read_marts(settings).items():
        folder = f"{root}/{PROCESSED_AREA}/{name}"
        filesystem.makedirs(folder, exist_ok=True)
        stamped = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), b"warehouse_run_id": run_id.encode()}
        )
        _write_atomically(filesystem, stamped, f"{folder}/{name}.parquet")
        written[name] = table.num_rows
    log.info("published %d marts to %s/%s", len(written), settings.lake_url, PROCESSED_AREA)
    return written
