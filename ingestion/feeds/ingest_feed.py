"""One ingest of a feed (an API or landed files): fetch → validate → lake → raw, like a database.

Every fetched record is checked against the feed's JSON Schema. A valid one goes to the feed's
table, a failing one to `<table>_quarantine` beside it (payload, source, endpoint or file, every
error with its JSON path; the load id comes with dlt's `_dlt_load_id`). Both go through the
lake first, in one dlt package with the feed's cursor, so rows and cursor land together.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dlt

from ingestion.connections import check_lake, check_warehouse, reraise
from ingestion.destinations import raw_schema
from ingestion.dlt_workarounds import drop_torn_lake_files
from ingestion.errors import IngestionError
from ingestion.extract import finish_pending, lake_pipeline
from ingestion.feeds.spec import Feed, Location, RetryPolicy, feed_of
from ingestion.feeds.validation import error_kind, errors_of, quarantine_row
from ingestion.ingest import apply_lake_loads, unapplied
from ingestion.ingest_report import IngestReport
from ingestion.lake import Lake
from ingestion.load import raw_pipeline
from ingestion.lock import warehouse_lock
from ingestion.tables import TableInfo


def ingest_feed(
    source: str,
    url: str,
    *,
    lake_url: str,
    lake_credentials: dict[str, str],
    warehouse_url: str,
    pipelines_dir: Path,
    retry: RetryPolicy | None = None,
) -> IngestReport:
    """Fetches a feed into the lake and loads raw from that load; the report counts fetched
    (`extracted`), `loaded` and `quarantined` records of the feed's table."""
    feed = feed_of(source)
    raw_schema(source)
    check_lake(lake_url, lake_credentials)
    check_warehouse(warehouse_url)
    credentials = lake_credentials if url.startswith("s3://") else {}
    location = Location(url, credentials, retry or RetryPolicy.from_config())
    with warehouse_lock(warehouse_url):
        report = IngestReport(source)
        lake = Lake(lake_url, lake_credentials, source)
        drop_torn_lake_files(lake.fs, lake.root)
        lake_pl = lake_pipeline(source, lake_url, lake_credentials, warehouse_url, pipelines_dir)
        with report.step("extract"), _named(source, url):
            report.lake_load_ids += finish_pending(lake_pl)
            resource = _resource(source, feed, location, report)
            info = lake_pl.run(resource, loader_file_format="parquet")
            report.lake_load_ids += list(info.loads_ids)
        with report.step("load"), reraise(f"load of {raw_schema(source)} failed", warehouse_url):
            raw_pl = raw_pipeline(source, warehouse_url, pipelines_dir)
            _load_raw(report, feed, lake, lake_pl, raw_pl)
        return report


@contextlib.contextmanager
def _named(source: str, url: str) -> Iterator[None]:
    """Any failure to fetch (retries used up, a dead host) as one error naming the source."""
    try:
        yield
    except IngestionError:
        raise
    except Exception as error:
        cause = error
        while cause.__cause__ is not None or cause.__context__ is not None:
            cause = cause.__cause__ or cause.__context__  # dlt wraps it: the root says why
        raise IngestionError(
            f"source {source} at {url} failed after dlt's retries: {type(cause).__name__}: {cause}"
        ) from error


def _resource(source: str, feed: Feed, location: Location, report: IngestReport) -> Any:
    counts = report.table(feed.table)

    def validated(pairs: Iterator[tuple[str, Any]]) -> Iterator[Any]:
        for where, record in pairs:
            counts.extracted += 1
            if not (errors := errors_of(feed.schema_file, record)):
                yield record
                continue
            counts.quarantined += 1
            report.quarantine_errors.update({error_kind(e) for e in errors})
            row = quarantine_row(source, where, record, errors)
            yield dlt.mark.with_table_name(row, feed.quarantine_table)

    # A feed with an upstream resource (dlt's filesystem source) lists its items first.
    upstream = list(feed.upstream(location)) if feed.upstream else None

    @dlt.resource(name=feed.table, write_disposition="append", max_table_nesting=3)
    def records() -> Iterator[Any]:
        yield from validated(feed.fetch(location, dlt.current.resource_state(), upstream))

    return records


def _tables(feed: Feed) -> dict[str, TableInfo]:
    return {
        feed.table: TableInfo(feed.table, feed.primary_key, feed.cursor),
        feed.quarantine_table: TableInfo(feed.quarantine_table, (), None, append=True),
    }


def _load_raw(
    report: IngestReport, feed: Feed, lake: Lake, lake_pl: dlt.Pipeline, raw_pl: dlt.Pipeline
) -> None:
    """Applies every lake load raw does not hold yet (a killed run's too). The quarantine
    table's rows are counted as the feed table's `quarantined`, not as a table of their own."""
    report.raw_load_ids += finish_pending(raw_pl)
    if lake_pl.default_schema_name and feed.table in lake_pl.default_schema.tables:
        tables = {n: t for n, t in _tables(feed).items() if n in lake_pl.default_schema.tables}
        apply_lake_loads(report, raw_pl, lake, lake_pl, unapplied(lake, raw_pl), tables)
    report.tables.pop(feed.quarantine_table, None)
