"""connectorx's Arrow output cast back to what a PostgreSQL table declares."""

from __future__ import annotations

import decimal

import pyarrow as pa
import pytest
import sqlalchemy as sa

from ingestion.arrow_types import Declared, caster, declared_types
from ingestion.keys import _connectorx

pytestmark = pytest.mark.postgres

TABLE = """
CREATE TABLE priced (
    id integer PRIMARY KEY,
    price numeric(10, 2) NOT NULL,
    note text
)"""


def test_declared_types_and_nullability_come_back(pg_database: str) -> None:
    engine = sa.create_engine(pg_database)
    with engine.begin() as conn:
        conn.exec_driver_sql(TABLE)
        conn.exec_driver_sql("INSERT INTO priced VALUES (1, 12.34, NULL), (2, 0.5, 'x')")
    read = _connectorx(pg_database, sa.select(sa.text("*")).select_from(sa.table("priced")))
    assert all(field.nullable for field in read.schema)  # what connectorx gives

    table = caster(declared_types(sa.Table("priced", sa.MetaData(), autoload_with=engine)))(read)

    assert table.schema.field("id") == pa.field("id", pa.int64(), nullable=False)
    assert table.schema.field("price") == pa.field("price", pa.decimal128(10, 2), nullable=False)
    assert table.schema.field("note").nullable
    rows = sorted(table.to_pylist(), key=lambda row: row["id"])
    assert rows == [
        {"id": 1, "price": decimal.Decimal("12.34"), "note": None},
        {"id": 2, "price": decimal.Decimal("0.50"), "note": "x"},
    ]
    engine.dispose()


def test_a_value_that_does_not_fit_fails_instead_of_rounding() -> None:
    narrow = caster(Declared({"price": pa.decimal128(4, 1)}, frozenset()))
    with pytest.raises(pa.ArrowInvalid):
        narrow(pa.table({"price": pa.array([decimal.Decimal("1.25")], pa.decimal128(38, 10))}))
