"""One ingest of one source: extract into the lake, load that load's files into raw, deletions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import dlt
import sqlalchemy as sa
from dlt.common.schema import Schema

from ingestion.connections import check_lake, check_warehouse, reraise, source_engine
from ingestion.destinations import raw_schema
from ingestion.dlt_workarounds import drop_torn_lake_files
from ingestion.drift import check_drift, check_reextract
from ingestion.extract import extract_to_lake, finish_pending, lake_pipeline, record_deletions
from ingestion.ingest_report import IngestReport
from ingestion.keys import missing_keys
from ingestion.lake import Lake
from ingestion.load import applied_lake_load, delete_keys, load_files, raw_pipeline
from ingestion.lock import warehouse_lock
from ingestion.tables import TableInfo, reflect_tables, tables_from_schema


@dataclass(frozen=True)
class _Places:
    """Where one ingest reads and writes."""

    source: str
    source_url: str
    lake_url: str
    lake_credentials: dict[str, str]
    warehouse_url: str
    pipelines_dir: Path
    reextract: frozenset[str] = frozenset()


def ingest(
    source: str,
    source_url: str,
    *,
    lake_url: str,
    lake_credentials: dict[str, str],
    warehouse_url: str,
    pipelines_dir: Path,
    reextract: Collection[str] = (),
) -> IngestReport:
    """Extracts a source into the lake, then loads raw_<source> from exactly those lake files.

    Tables named in `reextract` are read whole this once (after a column was added with a
    default, which the drift guard refuses otherwise)."""
    raw_schema(source)
    engine = source_engine(source, source_url)
    try:
        # Every system is checked before anything is written, so a bad one leaves no trace.
        check_lake(lake_url, lake_credentials)
        check_warehouse(warehouse_url)
        places = _Places(
            source,
            source_url,
            lake_url,
            lake_credentials,
            warehouse_url,
            pipelines_dir,
            frozenset(reextract),
        )
        with warehouse_lock(warehouse_url):
            return _cycle(places, engine)
    finally:
        engine.dispose()


def _cycle(p: _Places, engine: sa.Engine) -> IngestReport:
    report = IngestReport(p.source)
    lake = Lake(p.lake_url, p.lake_credentials, p.source)
    drop_torn_lake_files(lake.fs, lake.root)
    lake_pl = lake_pipeline(
        p.source, p.lake_url, p.lake_credentials, p.warehouse_url, p.pipelines_dir
    )
    with (
        report.step("extract"),
        reraise(f"extract of {p.source} into the lake failed", p.source_url),
    ):
        metadata = sa.MetaData()
        tables = reflect_tables(engine, metadata)
        check_reextract(p.source, tables, p.reextract)
        check_drift(p.source, tables, _schema(lake_pl), p.reextract)
        _extract(report, lake_pl, engine, metadata, tables, p.reextract)
    with report.step("load"), reraise(f"load of {raw_schema(p.source)} failed", p.warehouse_url):
        raw_pl = raw_pipeline(p.source, p.warehouse_url, p.pipelines_dir)
        _finish_raw(report, raw_pl, lake, lake_pl)
        apply_lake_loads(report, raw_pl, lake, lake_pl, unapplied(lake, raw_pl))
    failed = f"deletions for {p.source} failed"
    with report.step("deletions"), reraise(failed, p.source_url, p.warehouse_url):
        _deletions(report, engine, lake, lake_pl, raw_pl, p.warehouse_url, tables)
    return report


def _schema(pipeline: dlt.Pipeline) -> Schema | None:
    return pipeline.default_schema if pipeline.default_schema_name else None


def _extract(
    report: IngestReport,
    pipeline: dlt.Pipeline,
    engine: sa.Engine,
    metadata: sa.MetaData,
    tables: dict,
    reextract: frozenset[str],
) -> None:
    report.lake_load_ids += finish_pending(pipeline)
    info = extract_to_lake(pipeline, engine, metadata, tables, reextract)
    report.lake_load_ids += list(info.loads_ids)
    # The report names tables as dlt does in the lake and raw (normalised identifiers).
    names = {pipeline.default_schema.naming.normalize_table_identifier(name) for name in tables}
    for name, rows in pipeline.last_trace.last_normalize_info.row_counts.items():
        if name in names:
            report.table(name).extracted += rows
    for name in names:
        report.table(name)


def _finish_raw(
    report: IngestReport, raw_pl: dlt.Pipeline, lake: Lake, lake_pl: dlt.Pipeline
) -> None:
    """Completes a raw package a killed run left behind, then merges its lake load again.

    A table new to raw is loaded without a merge (load._disposition), so a copy job re-run after
    the kill may have doubled its rows; the table exists now, so the same lake files are merged
    on the key, which leaves each row once. Only after a kill: a clean run never resumes.
    """
    resumed = finish_pending(raw_pl)
    report.raw_load_ids += resumed
    if resumed and (applied := applied_lake_load(raw_pl)):
        apply_lake_loads(IngestReport(report.source), raw_pl, lake, lake_pl, [applied])


def unapplied(lake: Lake, raw_pl: dlt.Pipeline) -> list[str]:
    """Completed lake loads newer than the last one raw holds (all, for a new warehouse)."""
    applied = applied_lake_load(raw_pl)
    return [lid for lid in lake.completed_loads() if applied is None or float(lid) > float(applied)]


def apply_lake_loads(
    report: IngestReport,
    raw_pl: dlt.Pipeline,
    lake: Lake,
    lake_pl: dlt.Pipeline,
    load_ids: list[str],
    tables: dict[str, TableInfo] | None = None,
) -> None:
    """Applies lake loads to raw in order: data files merged/replaced, then recorded deletions.

    `tables`: keys and change columns as a feed declares them (default: the lake schema's)."""
    schema = lake_pl.default_schema
    tables = tables or tables_from_schema(schema.tables)
    columns = {name: schema.get_table_columns(name) for name in tables}
    for load_id in load_ids:
        files = {name: paths for name in tables if (paths := lake.files(name, load_id))}
        if files:
            for name, rows in load_files(raw_pl, lake, load_id, files, tables, columns).items():
                report.table(name).loaded += rows
            report.raw_load_ids += list(raw_pl.last_trace.last_load_info.loads_ids)
        for info in tables.values():
            if paths := lake.files(info.deleted_table, load_id):
                report.table(info.name).deleted += delete_keys(raw_pl, info, lake.read(paths))


def _deletions(
    report: IngestReport,
    engine: sa.Engine,
    lake: Lake,
    lake_pl: dlt.Pipeline,
    raw_pl: dlt.Pipeline,
    warehouse_url: str,
    tables: dict[str, TableInfo],
) -> None:
    """Keys in raw but gone from the source: recorded in the lake, then deleted from raw."""
    deleted = missing_keys(engine, raw_pl, warehouse_url, tables)
    if load_id := record_deletions(lake_pl, deleted):
        report.lake_load_ids.append(load_id)
        with reraise(f"load of {raw_pl.dataset_name} failed", warehouse_url):
            apply_lake_loads(report, raw_pl, lake, lake_pl, [load_id])
