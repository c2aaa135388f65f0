"""Dagster assets for ingestion: each OLTP source table feeds its raw table via ingestion.ingest.

dagster-dlt's @dlt_assets runs one dlt pipeline (source → one destination) per asset; ingestion
here is lake-first and runs two pipelines (source → lake parquet, then exactly that load's files
→ raw) plus a deletions pass, so a multi_asset per source calls ingestion.ingest, with one spec
per raw table, and yields each table's counts.
"""

from collections.abc import Iterator

import dagster as dg
from dagster import AssetExecutionContext

import ingestion
from ingestion.targets import RAW_SCHEMAS
from orchestration.first_run import ensure_local_sources
from orchestration.warehouse_resource import WarehouseResource

SOURCE_OF_RAW_SCHEMA = {raw: source for source, raw in RAW_SCHEMAS.items()}


def source_table_specs(raw_tables: dict[str, list[str]]) -> list[dg.AssetSpec]:
    """The OLTP tables themselves: external assets, upstream of everything."""
    return [
        dg.AssetSpec(
            key=[SOURCE_OF_RAW_SCHEMA[schema], table],
            group_name=f"source_{SOURCE_OF_RAW_SCHEMA[schema]}",
            description=f"Table {table} of the operational database "
            f"{SOURCE_OF_RAW_SCHEMA[schema]} (not materialized by this project).",
            kinds={"sql"},
        )
        for schema, tables in raw_tables.items()
        for table in tables
    ]


def _raw_spec(source: str, schema: str, table: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=[schema, table],
        deps=[dg.AssetKey([source, table])],
        group_name="raw",
        description=f"{source}.{table} as loaded by dlt from the lake into {schema}.",
        kinds={"dlt", "parquet"},
    )


def _ingest_asset(source: str, schema: str, tables: list[str]) -> dg.AssetsDefinition:
    @dg.multi_asset(
        name=f"ingest_{source}",
        specs=[_raw_spec(source, schema, table) for table in tables],
        description=f"Extract {source} into the lake, then load that load's files into {schema}.",
    )
    def ingest_source(
        context: AssetExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult]:
        settings = warehouse.settings()
        ensure_local_sources(settings)  # `make dagster` on a fresh clone works too
        report = ingestion.ingest(
            source,
            settings.source_urls[source],
            lake_url=settings.lake_url,
            lake_credentials=settings.lake_credentials,
            warehouse_url=settings.warehouse_url,
            pipelines_dir=settings.pipelines_dir,
        )
        context.log.info(str(report))
        for table in tables:
            counts = report.table(table)
            yield dg.MaterializeResult(
                asset_key=[schema, table],
                metadata={
                    "rows_extracted": counts.extracted,
                    "rows_loaded": counts.loaded,
                    "rows_deleted": counts.deleted,
                    "lake_load_ids": ", ".join(report.lake_load_ids),
                },
            )

    return ingest_source


def ingestion_assets(raw_tables: dict[str, list[str]]) -> list[dg.AssetsDefinition]:
    """One multi_asset per source, covering every raw table dbt declares for it."""
    return [
        _ingest_asset(SOURCE_OF_RAW_SCHEMA[schema], schema, tables)
        for schema, tables in raw_tables.items()
    ]
