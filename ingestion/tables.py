"""What ingestion needs to know about each source table: its key and its change column."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from dlt.common.normalizers.naming import NamingConvention

# Tables the pipelines must never copy (Prisma's bookkeeping in the real totesys database).
SKIPPED_TABLES = frozenset({"_prisma_migrations"})
# Change columns, by preference; a table with none of them is copied whole every cycle.
CURSOR_COLUMNS = ("last_updated", "updated_at", "transaction_date")
# Prefix of the lake tables that record primary keys deleted in the source.
DELETED_PREFIX = "_deleted_"


@dataclass(frozen=True)
class TableInfo:
    """One source table: name, primary-key columns, change column (None: full snapshot), and
    the columns the source fills by itself (a default, identity or generated value)."""

    name: str
    primary_key: tuple[str, ...]
    cursor: str | None
    defaults: tuple[str, ...] = ()

    @property
    def deleted_table(self) -> str:
        return DELETED_PREFIX + self.name


def cursor_of(column_names: list[str]) -> str | None:
    """The change column a table is extracted incrementally on, if it has one."""
    return next((name for name in CURSOR_COLUMNS if name in column_names), None)


def reflect_tables(engine: sa.Engine) -> dict[str, TableInfo]:
    """Every table of the source (found by reflection, so new tables are picked up)."""
    inspector = sa.inspect(engine)
    tables = {}
    for name in sorted(inspector.get_table_names()):
        if name in SKIPPED_TABLES:
            continue
        reflected = inspector.get_columns(name)
        columns = [column["name"] for column in reflected]
        key = tuple(inspector.get_pk_constraint(name)["constrained_columns"])
        tables[name] = TableInfo(name, key, cursor_of(columns), _filled_by_source(reflected))
    return tables


def _filled_by_source(columns: list) -> tuple[str, ...]:
    return tuple(
        c["name"]
        for c in columns
        if c.get("default") is not None or c.get("identity") or c.get("computed")
    )


def tables_from_schema(schema_tables: dict[str, dict]) -> dict[str, TableInfo]:
    """TableInfo from a dlt schema's data tables (used when the source is not reachable)."""
    tables = {}
    for name, table in schema_tables.items():
        if name.startswith(("_dlt", DELETED_PREFIX)):
            continue
        columns = table.get("columns", {})
        key = tuple(c for c, hints in columns.items() if hints.get("primary_key"))
        tables[name] = TableInfo(name, key, cursor_of(list(columns)))
    return tables


def raw_names(info: TableInfo, naming: NamingConvention) -> TableInfo:
    """The table as dlt names it in raw: dlt normalises identifiers (snake_case by default)."""
    column = naming.normalize_identifier
    return TableInfo(
        naming.normalize_table_identifier(info.name),
        tuple(map(column, info.primary_key)),
        column(info.cursor) if info.cursor else None,
    )
