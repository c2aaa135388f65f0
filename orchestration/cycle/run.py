"""One cycle: lock → ingest each source → dbt build → source freshness and the publish to
processed/, side by side → ops record → alert."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from datetime import UTC, datetime

import ingestion
from orchestration.cycle import dbt_results, dbt_selection, whole_copies
from orchestration.cycle.cycle_report import CycleReport
from orchestration.cycle.dbt_runner import run_dbt
from orchestration.cycle.ingest_sources import ingest_sources
from orchestration.cycle.publish import left_out_of_processed, publish_marts
from orchestration.cycle.steps import StepFailed, step
from orchestration.notify.alerts import Alert, AlertSettings, send_alert
from orchestration.notify.logs import new_run_id, register_secrets, run_context
from orchestration.notify.run_history import write_run_record
from orchestration.settings import Settings

log = logging.getLogger(__name__)
PUBLISH_STEP = "publish processed"


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
