"""Resolves WAREHOUSE_TARGET into the connection settings every command is given.

dlt (its secrets) and SQLAlchemy (its URLs) are imported where they are used: the CLI imports
this module before it knows whether a command will run at all (`--help`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.sources import API_SOURCES, DATABASE_SOURCES
from common.urls import masked

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("local", "postgres")
# A feed URL meaning "the demo APIs seeds_generator serves on 127.0.0.1 during the cycle".
SERVED = "served"
# The landing prefix of the lake that partners drop JSON Lines files into.
LANDING_FOLDER = "landing"


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and never its value."""


@dataclass(frozen=True)
class Settings:
    """Where the sources, the lake and the warehouse are for one deployment."""

    target: str
    data_dir: Path
    source_urls: dict[str, str]  # source name (common.sources) -> its database URL
    lake_url: str
    warehouse_url: str
    lake_credentials: dict[str, str] = field(default_factory=dict, repr=False)
    # The transformer role's login to the same warehouse (dbt, the ops record, processed/);
    # None: the loader's warehouse_url serves both.
    transformer_url: str | None = field(default=None, repr=False)
    # API sources (common.sources, kind "api") -> base URL, or SERVED on the embedded target.
    # An API source not named here is not read by this deployment.
    feed_urls: dict[str, str] = field(default_factory=dict)
    # The lake prefix (folder) partner files land in; None: no files source.
    landing_url: str | None = None
    # A feed whose quarantined share of fetched records exceeds this fails the cycle.
    max_quarantine_share: float = 0.25
    # A cycle builds and tests every dbt node when the last such build is this old (hours);
    # other cycles build what their changes reach and test only the rows they loaded.
    full_build_hours: float = 24.0

    def __repr__(self) -> str:
        # Settings get logged; URLs are shown with their passwords masked.
        urls = ", ".join(f"{name}={masked(url)}" for name, url in self.source_urls.items())
        return (
            f"Settings(target={self.target}, {urls}, lake={self.lake_url}, "
            f"warehouse={masked(self.warehouse_url)}, "
            f"transformer={masked(self.transform_url)})"
        )

    def secrets(self) -> list[str]:
        """Every password and key these settings hold: masked wherever they might be printed."""
        urls = [*self.source_urls.values(), self.warehouse_url, self.transform_url]
        passwords = [_url(url).password for url in urls]
        return [str(value) for value in passwords if value] + [
            value for key, value in self.lake_credentials.items() if "secret" in key
        ]

    def with_sources(self, **urls: str) -> Settings:
        """The same deployment with these sources' URLs replaced (by source name)."""
        return dataclasses.replace(self, source_urls={**self.source_urls, **urls})

    def as_environment(self) -> dict[str, str]:
        """The environment variables `load_settings` reads back as these settings: how a
        deployment is handed to another process (a Dagster run, a child cycle)."""
        env = {"WAREHOUSE_TARGET": self.target, "WAREHOUSE_DATA_DIR": str(self.data_dir)}
        env["SOURCES__MAX_QUARANTINE_SHARE"] = str(self.max_quarantine_share)
        env["TRANSFORM__FULL_BUILD_HOURS"] = str(self.full_build_hours)
        if self.target == "local":
            return env
        env |= {
            environment_name(source.credentials_key): self.source_urls[source.name]
            for source in DATABASE_SOURCES
        }
        env |= {
            environment_name(source.credentials_key): self.feed_urls[source.name]
            for source in API_SOURCES
            if source.name in self.feed_urls
        }
        if self.landing_url:
            env["SOURCES__PARTNER_FILES__LANDING_URL"] = self.landing_url
        env |= {
            "DESTINATION__POSTGRES__CREDENTIALS": self.warehouse_url,
            "DESTINATION__POSTGRES__TRANSFORMER_CREDENTIALS": self.transform_url,
            "DESTINATION__FILESYSTEM__BUCKET_URL": self.lake_url,
        }
        for key, value in self.lake_credentials.items():
            env[f"DESTINATION__FILESYSTEM__CREDENTIALS__{key.upper()}"] = value
        return env

    @property
    def transform_url(self) -> str:
        """The warehouse as the transformer reaches it: dbt, the ops schema, the marts."""
        return self.transformer_url or self.warehouse_url

    @property
    def dbt_project_dir(self) -> Path:
        return PROJECT_ROOT / "dbt_project"

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's artefacts (manifest, compiled SQL, run results) for this deployment: two
        deployments, or two cycles of different data dirs, never overwrite each other's."""
        return self.data_dir / "dbt" / self.target

    @property
    def dbt_log_dir(self) -> Path:
        return self.data_dir / "dbt" / "logs"

    @property
    def ingest_places(self) -> dict[str, Any]:
        """Where every ingest of this deployment writes: the keyword arguments of `ingest`,
        `ingest_feed` and `replay` besides the source."""
        return {
            "lake_url": self.lake_url,
            "lake_credentials": self.lake_credentials,
            "warehouse_url": self.warehouse_url,
            "pipelines_dir": self.pipelines_dir,
        }

    @property
    def log_file(self) -> Path:
        """Every log line of `warehouse run` as JSON, whatever the terminal shows."""
        return self.data_dir / "logs" / "warehouse.jsonl"

    @property
    def pipelines_dir(self) -> Path:
        """Where dlt keeps pipeline working state (pending packages, incremental state)."""
        return self.data_dir / "pipelines"

    @property
    def duckdb_path(self) -> Path | None:
        if self.target != "local":
            return None
        return Path(_url(self.warehouse_url).database or "")

    def dbt_env(self) -> dict[str, str]:
        """Environment variables dbt's profiles.yml reads (env_var) for this target."""
        if self.target == "local":
            return {"WAREHOUSE_DUCKDB_PATH": str(self.duckdb_path)}
        url = _url(self.transform_url)
        return {
            "WAREHOUSE_PG_HOST": url.host or "127.0.0.1",
            "WAREHOUSE_PG_PORT": str(url.port or 5432),
            "WAREHOUSE_PG_USER": url.username or "postgres",
            "WAREHOUSE_PG_PASSWORD": url.password or "",
            "WAREHOUSE_PG_DBNAME": url.database or "",
            "PGOPTIONS": _dbt_session_options(os.environ.get("PGOPTIONS", "")),
        }


