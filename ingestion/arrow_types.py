"""Brings connectorx's Arrow types back to the source's declared ones (exact decimals, int64)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import sqlalchemy as sa


@dataclass(frozen=True)
class Declared:
    """What a source table declares that connectorx's Arrow output loses."""

    decimals: dict[str, pa.DataType]
    not_null: frozenset[str]


def declared_types(table: sa.Table) -> Declared:
    """numeric(p, s) columns of a reflected table as Arrow decimal types, and the NOT NULL
    columns."""
    decimals, not_null = {}, set()
    for column in table.columns:
        kind = column.type
        if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float) and kind.precision:
            decimals[column.name] = pa.decimal128(kind.precision, kind.scale or 0)
        if not column.nullable:
            not_null.add(column.name)
    return Declared(decimals, frozenset(not_null))


def caster(declared: Declared) -> Callable[[pa.Table], pa.Table]:
    """A map step: connectorx reads numeric as decimal(38, 10), int4 as int32 and every column
    as nullable; cast back. (dlt warns on every chunk whose nullability differs from the
    table's.)"""

    def cast(table: pa.Table) -> pa.Table:
        fields = []
        for field in table.schema:
            if field.name in declared.decimals:
                field = field.with_type(declared.decimals[field.name])
            elif pa.types.is_integer(field.type):
                field = field.with_type(pa.int64())  # the same type the pyarrow backend gives
            fields.append(field.with_nullable(field.name not in declared.not_null))
        target = pa.schema(fields, metadata=table.schema.metadata)
        # safe=True: a value that does not fit the declared type fails instead of rounding.
        return table if target == table.schema else table.cast(target, safe=True)

    return cast
