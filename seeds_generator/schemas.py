"""Table definitions of the two sources (docs/sources.md), rendered per database engine."""

from __future__ import annotations

import sqlalchemy as sa

from common.sources import GENERATED_SOURCES
from seeds_generator.totesys_schema import (
    PAYMENT_TYPES,
    TIMESTAMP,
    TRANSACTION_TYPES,
    totesys_metadata,
)

SOURCES = GENERATED_SOURCES
__all__ = ["PAYMENT_TYPES", "SOURCES", "TRANSACTION_TYPES", "build_metadata"]


def build_metadata(source: str, dialect: str) -> sa.MetaData:
    """The tables of `source` as the given dialect (postgresql, mysql, sqlite) should hold them."""
    if source == "totesys":
        return totesys_metadata(dialect)
    return _stock_db(dialect)


def _stock_db(dialect: str) -> sa.MetaData:
    metadata = sa.MetaData()
    # Explicit DEFAULTs: MariaDB must not add ON UPDATE CURRENT_TIMESTAMP, the generator sets them.
    now = sa.text("CURRENT_TIMESTAMP")
    sa.Table(
        "stock",
        metadata,
        sa.Column("stock_id", sa.String(5), primary_key=True),
        sa.Column("company", sa.String(100), nullable=False, unique=True),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
    )
    sa.Table(
        "user",
        metadata,
        sa.Column("user_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(100), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False, server_default=now),
        sa.Column("status", sa.CHAR(1), nullable=True),
    )
    sa.Table(
        "transaction",
        metadata,
        sa.Column("transaction_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user.user_id", ondelete="SET NULL")),
        sa.Column(
            "stock_id",
            sa.String(5),
            sa.ForeignKey("stock.stock_id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("transaction_date", TIMESTAMP, nullable=False, server_default=now),
    )
    return metadata
