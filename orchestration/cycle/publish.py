"""Publishes the marts as parquet to <lake>/processed/, rewriting only what changed.

Each mart's parts (orchestration.cycle.mart_parts) are compared by fingerprint with the files
the last publish wrote (its manifest): a part that is new or whose rows changed is written
whole, atomically; a file whose part no longer exists is removed; the manifest is written last.
A publish cut short leaves every file whole, and the next one finishes the job.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterator
from typing import Any

import fsspec
import pyarrow as pa

from orchestration.cycle.cycle_report import PublishedMart
from orchestration.cycle.mart_parts import (
    MARTS_SCHEMA,
    Marts,
    Part,
    fingerprint_rows,
    open_marts,
    split_by_load,
)
from orchestration.cycle.processed_files import MartFolder, part_path
from orchestration.settings import Settings

__all__ = [
    "MARTS_SCHEMA",
    "PROCESSED_AREA",
    "lake_filesystem",
    "left_out_of_processed",
    "publish_marts",
    "read_marts",
    "unpublished_marts",
]
log = logging.getLogger(__name__)
PROCESSED_AREA = "processed"


def read_marts(settings: Settings) -> dict[str, pa.Table]:
    """Every table of the marts schema as an Arrow table, by name."""
    with open_marts(settings) as marts:
        return {name: marts.rows(name) for name in marts.tables()}


def lake_filesystem(settings: Settings) -> tuple[fsspec.AbstractFileSystem, str]:
    """The lake's filesystem (local folder or S3 with the lake credentials) and its root path."""
    credentials = settings.lake_credentials
    options: dict[str, Any] = {}
    if settings.lake_url.startswith("s3://"):
        options = {
            "key": credentials.get("aws_access_key_id"),
            "secret": credentials.get("aws_secret_access_key"),
            "client_kwargs": {
                key: credentials[key]
                for key in ("endpoint_url", "region_name")
                if key in credentials
            },
        }
    filesystem, root = fsspec.core.url_to_fs(settings.lake_url, **options)
    return filesystem, root.rstrip("/")


def unpublished_marts(manifest: dict[str, Any]) -> set[str]:
    """The models of the marts schema that processed/ leaves out, by name: those configured
    `meta: {processed: false}` (the latest_* reports). A report keeps one row per order, so
    an amendment would move a row out of an earlier load's file and rewrite that file whole;
    a reader of processed/ finds the same rows as the latest version in the fact's files."""
    return {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["schema"] == MARTS_SCHEMA
        and node["config"].get("meta", {}).get("processed") is False
    }


def left_out_of_processed(settings: Settings) -> set[str]:
    """unpublished_marts of the manifest the deployment's last dbt run wrote."""
    manifest = json.loads((settings.dbt_target_dir / "manifest.json").read_text())
    return unpublished_marts(manifest)


def publish_marts(
    settings: Settings,
    run_id: str,
    rebuilt: Collection[str] | None = None,
    left_out: Collection[str] = (),
) -> dict[str, PublishedMart]:
    """Brings processed/<mart>/ up to date with each mart; what each one took, by mart.

    `rebuilt`: the marts this cycle's dbt build ran (None: all may have changed). Any other
    mart already published is as the last publish left it, and is not read again.
    `left_out`: marts not published (unpublished_marts); a folder an earlier publish wrote for
    one of them is removed."""
    filesystem, root = lake_filesystem(settings)
    with open_marts(settings) as marts:
        by_load = marts.load_partitioned()
        published = {}
        for name in marts.tables():
            folder = MartFolder(filesystem, f"{root}/{PROCESSED_AREA}/{name}")
            if name in left_out:
                folder.remove_published()
                continue
            kept = None if rebuilt is None or name in rebuilt else _as_published(folder)
            published[name] = kept or _publish(marts, folder, name, name in by_load, run_id)
    written = sum(mart.rows_written for mart in published.values())
    log.info(
        "published %d marts to %s/%s: %d rows written",
        len(published),
        settings.lake_url,
        PROCESSED_AREA,
        written,
    )
    return published


def _as_published(folder: MartFolder) -> PublishedMart | None:
    """A mart left as the last publish wrote it (None when nothing was published yet)."""
    fingerprints = folder.manifest()
    if not fingerprints:
        return None
    return PublishedMart(sum(fingerprint_rows(value) for value in fingerprints.values()))


def _publish(
    marts: Marts, folder: MartFolder, name: str, by_load: bool, run_id: str
) -> PublishedMart:
    parts = {part_path(name, part.loaded_at): part for part in marts.parts(name, by_load)}
    published, present = folder.manifest(), folder.files()
    stale = [
        part
        for path, part in parts.items()
        if path not in present or published.get(path) != part.fingerprint
    ]
    rows_written = 0
    for path, rows in _rows_of(marts, name, by_load, stale, every=len(stale) == len(parts)):
        folder.write_table(path, rows, run_id)
        rows_written += rows.num_rows
    removed = sorted(present - parts.keys())
    for path in removed:
        folder.remove(path)
    fingerprints = {path: part.fingerprint for path, part in parts.items()}
    if fingerprints != published:
        folder.write_manifest(fingerprints, run_id)
    total = sum(part.rows for part in parts.values())
    return PublishedMart(total, rows_written, len(stale), len(removed))


def _rows_of(
    marts: Marts, name: str, by_load: bool, parts: list[Part], every: bool
) -> Iterator[tuple[str, pa.Table]]:
    """The rows of these parts, each with the path it is published at."""
    if not parts:
        return
    if not by_load:
        yield part_path(name, None), marts.rows(name)
        return
    loads = None if every else [part.loaded_at for part in parts]
    for loaded_at, rows in split_by_load(marts.rows_by_load(name, loads)):
        yield part_path(name, loaded_at), rows
