"""The registry of sources: adding a source to the warehouse means adding one entry here.

Everything that lists the sources reads this: the settings (each source's URL), the CLI's
`--source` choices, ingestion (the raw schema each is loaded into), the grants, Dagster's asset
graph and dbt's selection of what changed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One operational database the warehouse extracts."""

    name: str  # in settings (sources.<name>.credentials), on the CLI and in the lake's folders
    raw_schema: str  # the warehouse schema dlt loads its tables into
    generated: bool = True  # the demo generator (seeds_generator) creates and simulates it

    @property
    def credentials_key(self) -> str:
        """The dlt config key of its URL (or SOURCES__<NAME>__CREDENTIALS)."""
        return f"sources.{self.name}.credentials"

    @property
    def local_file(self) -> str:
        """Its SQLite file on the embedded target, under <data dir>/sources/."""
        return f"{self.name}.sqlite"


SOURCES = (
    Source("totesys", raw_schema="raw_totesys"),
    Source("stock_db", raw_schema="raw_stock"),
)
SOURCE_NAMES = tuple(source.name for source in SOURCES)
GENERATED_SOURCES = tuple(source.name for source in SOURCES if source.generated)
RAW_SCHEMAS = {source.name: source.raw_schema for source in SOURCES}
SOURCE_OF_RAW_SCHEMA = {source.raw_schema: source.name for source in SOURCES}
