"""Rebuilds a raw schema from the lake alone: the lake loads since a date, applied in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dlt

from ingestion.connections import check_lake, check_warehouse, reraise
from ingestion.destinations import raw_schema
from ingestion.dlt_workarounds import drop_torn_lake_files
from ingestion.errors import IngestionError
from ingestion.extract import lake_pipeline
from ingestion.ingest import apply_lake_loads
from ingestion.ingest_report import IngestReport
from ingestion.lake import Lake, load_day
from ingestion.load import raw_pipeline, truncate_raw
from ingestion.lock import warehouse_lock
from ingestion.tables import tables_from_schema


def replay(
    source: str,
    *,
    since: dt.date,
    lake_url: str,
    lake_credentials: dict[str, str],
    warehouse_url: str,
    pipelines_dir: Path,
) -> IngestReport:
    """Re-applies the lake loads dated `since` or later to raw_<source>, without the source.

    When `since` reaches back to the first load, raw's tables are emptied first, so raw is
    rebuilt from the lake alone; a later date re-applies only the newer loads on top of raw.
    """
    schema = raw_schema(source)
    check_lake(lake_url, lake_credentials)
    check_warehouse(warehouse_url)
    with warehouse_lock(warehouse_url):
        report = IngestReport(source)
        lake = Lake(lake_url, lake_credentials, source)
        drop_torn_lake_files(lake.fs, lake.root)
        loads = lake.completed_loads()
        chosen = [load_id for load_id in loads if load_day(load_id) >= since]
        if not chosen:
            raise IngestionError(f"the lake holds no {source} loads dated {since} or later")
        with report.step("replay"), reraise(f"replay of {schema} failed", warehouse_url):
            lake_pl = _lake_schema_pipeline(
                source, lake_url, lake_credentials, warehouse_url, pipelines_dir
            )
            raw_pl = raw_pipeline(source, warehouse_url, pipelines_dir)
            if chosen[0] == loads[0]:
                truncate_raw(raw_pl, tables_from_schema(lake_pl.default_schema.tables))
            apply_lake_loads(report, raw_pl, lake, lake_pl, chosen)
            report.lake_load_ids = chosen
        return report


def _lake_schema_pipeline(
    source: str, lake_url: str, creds: dict[str, str], warehouse_url: str, pipelines_dir: Path
) -> dlt.Pipeline:
    """The lake pipeline, its schema (keys, types) restored from the lake if the dir was lost."""
    pipeline = lake_pipeline(source, lake_url, creds, warehouse_url, pipelines_dir)
    if not pipeline.default_schema_name:
        raise IngestionError(f"the lake at {lake_url} has no schema for {source}")
    return pipeline
