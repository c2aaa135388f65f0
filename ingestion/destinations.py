"""Names, dlt destinations and password-free labels for a source, the lake and a warehouse."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dlt
from dlt.common.normalizers.naming.snake_case import NamingConvention
from sqlalchemy.engine import make_url

from common.sources import RAW_SCHEMAS
from common.urls import masked
from ingestion.errors import IngestionError

# One folder per table, partitioned by load date; the load id in the name ties a file to its load.
TRUST_AUTH_PLACEHOLDER = "unused-trust-auth"
LAKE_LAYOUT = "{table_name}/year={YYYY}/month={MM}/day={DD}/{load_id}.{file_id}.{ext}"


def raw_schema(source: str) -> str:
    """The raw schema a source is loaded into."""
    if source not in RAW_SCHEMAS:
        raise IngestionError(f"unknown source {source!r}: expected one of {sorted(RAW_SCHEMAS)}")
    return RAW_SCHEMAS[source]


def is_duckdb(warehouse_url: str) -> bool:
    return warehouse_url.startswith("duckdb:")


def duckdb_path(warehouse_url: str) -> Path:
    """The file of a `duckdb:///path` URL."""
    return Path(make_url(warehouse_url).database or "")


def postgres_dsn(url: str) -> str:
    """A libpq URL (no SQLAlchemy driver suffix) for dlt and psycopg."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pipeline_name(kind: str, source: str, warehouse_url: str) -> str:
    """A pipeline name unique per source and warehouse, so two warehouses never share state."""
    digest = hashlib.sha256(masked(warehouse_url).encode()).hexdigest()[:10]
    return f"{kind}_{source}_{digest}"


def warehouse_destination(
    warehouse_url: str,
) -> dlt.destinations.duckdb | dlt.destinations.postgres:
    if is_duckdb(warehouse_url):
        return dlt.destinations.duckdb(credentials=str(duckdb_path(warehouse_url)))
    url = make_url(postgres_dsn(warehouse_url))
    if not url.password:
        # dlt insists on a password; a server with trust auth never asks for this placeholder.
        url = url.set(password=TRUST_AUTH_PLACEHOLDER)
    return dlt.destinations.postgres(credentials=url.render_as_string(hide_password=False))


def raw_naming(warehouse_url: str) -> NamingConvention:
    """How dlt names tables and columns in the warehouse (snake_case, cut to its name length)."""
    capabilities = warehouse_destination(warehouse_url).capabilities()
    return NamingConvention(max_length=capabilities.max_identifier_length)


def lake_destination(
    lake_url: str, lake_credentials: dict[str, str]
) -> dlt.destinations.filesystem:
    credentials = dict(lake_credentials) if lake_url.startswith("s3://") else None
    return dlt.destinations.filesystem(
        bucket_url=lake_url, credentials=credentials, layout=LAKE_LAYOUT
    )


# Intermediate files are not gzipped: compressing them costs more time than the bytes save on
# a local disk. Files of at most 100k rows and two load workers bound peak memory, since an
# ADBC load job's memory grows with its file; larger files load a little faster but peak higher
# (docs/benchmarks.md). A loaded package's job files are a copy of what reached the destination:
# they are deleted (its small record stays), or the data dir, on ECS a paid EFS volume, would
# keep a second copy of every row ever extracted.
PIPELINE_DEFAULTS = {
    "data_writer__disable_compression": "true",
    "normalize__data_writer__disable_compression": "true",
    "data_writer__file_max_items": "100000",
    "normalize__data_writer__file_max_items": "100000",
    "load__workers": "2",
    "load__delete_completed_jobs": "true",
}


def configure_pipeline(name: str, **settings: str) -> None:
    """Sets dlt config for one pipeline only (dlt reads `<PIPELINE>__SECTION__KEY` variables)."""
    for key, value in {**PIPELINE_DEFAULTS, **settings}.items():
        os.environ[f"{name.upper()}__{key.upper()}"] = value
