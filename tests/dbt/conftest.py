"""A copy of the embedded test warehouse, one mart of it built again in this process by the dbt
runner; the parsed project, which needs no warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from orchestration.cycle.dbt_runner import run_dbt
from orchestration.settings import Settings
from tests.dbt.deployments import failures, local_settings
from tests.warehouses import Warehouse, copy_local

BUILT_SELECTION = "+dim_currency"


@dataclass
class Built:
    settings: Settings
    build: Any


@pytest.fixture(scope="session")
def built_local(warehouse_local: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Built:
    # A copy: these tests write to the warehouse, and dbt-duckdb keeps the file open in-process.
    root = tmp_path_factory.mktemp("dbt_local") / "data"
    settings = copy_local(warehouse_local.settings, root)
    # One mart and all it is built from: a node of every layer (seed, staging, snapshot,
    # intermediate, mart) and their tests. The cycles built the rest of the copy already.
    return Built(settings, run_dbt(settings, ["build", "--select", BUILT_SELECTION]))


@pytest.fixture(scope="session")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The project as `dbt parse` reads it (parsing connects to no warehouse)."""
    settings = local_settings(tmp_path_factory.mktemp("dbt_parse") / "data")
    result = run_dbt(settings, ["parse", "--quiet"])
    assert result.success, failures(result)
    return result.result
