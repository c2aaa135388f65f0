"""Run-failure alerts: the failed step and its error, by e-mail and webhook."""

import os

import dagster as dg
from dagster import RunFailureSensorContext
from dagster._core.events import DagsterEventType

from orchestration.alerts import Alert, send_alert

_MAX_ERROR_CHARS = 2000


def _failed_checks(context: RunFailureSensorContext) -> list[str]:
    """Names of asset checks (dbt tests) that failed in the run."""
    records = context.instance.get_records_for_run(
        context.dagster_run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    failed = []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if not evaluation.passed:
            failed.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return failed


def _error_text(error_info) -> str:
    """The error and its causes: Dagster wraps the real exception ("Error occurred while
    executing op ...") and the cause is what names the problem."""
    messages = []
    while error_info is not None:
        messages.append(error_info.message.strip())
        error_info = error_info.cause
    return "\ncaused by: ".join(messages)


def failure_alert(context: RunFailureSensorContext) -> Alert:
    """The first failed step of the run and its error; failed dbt tests are named too."""
    step_failures = context.get_step_failure_events()
    if step_failures:
        event = step_failures[0]
        step = event.step_key or "?"
        error_info = event.event_specific_data.error
        error = _error_text(error_info) if error_info else event.message or ""
    else:
        step, error = "run", context.failure_event.message or "the run failed"
    failed_checks = _failed_checks(context)
    if failed_checks:
        error += "\nFailed dbt tests: " + ", ".join(failed_checks)
    # The sensor runs in the daemon, which is configured like the runs it watches.
    target = os.environ.get("WAREHOUSE_TARGET", "local")
    return Alert(context.dagster_run.run_id, step, error[:_MAX_ERROR_CHARS], target)


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    description="Sends one alert (e-mail and webhook) naming the failed step and the error.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alert_on_run_failure(context: RunFailureSensorContext) -> None:
    alert = failure_alert(context)
    context.log.info(f"alerting: {alert.subject}")
    send_alert(alert)