def _dbt_session_options(options: str) -> str:
    """libpq's session options for dbt's connections (appended to any PGOPTIONS already set).

    A cycle's incremental queries read the few rows loaded since the last build, which share one
    load time newer than the planner's statistics, so it expects about one row of them:
    - it then picks nested loops, quadratic in the rows that did arrive. The warehouse indexes
      only what incremental models look up, so a hash join costs at most a scan;
    - its cost estimates elsewhere set off JIT compilation, seconds spent to save milliseconds
      in a query that runs once.
    """
    return f"{options} -c jit=off -c enable_nestloop=off".strip()


def load_settings(target: str | None = None) -> Settings:
    """Settings for `target` (default: the WAREHOUSE_TARGET variable, else `local`)."""
    target = target or os.environ.get("WAREHOUSE_TARGET", "local")
    if target not in TARGETS:
        raise SettingsError(f"unknown target {target!r}: WAREHOUSE_TARGET must be one of {TARGETS}")
    data_dir = Path(os.environ.get("WAREHOUSE_DATA_DIR", PROJECT_ROOT / "data")).resolve()
    if target == "local":
        return local_settings(data_dir)
    return _postgres_settings(data_dir)


def local_settings(data_dir: Path) -> Settings:
    """The embedded target laid out under `data_dir` (what WAREHOUSE_DATA_DIR chooses)."""
    folder = data_dir / "sources"
    return Settings(
        target="local",
        data_dir=data_dir,
        source_urls={
            source.name: f"sqlite:///{folder / source.local_file}" for source in DATABASE_SOURCES
        },
        lake_url=str(data_dir / "lake"),
        warehouse_url=f"duckdb:///{data_dir / 'warehouse.duckdb'}",
        feed_urls={source.name: SERVED for source in API_SOURCES},
        landing_url=str(data_dir / "lake" / LANDING_FOLDER),
        max_quarantine_share=_quarantine_share(),
        full_build_hours=_full_build_hours(),
    )


