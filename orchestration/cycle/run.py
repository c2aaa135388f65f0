"""One cycle: lock → ingest each source → dbt build → source freshness and the publish to
processed/, side by side → ops record → alert."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from contextvars import copy_context
from datetime import UTC, datetime
from typing import Any

import ingestion
import seeds_generator
from orchestration.cycle import dbt_results, dbt_selection, feeds, whole_copies
from orchestration.cycle.cycle_report import CycleReport, StepTiming, TableLoad
from orchestration.cycle.dbt_runner import run_dbt
from orchestration.cycle.publish import left_out_of_processed, publish_marts
from orchestration.cycle.table_loads import log_rows, table_loads
from orchestration.notify.alerts import Alert, AlertSettings, send_alert
from orchestration.notify.logs import mask_secrets, new_run_id, register_secrets, run_context
from orchestration.notify.run_history import write_run_record
from orchestration.settings import Settings

log = logging.getLogger(__name__)
PUBLISH_STEP = "publish processed"


class StepFailed(Exception):
    """A step of the cycle failed; the report already names it and its error."""


@contextmanager
def step(report: CycleReport, name: str) -> Iterator[None]:
    """Times a step; records the first failure in the report and stops the cycle."""
    started = time.perf_counter()
    log.info("%s: started", name, extra={"step": name})
    try:
        yield
    except Exception as error:
        seconds = round(time.perf_counter() - started, 3)
        report.steps.append(StepTiming(name, seconds, "failed"))
        report.fail(name, mask_secrets(f"{type(error).__name__}: {error}"))
        log.error("%s: failed after %.1fs: %s", name, seconds, report.error, extra={"step": name})
        raise StepFailed(name) from error
    seconds = round(time.perf_counter() - started, 3)
    report.steps.append(StepTiming(name, seconds, "success"))
    log.info("%s: done in %.1fs", name, seconds, extra={"step": name, "seconds": seconds})


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


# dbt warns when a selector matches nothing: `state:modified+` does in every cycle after the
# first when no model changed, which is the normal case and nothing a user can act on.
_SILENCED_DBT_WARNINGS = '{"silence": ["NoNodesForSelectionCriteria"]}'


def _dbt_output_flags() -> list[str]:
    """dbt prints only errors: its per-node lines go to its own log (the data dir's dbt/logs),
    the cycle's summary counts them, and the run record holds every node's result."""
    return ["--quiet", "--warn-error-options", _SILENCED_DBT_WARNINGS]


def build_models(settings: Settings, report: CycleReport, *, full: bool = False) -> None:
    """`dbt build`: seeds, models, snapshots and tests; a failed test fails the step. All of
    them when `full` or when a full build is due, else what the cycle's changes reach (a table
    copied whole with the same rows as last time changed nothing)."""
    full = full or dbt_selection.full_build_due(settings)
    with step(report, "dbt build"):
        copies = whole_copies.fingerprint_copies(settings, report.tables)
        changed = whole_copies.without(report.tables, whole_copies.unchanged(settings, copies))
        args = dbt_selection.build_args(settings, changed, full=full, clocks=report.source_clocks)
        result = run_dbt(settings, [*args, *_dbt_output_flags()])
        report.nodes.extend(dbt_results.node_results(result))
        if not result.success:
            detail = dbt_results.failure_summary(report.nodes) or str(result.exception)
            raise RuntimeError(detail)
        dbt_selection.remember_build(settings, full=full)
        whole_copies.remember(settings, copies)


def check_freshness(settings: Settings, report: CycleReport) -> None:
    """Records each source's freshness; a stale source is logged, it does not fail the cycle."""
    with step(report, "source freshness"):
        result = run_dbt(settings, ["source", "freshness", *_dbt_output_flags()])
        report.freshness.extend(dbt_results.freshness_results(result))
    stale = [f"{item.source}.{item.table}" for item in report.freshness if item.status != "pass"]
    if stale:
        log.warning("sources not fresh: %s", ", ".join(stale))


def publish(settings: Settings, report: CycleReport) -> None:
    with step(report, PUBLISH_STEP):
        report.published = publish_marts(
            settings, report.run_id, _models_built(report), left_out_of_processed(settings)
        )


def check_freshness_and_publish(settings: Settings, report: CycleReport) -> None:
    """Side by side, each its own step: source freshness reads raw, the publish reads the marts,
    and neither writes what the other reads. Each thread logs in this run's context."""
    steps = (check_freshness, publish)
    with ThreadPoolExecutor(max_workers=len(steps), thread_name_prefix="cycle") as pool:
        running = [pool.submit(copy_context().run, run, settings, report) for run in steps]
    for finished in running:
        finished.result()  # StepFailed: the report already holds the first failure


def _run_steps(settings: Settings, report: CycleReport, full_build: bool) -> None:
    try:
        dbt_selection.start_cycle(settings)
        ingest_sources(settings, report)
        build_models(settings, report, full=full_build)
        check_freshness_and_publish(settings, report)
        report.status = "success"
    except StepFailed:
        # The report holds the failure; the run record and the alert still go out.
        dbt_selection.forget_build(settings)
    finally:
        report.finished_at = datetime.now(UTC)
        _record(settings, report)


def _models_built(report: CycleReport) -> set[str]:
    """The models this cycle's dbt build ran, by name: the marts whose rows may have changed."""
    return {
        node.unique_id.rsplit(".", 1)[-1] for node in report.nodes if node.resource_type == "model"
    }


def _record(settings: Settings, report: CycleReport) -> None:
    try:
        with step(report, "ops record"):
            write_run_record(settings, report)
    except StepFailed:
        pass


def run_cycle(
    settings: Settings,
    *,
    run_id: str | None = None,
    alerts: AlertSettings | None = None,
    full_build: bool = False,
) -> CycleReport:
    """Runs one cycle under the warehouse lock; on failure sends exactly one alert.

    `full_build` builds and tests every dbt node, not only those the cycle's changes reach.

    A second cycle while one is running raises IngestionError (it is not a failure of the
    warehouse, so no alert and no run record).
    """
    register_secrets(settings.secrets())
    report = CycleReport(run_id=run_id or new_run_id(), target=settings.target)
    with run_context(report.run_id):
        with ingestion.warehouse_lock(settings.warehouse_url):
            log.info("cycle started on target %s", settings.target)
            _run_steps(settings, report, full_build)
        log.info("cycle %s", report.status, extra={"status": report.status})
        if not report.succeeded:
            alert = Alert(
                report.run_id, report.failed_step or "?", report.error or "", settings.target
            )
            send_alert(alert, alerts)
    return report
