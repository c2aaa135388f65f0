"""Materialising every asset in-process on the embedded target, and alerting when a run fails."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg
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


def test_a_failed_run_sends_one_alert_naming_the_step(local_sources, data_dir, smtp_inbox) -> None:
    from orchestration.sensors import alert_on_run_failure

    (data_dir / "sources" / "totesys.sqlite").write_bytes(b"this is not a database" * 100)
    with dg.DagsterInstance.ephemeral() as instance:
        result = _materialize(instance, raise_on_error=False)
        assert not result.success
        failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
        context = dg.build_run_status_sensor_context(
            sensor_name=alert_on_run_failure.name,
            dagster_event=failure,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
        ).for_run_failure()
        alert_on_run_failure(context)

    assert len(smtp_inbox) == 1
    body = mail_body(smtp_inbox[0])
    assert "Failed step: ingest_totesys" in body
    assert "caused by: " in body
    assert "extract of totesys into the lake failed" in body
    assert "file is not a database" in body
