"""Materialising every asset in-process on the embedded target, and alerting when a run fails."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg
import duckdb
import pytest

import seeds_generator
from tests.orchestration.conftest import mail_body

pytestmark = pytest.mark.e2e


def _materialize(instance: dg.DagsterInstance, *, raise_on_error: bool = True):
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    return dg.materialize(
        assets=list(defs.assets or []),
        instance=instance,
        resources=defs.resources,
        selection=dg.AssetSelection.keys(*graph.executable_asset_keys),
        raise_on_error=raise_on_error,
    )


def _check_outcomes(result: dg.ExecuteInProcessResult) -> dict[str, int]:
    outcomes = {"passed": 0, "failed": 0}
    for event in result.get_asset_check_evaluations():
        outcomes["passed" if event.passed else "failed"] += 1
    return outcomes


def _sensor_context(sensor, result: dg.ExecuteInProcessResult, instance, event_type: str):
    event = next(e for e in result.all_events if e.event_type_value == event_type)
    return dg.build_run_status_sensor_context(
        sensor_name=sensor.name,
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    )


def _ops_run(run_id: str) -> tuple:
    from orchestration.settings import load_settings

    path = str(load_settings().duckdb_path)
    with duckdb.connect(path) as connection:
        return connection.execute(
            "select status, failed_step, rows_loaded, tests_failed from ops.runs where run_id = ?",
            [run_id],
        ).fetchone()


def _rows_loaded(result: dg.ExecuteInProcessResult) -> int:
    return sum(
        int(event.materialization.metadata["rows_loaded"].value)
        for event in result.get_asset_materialization_events()
        if "rows_loaded" in event.materialization.metadata
    )


def test_every_asset_materialises_and_again_after_simulated_ticks(local_sources) -> None:
    from orchestration.definitions import defs

    expected = defs.resolve_asset_graph().executable_asset_keys
    with dg.DagsterInstance.ephemeral() as instance:
        first = _materialize(instance)
        assert first.success
        materialized = {event.asset_key for event in first.get_asset_materialization_events()}
        assert {
            k for k in expected if k.path[0] in ("raw_totesys", "raw_stock", "marts")
        } <= materialized
        assert _check_outcomes(first)["passed"] > 0
        assert _check_outcomes(first)["failed"] == 0

        seeds_generator.simulate(local_sources, ticks=2, interval=timedelta(hours=3), seed=5)
        second = _materialize(instance)
        assert second.success
        assert _check_outcomes(second)["failed"] == 0

        from orchestration.dagster_ops import record_successful_run

        record_successful_run(
            _sensor_context(record_successful_run, second, instance, "PIPELINE_SUCCESS")
        )
        assert _ops_run(second.run_id) == ("success", None, _rows_loaded(second), 0)


def test_a_failed_run_sends_one_alert_naming_the_step(local_sources, data_dir, smtp_inbox) -> None:
    from orchestration.sensors import alert_on_run_failure

    (data_dir / "sources" / "totesys.sqlite").write_bytes(b"this is not a database" * 100)
    with dg.DagsterInstance.ephemeral() as instance:
        result = _materialize(instance, raise_on_error=False)
        assert not result.success
        context = _sensor_context(alert_on_run_failure, result, instance, "PIPELINE_FAILURE")
        alert_on_run_failure(context.for_run_failure())

        from orchestration.dagster_ops import record_failed_run

        record_failed_run(context.for_run_failure())
        assert _ops_run(result.run_id)[:2] == ("failed", "ingest_totesys")

    assert len(smtp_inbox) == 1
    body = mail_body(smtp_inbox[0])
    assert "Failed step: ingest_totesys" in body
    assert "caused by: " in body
    assert "extract of totesys into the lake failed" in body
    assert "file is not a database" in body
