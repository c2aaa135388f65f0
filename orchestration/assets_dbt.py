"""Dagster assets for every dbt model, snapshot and seed; dbt tests become asset checks."""

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

import ingestion
from orchestration.dbt_manifest import DBT_PROJECT
from orchestration.warehouse_resource import WarehouseResource


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Keys are [schema, name]: a dbt source maps onto the raw-table asset ingestion produces,
    a model onto its layer (staging, snapshots, intermediate, marts)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return str(dbt_resource_props["schema"])


TRANSLATOR = WarehouseDbtTranslator(DagsterDbtTranslatorSettings(enable_asset_checks=True))


def dbt_environment(warehouse: WarehouseResource) -> dict[str, str]:
    """What profiles.yml reads: the target and its connection, from the resolved settings."""
    settings = warehouse.settings()
    return {"WAREHOUSE_TARGET": settings.target, **settings.dbt_env()}


def build_dbt_assets(manifest: Path) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=manifest, project=DBT_PROJECT, dagster_dbt_translator=TRANSLATOR, name="dbt_build"
    )
    def dbt_build(
        context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ) -> Iterator[Any]:
        settings = warehouse.settings()
        # DbtCliResource starts dbt with this process's environment; profiles.yml reads it.
        os.environ.update(dbt_environment(warehouse))
        with ingestion.warehouse_lock(settings.warehouse_url):
            # A failing test (severity error) makes dbt exit non-zero, which fails the step.
            yield from dbt.cli(["build"], context=context).stream()

    return dbt_build
