"""Dagster assets for the lake's processed/ area: one parquet per mart, after the marts build."""

from collections.abc import Iterator

import dagster as dg
from dagster import AssetExecutionContext

from orchestration.processed import MARTS_SCHEMA, PROCESSED_AREA, publish_marts
from orchestration.warehouse_resource import WarehouseResource


def processed_assets(marts: list[str]) -> dg.AssetsDefinition:
    specs = [
        dg.AssetSpec(
            key=[PROCESSED_AREA, name],
            deps=[dg.AssetKey([MARTS_SCHEMA, name])],
            group_name=PROCESSED_AREA,
            description=f"marts.{name} as parquet in the lake's processed/{name}/ folder.",
            kinds={"parquet"},
            skippable=True,
        )
        for name in marts
    ]

    @dg.multi_asset(name="publish_processed", specs=specs)
    def publish_processed(
        context: AssetExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult]:
        written = publish_marts(warehouse.settings(), run_id=context.run_id)
        for name in marts:
            if name in written:
                yield dg.MaterializeResult(
                    asset_key=[PROCESSED_AREA, name], metadata={"dagster/row_count": written[name]}
                )

    return publish_processed
