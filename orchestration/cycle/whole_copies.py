"""Raw tables a database source copies whole every cycle, and whether a copy changed anything.

A table without a change column (stock_db's `stock`) is extracted and replaced whole each cycle,
so the cycle always counts its rows as loaded, and `source:<table>+` would rebuild and retest
everything downstream of it (the stock snapshot and star) though the rows are the same. Each
cycle fingerprints such a copy in the warehouse (row count and the sum of its rows' hashes,
without dlt's load columns) and compares it with the fingerprint of the copy the last
successful build read: an equal copy is left out of the dbt selection. The fingerprints are kept
beside that build's manifest, and go when it goes (a failed cycle's next build is full).
"""

from __future__ import annotations

import json
import logging

from common.sources import DATABASE_SOURCES, RAW_SCHEMAS
from ingestion.tables import cursor_of
from orchestration.cycle import dbt_selection
from orchestration.cycle.cycle_report import TableLoad
from orchestration.cycle.mart_parts import ROW_HASH, Marts, fingerprint, literal, open_marts, quote
from orchestration.settings import Settings

log = logging.getLogger("orchestration.cycle.run")
FINGERPRINTS = "whole_copies.json"
_DATABASES = {source.name for source in DATABASE_SOURCES}
_COLUMNS = (
    "select column_name from information_schema.columns "
    "where table_schema = {schema} and table_name = {table} order by ordinal_position"
)


def fingerprint_copies(settings: Settings, tables: list[TableLoad]) -> dict[str, str]:
    """The fingerprint of each raw table this cycle replaced whole, by `<schema>.<table>`."""
    loaded = [
        table
        for table in tables
        if table.source in _DATABASES and table.rows_loaded and not table.rows_deleted
    ]
    if not loaded:
        return {}
    with open_marts(settings) as warehouse:
        found = {_name(table): _fingerprint(warehouse, table) for table in loaded}
    return {name: value for name, value in found.items() if value is not None}


def unchanged(settings: Settings, fingerprints: dict[str, str]) -> set[str]:
    """The copies equal to those the last successful build read; each is logged."""
    remembered = _remembered(settings)
    same = {name for name, value in fingerprints.items() if remembered.get(name) == value}
    for name in sorted(same):
        log.info("%s: copied whole, the same rows as the last build read: not rebuilt", name)
    return same


def remember(settings: Settings, fingerprints: dict[str, str]) -> None:
    """After a successful build: the copies it read, beside its manifest. Only this cycle's: a
    copy it did not fingerprint (emptied, or with deletions) must not compare equal later."""
    path = dbt_selection.state_dir(settings) / FINGERPRINTS
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(fingerprints, sort_keys=True))
    temporary.replace(path)


def without(tables: list[TableLoad], names: set[str]) -> list[TableLoad]:
    """The cycle's table loads, less those named."""
    return [table for table in tables if _name(table) not in names]


def _remembered(settings: Settings) -> dict[str, str]:
    state = dbt_selection.state_dir(settings)
    if not (state / dbt_selection.MANIFEST).exists() or not (state / FINGERPRINTS).exists():
        return {}
    return json.loads((state / FINGERPRINTS).read_text())


def _name(table: TableLoad) -> str:
    return f"{RAW_SCHEMAS[table.source]}.{table.table}"


def _fingerprint(warehouse: Marts, table: TableLoad) -> str | None:
    """Row count and hash sum of the data columns; None for a table read by its change column."""
    schema = RAW_SCHEMAS[table.source]
    sql = _COLUMNS.format(schema=literal(schema), table=literal(table.table))
    names = warehouse.query(sql).column(0).to_pylist()
    columns = [name for name in names if not name.startswith("_dlt")]
    if not columns or cursor_of(columns) is not None:
        return None
    selected = ", ".join(quote(name) for name in columns)
    # B608: every name quoted by SQLAlchemy's PostgreSQL preparer; the hash is a constant.
    sql = (
        f"select count(*) as row_count, cast(sum({ROW_HASH[warehouse.target]}) as text) "  # nosec B608
        f"as row_hash from (select {selected} from {quote(schema)}.{quote(table.table)}) "
        "as mart_row"
    )
    row = warehouse.query(sql).to_pylist()[0]
    return fingerprint(row["row_count"], row["row_hash"])
