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
    append: bool = False  # raw only ever gains rows (a feed's quarantine table)

    @property
    def deleted_table(self) -> str:
        return DELETED_PREFIX + self.name


def cursor_of(column_names: list[str]) -> str | None:
    """The change column a table is extracted incrementally on, if it has one."""
    return next((name for name in CURSOR_COLUMNS if name in column_names), None)


def reflect_tables(engine: sa.Engine, metadata: sa.MetaData | None = None) -> dict[str, TableInfo]:
    """Every table of the source (found by reflection, so new tables are picked up).

    The reflected tables stay in `metadata`, if given: the extract reads their types from it,
    and dlt's sql_database takes it as its reflection cache, so a cycle reflects once."""
    metadata = sa.MetaData() if metadata is None else metadata
    names = sorted(set(sa.inspect(engine).get_table_names()) - SKIPPED_TABLES)
    metadata.reflect(engine, only=names, resolve_fks=False)
    return {name: _table_info(metadata.tables[name]) for name in names}


def _table_info(table: sa.Table) -> TableInfo:
    columns = [column.name for column in table.columns]
    key = tuple(column.name for column in table.primary_key.columns)
    filled = tuple(
        column.name
        for column in table.columns
        if column.server_default is not None or column.identity or column.computed
    )
    return TableInfo(table.name, key, cursor_of(columns), filled)


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
