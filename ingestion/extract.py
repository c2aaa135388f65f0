"""Source → lake: every table as parquet, incrementally on its change column, stock whole."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import dlt
import pyarrow as pa
import sqlalchemy as sa
from dlt.common.normalizers.json.relational import C_DLT_ID
from dlt.common.pipeline import LoadInfo
from dlt.sources.sql_database import sql_database

from ingestion.arrow_types import caster, declared_types
from ingestion.dedup import window_filter
from ingestion.destinations import configure_pipeline, lake_destination, pipeline_name
from ingestion.dlt_workarounds import drop_normalized_leftovers
from ingestion.progress import progress_collector
from ingestion.tables import TableInfo

# Seconds re-read behind the last cursor value: rows committed late with an older timestamp
# would otherwise be skipped for good (dlt issue 2269). Boundary rows are deduplicated by key.
LAG_SECONDS = 60
CHUNK_ROWS = 50_000


def lake_pipeline(
    source: str,
    lake_url: str,
    lake_credentials: dict[str, str],
    warehouse_url: str,
    pipelines_dir: Path,
) -> dlt.Pipeline:
    """The pipeline that writes one source's folder of the lake."""
    name = pipeline_name("lake", source, warehouse_url)
    # Lake rows carry their load id; raw keeps it, so raw rows trace to files.
    configure_pipeline(name, normalize__parquet_normalizer__add_dlt_load_id="true")
    pipeline = dlt.pipeline(
        name,
        destination=lake_destination(lake_url, lake_credentials),
        dataset_name=source,
        pipelines_dir=str(pipelines_dir),
        progress=progress_collector(f"{source} → lake"),
    )
    configure_pipeline(name, normalize__parquet_normalizer__add_dlt_id=_row_ids(pipeline))
    return pipeline


def _row_ids(pipeline: dlt.Pipeline) -> str:
    """Whether lake rows get dlt's random row id `_dlt_id`: only where the lake has it already.

    Nothing reads it (raw merges on the primary key, tables have no nested tables), and making
    it makes dlt's normalize rewrite every file, a cost per row. A lake (and raw) made
    before keeps it, as its tables declare the column not null.
    """
    if not pipeline.default_schema_name:
        # A lost working dir: the lake's own schema tells (and the drift guard compares
        # against it). A new lake has none: nothing to do.
        pipeline.sync_destination()
    schemas = [pipeline.default_schema] if pipeline.default_schema_name else []
    had = any(C_DLT_ID in table["columns"] for s in schemas for table in s.data_tables())
    return "true" if had else "false"


def finish_pending(pipeline: dlt.Pipeline) -> list[str]:
    """Completes packages a killed run left behind, before any new work; returns their ids."""
    if not pipeline.has_pending_data:
        return []
    drop_normalized_leftovers(pipeline)
    if pipeline.list_extracted_load_packages():
        pipeline.normalize()
    return list(pipeline.load().loads_ids)


def source_tables(
    engine: sa.Engine,
    metadata: sa.MetaData,
    tables: dict[str, TableInfo],
    reextract: Collection[str] = (),
) -> dlt.sources.DltSource:
    """dlt's sql_database over the tables (reflected in `metadata` by reflect_tables), with an
    incremental cursor where there is one.

    A table in `reextract` is read whole this once; its cursor state is left as it was, so the
    next run goes on from there (re-reading at most what changed since, merged on the key)."""
    fast = engine.dialect.name == "postgresql"
    source = sql_database(
        engine,
        table_names=list(tables),
        metadata=metadata,  # the cycle's reflection: dlt reflects only a table missing there
        # connectorx reads PostgreSQL faster; its types are cast back below. MySQL zero dates
        # and time zones break it, and it reads SQLite URLs differently: pyarrow there.
        backend="connectorx" if fast else "pyarrow",
        backend_kwargs=_connectorx_options(engine) if fast else None,
        reflection_level="full_with_precision",
        chunk_size=CHUNK_ROWS,
    )
    for info in tables.values():
        if fast:
            source.resources[info.name].add_map(caster(declared_types(metadata.tables[info.name])))
        # The lake is append-only: a snapshot table simply gains a dated full copy per cycle.
        hints: dict = {"write_disposition": "append", "primary_key": list(info.primary_key)}
        incremental = info.cursor and info.name not in reextract
        if incremental:
            hints["incremental"] = dlt.sources.incremental(info.cursor, lag=LAG_SECONDS)
        resource = source.resources[info.name].apply_hints(**hints)
        if incremental:
            resource.add_map(window_filter(info, LAG_SECONDS))
    return source


def _connectorx_options(engine: sa.Engine) -> dict:
    dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    # A stream of batches: memory stays flat however large the table.
    return {"conn": dsn, "return_type": "arrow_stream", "batch_size": CHUNK_ROWS}


def extract_to_lake(
    pipeline: dlt.Pipeline,
    engine: sa.Engine,
    metadata: sa.MetaData,
    tables: dict[str, TableInfo],
    reextract: Collection[str] = (),
) -> LoadInfo:
    source = source_tables(engine, metadata, tables, reextract)
    return pipeline.run(source, loader_file_format="parquet")


def record_deletions(pipeline: dlt.Pipeline, deleted: dict[str, pa.Table]) -> str | None:
    """Writes keys deleted in the source to the lake (`_deleted_<table>`); returns the load id."""
    resources = [
        dlt.resource(keys, name=name, write_disposition="append")
        for name, keys in deleted.items()
        if keys.num_rows
    ]
    if not resources:
        return None
    info = pipeline.run(resources, loader_file_format="parquet", schema=pipeline.default_schema)
    return info.loads_ids[0]
