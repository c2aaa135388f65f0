"""A local (embedded) warehouse built once for the dbt tests: generate → ingest → dbt build."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from orchestration.settings import Settings
from tests.dbt.deployments import cycle, generate_sources, local_settings


@dataclass
class Built:
    settings: Settings
    build: Any


@pytest.fixture(scope="session")
def built_local(tmp_path_factory: pytest.TempPathFactory) -> Built:
    settings = local_settings(tmp_path_factory.mktemp("dbt_local") / "data")
    generate_sources(settings)
    return Built(settings, cycle(settings))
