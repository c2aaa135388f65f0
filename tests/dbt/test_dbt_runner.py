"""The in-process dbt runner: target, environment, and the parsed manifest reused."""

from __future__ import annotations

import os

from orchestration.cycle import dbt_runner
from orchestration.cycle.dbt_runner import run_dbt
from tests.dbt.conftest import Built
from tests.dbt.deployments import failures


def test_build_runs_on_the_settings_target(built_local: Built) -> None:
    assert built_local.build.success, failures(built_local.build)
    nodes = built_local.build.result.results
    built = [
        node.node for node in nodes if node.node.resource_type in ("model", "snapshot", "seed")
    ]
    # dbt-duckdb names the database after the file: the settings' warehouse.duckdb.
    assert {node.database for node in built} == {"warehouse"}
    assert {node.schema for node in built} == {"staging", "snapshots", "intermediate", "marts"}


def test_later_invocations_reuse_the_parsed_manifest(built_local: Built) -> None:
    settings = built_local.settings
    run_dbt(settings, ["ls", "--quiet"])
    manifests = dict(dbt_runner._MANIFESTS)
    result = run_dbt(settings, ["ls", "--quiet", "--resource-type", "model"])
    assert result.success
    assert any("fact_sales_order" in line for line in result.result)
    assert set(dbt_runner._MANIFESTS) == set(manifests)
    assert all(dbt_runner._MANIFESTS[key] is manifest for key, manifest in manifests.items())


def test_environment_is_restored_after_a_call(built_local: Built) -> None:
    before = os.environ.get("WAREHOUSE_DUCKDB_PATH")
    run_dbt(built_local.settings, ["ls", "--quiet", "--resource-type", "seed"])
    assert os.environ.get("WAREHOUSE_DUCKDB_PATH") == before


def test_sources_are_fresh_after_a_load(built_local: Built) -> None:
    result = run_dbt(built_local.settings, ["source", "freshness"])
    assert result.success, failures(result)
    statuses = {str(node.status) for node in result.result.results}
    assert statuses == {"pass"}
    assert len(result.result.results) == 14
