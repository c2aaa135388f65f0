"""Lake → raw: merges the files of given lake loads into raw, then applies recorded deletions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import dlt
import pyarrow as pa
from dlt.common.schema.typing import TColumnSchema

from ingestion.destinations import (
    configure_pipeline,
    pipeline_name,
    raw_schema,
    warehouse_destination,
)
from ingestion.lake import Lake
from ingestion.progress import progress_collector
from ingestion.tables import TableInfo

RAW_SOURCE = "lake_files"
DELETE_BATCH = 500
# Column hints carried from the lake schema into raw (types, precision, keys, time zone).
KEPT_HINTS = ("name", "data_type", "nullable", "precision", "scale", "timezone", "primary_key")


def raw_pipeline(source: str, warehouse_url: str, pipelines_dir: Path) -> dlt.Pipeline:
    """The pipeline that loads one source's raw schema of the warehouse."""
    name = pipeline_name("raw", source, warehouse_url)
    configure_pipeline(name)
    pipeline = dlt.pipeline(
        name,
        destination=warehouse_destination(warehouse_url),
        dataset_name=raw_schema(source),
        pipelines_dir=str(pipelines_dir),
        progress=progress_collector(f"lake → {raw_schema(source)}"),
    )
    if not pipeline.state.get("sources") and not pipeline.has_pending_data:
        # A lost working dir: take the state (which lake loads raw holds) from the warehouse.
        pipeline.sync_destination()
    return pipeline


def applied_lake_load(pipeline: dlt.Pipeline) -> str | None:
    """The last lake load whose files raw holds (kept in the raw pipeline's state)."""
    return pipeline.state.get("sources", {}).get(RAW_SOURCE, {}).get("lake_load_id")


def _columns(
    lake_columns: dict[str, TColumnSchema], raw_columns: dict[str, TColumnSchema]
) -> dict[str, TColumnSchema]:
    """The lake's column hints for raw. A column new to an existing raw table is nullable
    there, whatever the source says: the database cannot add a NOT NULL column to rows that
    have no value for it (they get theirs when the table is re-extracted)."""
    columns: dict[str, TColumnSchema] = {}
    for name, hints in lake_columns.items():
        kept: TColumnSchema = {k: v for k, v in hints.items() if k in KEPT_HINTS}  # type: ignore[assignment]
        if raw_columns and name not in raw_columns:
            kept["nullable"] = True
        columns[name] = kept
    return columns


@dlt.source(name=RAW_SOURCE, max_table_nesting=0)
def lake_files(
    lake: Lake,
    load_id: str,
    files: dict[str, list[str]],
    tables: dict[str, TableInfo],
    schema_columns: dict,
    raw_columns: dict[str, dict],
) -> list:
    """One lake load's tables as resources: merged on the key, or replaced when snapshotted."""
    return [
        dlt.resource(
            _lake_items(lake, paths, load_id),
            name=name,
            write_disposition=_disposition(tables[name], bool(raw_columns[name])),
            primary_key=list(tables[name].primary_key),
            columns=_columns(schema_columns.get(name, {}), raw_columns[name]),
        )
        for name, paths in files.items()
    ]


def _disposition(info: TableInfo, exists: bool) -> str:
    # A table new to raw is replaced: dlt copies the files straight into it (truncate-and-insert)
    # instead of into a staging table, then a delete, a sort by key and a second insert (most of
    # a merge's load time). A job re-run after a kill between its commit and dlt's
    # bookkeeping could double rows there; ingest merges that lake load again after a resumed
    # package (ingest._finish_raw), which leaves each key once.
    if info.append:
        return "append"
    if not exists:
        return "replace"
    return "merge" if info.cursor else "replace"


def _lake_items(lake: Lake, paths: list[str], load_id: str) -> Iterator[Any]:
    # The watermark goes into the state of the same package as the rows: both land, or neither.
    dlt.current.source_state()["lake_load_id"] = load_id
    if not lake.local:
        yield from lake.batches(paths)  # a remote lake streams through, batch by batch
        return
    for path in paths:
        # A local lake file goes into the package as it is (dlt hard-links it, or copies it):
        # reading it into Arrow and writing it again would cost time per row. A file of no rows
        # (the lag window re-read only known rows) is skipped: ADBC cannot copy an empty file.
        if rows := lake.row_count(path):
            yield dlt.mark.with_file_import(path, "parquet", rows)


def load_files(
    pipeline: dlt.Pipeline,
    lake: Lake,
    load_id: str,
    files: dict[str, list[str]],
    tables: dict[str, TableInfo],
    schema_columns: dict,
) -> dict[str, int]:
    """Loads one lake load's data files into raw; returns rows per table."""
    raw_columns = {name: _raw_columns(pipeline, name) for name in files}
    source = lake_files(lake, load_id, files, tables, schema_columns, raw_columns)
    pipeline.run(source, loader_file_format="parquet")
    counts = pipeline.last_trace.last_normalize_info.row_counts
    return {name: counts.get(name, 0) for name in files}


def delete_keys(pipeline: dlt.Pipeline, info: TableInfo, keys: pa.Table) -> int:
    """Deletes the rows with these primary keys from raw, in one transaction."""
    rows = [tuple(row.values()) for row in keys.select(list(info.primary_key)).to_pylist()]
    if not rows or not raw_has(pipeline, info.name):
        return 0
    deleted = 0
    with pipeline.sql_client() as client, client.begin_transaction():
        table = client.make_qualified_table_name(info.name)
        columns = [client.escape_column_name(c) for c in info.primary_key]
        for start in range(0, len(rows), DELETE_BATCH):
            batch = rows[start : start + DELETE_BATCH]
            where = _where_keys(columns, len(batch))
            # Counted first: a deletion replayed from the lake may find its rows already gone.
            # B608: identifiers come quoted from dlt's SQL client; values are bound.
            count_sql = f"SELECT count(*) FROM {table} WHERE {where}"  # nosec B608
            found = client.execute_sql(count_sql, *_flatten(batch))
            delete_sql = f"DELETE FROM {table} WHERE {where}"  # nosec B608
            client.execute_sql(delete_sql, *_flatten(batch))
            deleted += found[0][0] if found else 0
    return deleted


def _where_keys(columns: list[str], count: int) -> str:
    # Identifiers come quoted from dlt's SQL client; values are bound parameters.
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return f"({', '.join(columns)}) IN ({', '.join([row] * count)})"


def _flatten(rows: Iterable[tuple]) -> list:
    return [value for row in rows for value in row]


def truncate_raw(pipeline: dlt.Pipeline, tables: dict[str, TableInfo]) -> None:
    """Empties raw's data tables in one transaction (before a full replay)."""
    present = [name for name in tables if raw_has(pipeline, name)]
    with pipeline.sql_client() as client, client.begin_transaction():
        for name in present:
            table = client.make_qualified_table_name(name)  # quoted by dlt's SQL client
            client.execute_sql(f"DELETE FROM {table}")  # nosec B608


def raw_has(pipeline: dlt.Pipeline, table: str) -> bool:
    return bool(_raw_columns(pipeline, table))


def _raw_columns(pipeline: dlt.Pipeline, table: str) -> dict[str, TColumnSchema]:
    """The columns raw's table has (empty when raw has no such table yet)."""
    schema = pipeline.default_schema if pipeline.default_schema_name else None
    if not schema or table not in schema.tables:
        return {}
    return schema.get_table_columns(table)
