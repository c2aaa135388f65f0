"""Resolves WAREHOUSE_TARGET into the connection settings every command is given."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import dlt
from sqlalchemy.engine import make_url

from common.urls import masked

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("local", "postgres")


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and never its value."""


@dataclass(frozen=True)
class Settings:
    """Where the sources, the lake and the warehouse are for one deployment."""

    target: str
    data_dir: Path
    totesys_url: str
    stock_db_url: str
    lake_url: str
    warehouse_url: str
    lake_credentials: dict[str, str] = field(default_factory=dict, repr=False)
    # The transformer role's login to the same warehouse (dbt, the ops record, processed/);
    # None: the loader's warehouse_url serves both.
    transformer_url: str | None = field(default=None, repr=False)

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
        passwords = [make_url(url).password for url in urls]
        return [str(value) for value in passwords if value] + [
            value for key, value in self.lake_credentials.items() if "secret" in key
        ]

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
    def pipelines_dir(self) -> Path:
        """Where dlt keeps pipeline working state (pending packages, incremental state)."""
        return self.data_dir / "pipelines"

    @property
    def source_urls(self) -> dict[str, str]:
        return {"totesys": self.totesys_url, "stock_db": self.stock_db_url}

    @property
    def duckdb_path(self) -> Path | None:
        if self.target != "local":
            return None
        return Path(make_url(self.warehouse_url).database or "")

    def dbt_env(self) -> dict[str, str]:
        """Environment variables dbt's profiles.yml reads (env_var) for this target."""
        if self.target == "local":
            return {"WAREHOUSE_DUCKDB_PATH": str(self.duckdb_path)}
        url = make_url(self.transform_url)
        return {
            "WAREHOUSE_PG_HOST": url.host or "127.0.0.1",
            "WAREHOUSE_PG_PORT": str(url.port or 5432),
            "WAREHOUSE_PG_USER": url.username or "postgres",
            "WAREHOUSE_PG_PASSWORD": url.password or "",
            "WAREHOUSE_PG_DBNAME": url.database or "",
        }


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
    sources = data_dir / "sources"
    return Settings(
        target="local",
        data_dir=data_dir,
        totesys_url=f"sqlite:///{sources / 'totesys.sqlite'}",
        stock_db_url=f"sqlite:///{sources / 'stock_db.sqlite'}",
        lake_url=str(data_dir / "lake"),
        warehouse_url=f"duckdb:///{data_dir / 'warehouse.duckdb'}",
    )


def _postgres_settings(data_dir: Path) -> Settings:
    credentials = {
        key: value
        for key in ("aws_access_key_id", "aws_secret_access_key", "endpoint_url", "region_name")
        if (value := dlt.secrets.get(f"destination.filesystem.credentials.{key}"))
    }
    return Settings(
        target="postgres",
        data_dir=data_dir,
        totesys_url=_required("sources.totesys.credentials"),
        stock_db_url=_required("sources.stock_db.credentials"),
        lake_url=_required("destination.filesystem.bucket_url"),
        warehouse_url=_required("destination.postgres.credentials"),
        transformer_url=_optional("destination.postgres.transformer_credentials"),
        lake_credentials=credentials,
    )


def _optional(key: str) -> str | None:
    value = dlt.secrets.get(key)
    return str(value) if value else None


def _required(key: str) -> str:
    value = dlt.secrets.get(key)
    if not value:
        env_name = key.upper().replace(".", "__")
        raise SettingsError(
            f"setting {key} is missing: set {env_name} or add it to .dlt/secrets.toml "
            "(see .dlt/secrets.toml.example)"
        )
    return str(value)
