"""The registry of sources: adding a source to the warehouse means adding one entry here.

Everything that lists the sources reads this: the settings (each source's URL), the CLI's
`--source` choices, ingestion (the raw schema each is loaded into, and for a feed the module
that fetches it), the grants, Dagster's asset graph and dbt's selection of what changed.

Three kinds of source: an operational `database` (extracted table by table), an `api` (a REST
API read through dlt's REST client) and `files` (JSON Lines files dropped into the lake's
landing prefix, read through dlt's filesystem source). An api or files source is a *feed*:
its module (under ingestion/feeds/) says how its records are fetched, keyed and validated.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("database", "api", "files")


@dataclass(frozen=True)
class Source:
    """One source the warehouse reads."""

    name: str  # in settings (sources.<name>.…), on the CLI and in the lake's folders
    raw_schema: str  # the warehouse schema dlt loads its tables into
    generated: bool = True  # the demo generator (seeds_generator) creates and simulates it
    kind: str = "database"
    module: str | None = None  # a feed's module: what it fetches, its table, key and schema

    @property
    def credentials_key(self) -> str:
        """The dlt config key of its URL (or SOURCES__<NAME>__CREDENTIALS); an API's base URL."""
        return f"sources.{self.name}.{'base_url' if self.kind == 'api' else 'credentials'}"

    @property
    def local_file(self) -> str:
        """Its SQLite file on the embedded target, under <data dir>/sources/."""
        return f"{self.name}.sqlite"

    @property
    def is_feed(self) -> bool:
        return self.kind != "database"


SOURCES = (
    Source("totesys", raw_schema="raw_totesys"),
    Source("stock_db", raw_schema="raw_stock"),
    Source("fx_rates", raw_schema="raw_fx", kind="api", module="ingestion.feeds.fx_rates"),
    Source(
        "user_profiles",
        raw_schema="raw_profiles",
        kind="api",
        module="ingestion.feeds.user_profiles",
    ),
    Source(
        "partner_files",
        raw_schema="raw_files",
        kind="files",
        module="ingestion.feeds.partner_files",
    ),
)
SOURCE_NAMES = tuple(source.name for source in SOURCES)
DATABASE_SOURCES = tuple(source for source in SOURCES if not source.is_feed)
FEED_SOURCES = tuple(source for source in SOURCES if source.is_feed)
API_SOURCES = tuple(source for source in SOURCES if source.kind == "api")
GENERATED_SOURCES = tuple(source.name for source in DATABASE_SOURCES if source.generated)
SOURCES_BY_NAME = {source.name: source for source in SOURCES}
RAW_SCHEMAS = {source.name: source.raw_schema for source in SOURCES}
SOURCE_OF_RAW_SCHEMA = {source.raw_schema: source.name for source in SOURCES}
