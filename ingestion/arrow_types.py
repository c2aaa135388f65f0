"""Brings connectorx's Arrow types back to the source's declared ones (exact decimals, int64)."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import sqlalchemy as sa


def declared_decimals(engine: sa.Engine, table: str) -> dict[str, pa.DataType]:
    """numeric(p, s) columns of a source table as Arrow decimal types."""
    decimals = {}
    for column in sa.inspect(engine).get_columns(table):
        kind = column["type"]
        if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float) and kind.precision:
            decimals[column["name"]] = pa.decimal128(kind.precision, kind.scale or 0)
    return decimals


def caster(decimals: dict[str, pa.DataType]) -> Callable[[pa.Table], pa.Table]:
    """A map step: connectorx reads numeric as decimal(38, 10) and int4 as int32; cast back."""

    def cast(table: pa.Table) -> pa.Table:
        fields = []
        for field in table.schema:
            if field.name in decimals:
                field = field.with_type(decimals[field.name])
            elif pa.types.is_integer(field.type):
                field = field.with_type(pa.int64())  # the same type the pyarrow backend gives
            fields.append(field)
        target = pa.schema(fields, metadata=table.schema.metadata)
        # safe=True: a value that does not fit the declared type fails instead of rounding.
        return table if target == table.schema else table.cast(target, safe=True)

    return cast
