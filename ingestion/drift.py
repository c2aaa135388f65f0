"""Schema drift guard: a column added with a default stops the ingest before anything loads."""

from __future__ import annotations

from collections.abc import Collection

from dlt.common.schema import Schema

from ingestion.errors import IngestionError
from ingestion.tables import TableInfo


class SchemaDriftError(IngestionError):
    """A source change an incremental extract cannot carry into raw on its own."""


def check_drift(
    source: str,
    tables: dict[str, TableInfo],
    lake_schema: Schema | None,
    reextract: Collection[str],
) -> None:
    """Refuses a column that appeared, with a default, in a table already extracted on a cursor.

    ADD COLUMN ... DEFAULT fills every existing row without touching its change column, so an
    incremental extract would never carry those values: raw would silently differ from the
    source. A new nullable column without a default, a widened type, a dropped column or a new
    table flow through (dlt evolves raw's schema). Snapshot tables are copied whole anyway.
    """
    if lake_schema is None:
        return  # nothing extracted yet: the first extract is a full one
    naming = lake_schema.naming
    for info in tables.values():
        if not info.cursor or info.name in reextract:
            continue
        known = lake_schema.tables.get(naming.normalize_table_identifier(info.name), {})
        if not known.get("columns"):
            continue  # a new table: extracted whole on its first run
        added = [c for c in info.defaults if naming.normalize_identifier(c) not in known["columns"]]
        if added:
            raise SchemaDriftError(_message(source, info.name, added))


def _message(source: str, table: str, columns: list[str]) -> str:
    return (
        f"source {source}: table {table} gained column {', '.join(columns)} with a default; "
        f"existing rows got it without a change to their change column, so an incremental "
        f"extract would miss them. Nothing was loaded. Re-extract the table once: "
        f"warehouse ingest --source {source} --reextract {table}"
    )


def check_reextract(source: str, tables: dict[str, TableInfo], reextract: Collection[str]) -> None:
    """Names a table asked for re-extraction that the source does not have."""
    if unknown := sorted(set(reextract) - set(tables)):
        raise IngestionError(f"source {source} has no table {', '.join(unknown)} to re-extract")
