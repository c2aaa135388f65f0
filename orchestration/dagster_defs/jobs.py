"""The Dagster job: one step that runs the warehouse cycle, the same `run_cycle` as `warehouse run`.

So every path (the CLI, `--every`, cron, this schedule) does the same work: one lock, the dbt
selection this cycle's changes reach, one run record in `ops`, one alert on failure. The step
then reports what the cycle did: a materialization for each raw table, dbt node and processed
table it wrote, a check result for each dbt test it ran.
"""

import os
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext

from orchestration.cycle.first_run import ensure_local_sources
from orchestration.cycle.run import run_cycle
from orchestration.dagster_defs.assets import CycleGraph
from orchestration.dagster_defs.events import cycle_results
from orchestration.dagster_defs.resources import WarehouseResource

JOB_NAME = "warehouse_cycle"
STEP_NAME = "run_cycle"
DEFAULT_CRON = "*/15 * * * *"


def _selected(context: AssetExecutionContext, result: Any) -> bool:
    if isinstance(result, dg.AssetCheckResult):
        key = dg.AssetCheckKey(result.asset_key, result.check_name)  # type: ignore[arg-type]
        return key in context.selected_asset_check_keys
    return result.asset_key in context.selected_asset_keys


def cycle_asset(graph: CycleGraph) -> dg.AssetsDefinition:
    @dg.multi_asset(
        name=STEP_NAME,
        specs=graph.specs,
        check_specs=graph.check_specs,
        # The cycle is the unit of work: any selection runs it whole and reports what it touched.
        can_subset=True,
        description="One warehouse cycle: ingest every source, dbt build what changed, publish.",
    )
    def run_warehouse_cycle(
        context: AssetExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[Any]:
        settings = warehouse.settings()
        ensure_local_sources(settings)  # `make dagster` on a fresh clone works too
        report = run_cycle(settings, run_id=context.run_id)
        yield from (result for result in cycle_results(graph, report) if _selected(context, result))
        if not report.succeeded:  # the cycle has recorded the run and sent the one alert
            raise dg.Failure(description=f"{report.failed_step}: {report.error}")

    return run_warehouse_cycle


cycle_job = dg.define_asset_job(
    name=JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="One cycle: ingest every source → dbt build (tests included) → publish processed/.",
    executor_def=dg.in_process_executor,
    tags={"warehouse/cycle": "1"},
)


def _cycle_in_flight(instance: dg.DagsterInstance) -> bool:
    filters = dg.RunsFilter(
        job_name=JOB_NAME,
        statuses=[
            dg.DagsterRunStatus.QUEUED,
            dg.DagsterRunStatus.NOT_STARTED,
            dg.DagsterRunStatus.STARTING,
            dg.DagsterRunStatus.STARTED,
        ],
    )
    return instance.get_runs_count(filters) > 0


def cycle_schedule() -> dg.ScheduleDefinition:
    """A cycle every WAREHOUSE_SCHEDULE_CRON (default 15 minutes), skipped while one is running."""

    @dg.schedule(
        name="warehouse_cycle_schedule",
        job=cycle_job,
        cron_schedule=os.environ.get("WAREHOUSE_SCHEDULE_CRON", DEFAULT_CRON),
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    def warehouse_cycle_schedule(context: dg.ScheduleEvaluationContext):
        if _cycle_in_flight(context.instance):
            return dg.SkipReason("a cycle is still running or queued")
        return dg.RunRequest()

    return warehouse_cycle_schedule
