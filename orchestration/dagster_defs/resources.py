"""The Dagster resource that hands every asset the resolved warehouse Settings."""

from __future__ import annotations

import dagster as dg

from orchestration.settings import Settings, load_settings


class WarehouseResource(dg.ConfigurableResource):
    """Resolves the deployment once per run; `target` None means WAREHOUSE_TARGET (else local)."""

    target: str | None = None

    def settings(self) -> Settings:
        return load_settings(self.target)