# The postgres target's own settings (dlt config keys) besides each source's URL.
_LAKE_URL = "destination.filesystem.bucket_url"
_WAREHOUSE_URL = "destination.postgres.credentials"
_LAKE_CREDENTIALS = ("aws_access_key_id", "aws_secret_access_key", "endpoint_url", "region_name")


def required_settings(target: str) -> list[str]:
    """The dlt config keys `target` cannot run without: what `load_settings` checks, and what a
    deployment (the Terraform task definition) must provide."""
    if target == "local":
        return []
    return [*(source.credentials_key for source in DATABASE_SOURCES), _LAKE_URL, _WAREHOUSE_URL]


def environment_name(key: str) -> str:
    """The environment variable dlt reads `key` from: `sources.totesys.credentials` ->
    `SOURCES__TOTESYS__CREDENTIALS`."""
    return key.upper().replace(".", "__")


def _postgres_settings(data_dir: Path) -> Settings:
    values = {key: _secret(key) for key in required_settings("postgres")}
    missing = [key for key, value in values.items() if not value]
    if missing:
        raise SettingsError(_missing_message(missing))
    credentials = {
        key: value
        for key in _LAKE_CREDENTIALS
        if (value := _secret(f"destination.filesystem.credentials.{key}"))
    }
    return Settings(
        target="postgres",
        data_dir=data_dir,
        source_urls={
            source.name: str(values[source.credentials_key]) for source in DATABASE_SOURCES
        },
        lake_url=str(values[_LAKE_URL]),
        warehouse_url=str(values[_WAREHOUSE_URL]),
        transformer_url=_secret("destination.postgres.transformer_credentials"),
        lake_credentials=credentials,
        # API sources are optional: one without a base URL is not part of this deployment.
        feed_urls={
            source.name: url for source in API_SOURCES if (url := _secret(source.credentials_key))
        },
        # The files source too: read when its landing prefix is set (in the lake bucket).
        landing_url=_secret("sources.partner_files.landing_url"),
        max_quarantine_share=_quarantine_share(),
        full_build_hours=_full_build_hours(),
    )


def _quarantine_share() -> float:
    """`sources.max_quarantine_share` (SOURCES__MAX_QUARANTINE_SHARE), default 0.25."""
    share = _number("sources.max_quarantine_share", 0.25)
    if not 0 <= share <= 1:
        raise SettingsError("SOURCES__MAX_QUARANTINE_SHARE must be a number between 0 and 1")
    return share


def _full_build_hours() -> float:
    """`transform.full_build_hours` (TRANSFORM__FULL_BUILD_HOURS), default 24."""
    hours = _number("transform.full_build_hours", 24.0)
    if not hours > 0:
        raise SettingsError("TRANSFORM__FULL_BUILD_HOURS must be a number of hours above 0")
    return hours


def _number(key: str, default: float) -> float:
    """A numeric setting; NaN when it is set to something that is not a number."""
    value = _secret(key)
    try:
        return float(value) if value else default
    except ValueError:
        return float("nan")


def _missing_message(keys: list[str]) -> str:
    """One message naming every missing setting, as the environment variable and the key."""
    names = ", ".join(environment_name(key) for key in keys)
    count = "1 setting is" if len(keys) == 1 else f"{len(keys)} settings are"
    return (
        f"{count} missing for the postgres target: {names}. Set them as environment variables "
        f"or in .dlt/secrets.toml as {', '.join(keys)} (see .dlt/secrets.toml.example)"
    )


def _url(text: str) -> URL:
    from sqlalchemy.engine import make_url

    return make_url(text)


def _secret(key: str) -> str | None:
    import dlt

    import ingestion.dlt_workarounds  # noqa: F401  (dlt's secrets lookup, no Streamlit import)

    value = dlt.secrets.get(key)
    return str(value) if value else None
