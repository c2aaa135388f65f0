"""The cycle's ingest: each database source, then the feeds, each source its own step."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import ingestion
import seeds_generator
from orchestration.cycle import feeds
from orchestration.cycle.cycle_report import CycleReport, StepTiming, TableLoad
from orchestration.cycle.steps import step
from orchestration.cycle.table_loads import log_rows, table_loads
from orchestration.settings import Settings


def ingest_sources(settings: Settings, report: CycleReport) -> None:
    """The databases first, then the feeds: a feed that stays down fails the cycle after the
    databases' rows are in raw (dbt does not build; the next cycle builds from all of them)."""
    for source, url in settings.source_urls.items():
        with step(report, f"ingest {source}"):
            ingest_report = ingestion.ingest(
                source,
                url,
                **settings.ingest_places,
            )
            loads = table_loads(ingest_report)
            report.tables.extend(loads)
            _observe_clock(report, source, url)
        _finish_source(report, source, ingest_report, loads)
    ingest_feeds(settings, report)


def ingest_feeds(settings: Settings, report: CycleReport) -> None:
    if not settings.feed_urls and not settings.landing_url:
        return  # a deployment of databases only
    with step(report, "serve feeds"), ExitStack() as stack:
        locations = stack.enter_context(feeds.feed_locations(settings))
        stack = stack.pop_all()
    with stack:
        for source, url in locations.items():
            with step(report, f"ingest {source}"):
                ingest_report = feeds.ingest_feed(settings, source, url)
                loads = table_loads(ingest_report)
                report.tables.extend(loads)
                feeds.check_quarantine(ingest_report, settings.max_quarantine_share)
            _finish_source(report, source, ingest_report, loads)


def _finish_source(
    report: CycleReport, source: str, ingest_report: Any, loads: list[TableLoad]
) -> None:
    log_rows(source, loads)
    # ingest's own phases (extract, load, deletions), so the record shows where time went.
    report.steps.extend(
        StepTiming(f"ingest {source}/{phase}", seconds, "success")
        for phase, seconds in ingest_report.seconds.items()
    )


def _observe_clock(report: CycleReport, source: str, url: str) -> None:
    """Read after the extract, so the observation is no earlier than anything extracted."""
    clock = seeds_generator.observed_clock(url)
    if clock is not None:
        report.source_clocks[source] = clock
