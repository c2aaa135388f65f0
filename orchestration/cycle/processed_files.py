"""One mart's folder of the lake's processed/ area: its parquet files and its manifest.

    processed/<mart>/year=YYYY/month=MM/day=DD/<load_id>.parquet   one lake load's rows
    processed/<mart>/<mart>.parquet                                a mart with no loaded_at
    processed/<mart>/_manifest.json                                 each file's fingerprint

The layout is the lake's (ingestion.destinations.LAKE_LAYOUT): partitioned by load date, named
by load id. Readers of the folder (pyarrow, DuckDB, Spark) skip names that start with `_` or `.`,
so the manifest and a file being written are never read as data.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import datetime

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)
MANIFEST = "_manifest.json"
_EPOCH = datetime(1970, 1, 1)


def part_path(mart: str, loaded_at: datetime | None) -> str:
    """Where a part lives, relative to the mart's folder."""
    if loaded_at is None:
        return f"{mart}.parquet"
    return (
        f"year={loaded_at:%Y}/month={loaded_at:%m}/day={loaded_at:%d}/{load_id(loaded_at)}.parquet"
    )


def load_id(loaded_at: datetime) -> str:
    """dlt's load id (Unix seconds, six decimals) of a loaded_at (UTC, no time zone)."""
    elapsed = loaded_at.replace(tzinfo=None) - _EPOCH
    return f"{elapsed.days * 86_400 + elapsed.seconds}.{elapsed.microseconds:06d}"


class MartFolder:
    """processed/<mart>/ on the lake's filesystem."""

    def __init__(self, filesystem: fsspec.AbstractFileSystem, folder: str) -> None:
        self.filesystem, self.folder = filesystem, folder

    def files(self) -> set[str]:
        """The parquet files a reader of the folder sees, relative to it."""
        if not self.filesystem.exists(self.folder):
            return set()
        prefix = len(self.folder.rstrip("/")) + 1
        found = (path[prefix:] for path in self.filesystem.find(self.folder))
        return {path for path in found if path.endswith(".parquet") and not _hidden(path)}

    def manifest(self) -> dict[str, str]:
        """Fingerprint of each file as the last publish wrote it; none when unreadable."""
        try:
            with self.filesystem.open(f"{self.folder}/{MANIFEST}", "rb") as source:
                document = json.load(source)
            return {str(path): str(value) for path, value in document["files"].items()}
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, AttributeError) as error:
            log.warning(
                "%s/%s unreadable (%s): every file is rewritten", self.folder, MANIFEST, error
            )
            return {}

    def write_manifest(self, fingerprints: dict[str, str], run_id: str) -> None:
        document = {"run_id": run_id, "files": dict(sorted(fingerprints.items()))}
        self._write(f"{self.folder}/{MANIFEST}", json.dumps(document, indent=1).encode())

    def write_table(self, path: str, table: pa.Table, run_id: str) -> None:
        stamped = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), b"warehouse_run_id": run_id.encode()}
        )
        sink = pa.BufferOutputStream()
        pq.write_table(stamped, sink)
        self._write(f"{self.folder}/{path}", sink.getvalue().to_pybytes())

    def remove(self, path: str) -> None:
        self.filesystem.rm(f"{self.folder}/{path}")

    def remove_published(self) -> None:
        """Removes what publishes wrote here, as a publish removes a file whose part is gone:
        every parquet file, then the manifest (last: a removal cut short is finished by the
        next one). Nothing when no publish wrote here."""
        if not self.filesystem.exists(f"{self.folder}/{MANIFEST}"):
            return
        for path in sorted(self.files()):
            self.remove(path)
        self.remove(MANIFEST)
        log.info("removed %s: its mart is no longer published", self.folder)

    def _write(self, path: str, content: bytes) -> None:
        folder, name = path.rsplit("/", 1)
        self.filesystem.makedirs(folder, exist_ok=True)
        if isinstance(self.filesystem, fsspec.implementations.local.LocalFileSystem):
            # A rename within one folder is atomic: readers see the old file or the new one.
            # The temporary name starts with `.`, so a reader of the folder never lists it.
            temporary = f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"
            with open(temporary, "wb") as sink:
                sink.write(content)
            os.replace(temporary, path)
        else:
            # One object PUT replaces an S3 object atomically.
            self.filesystem.pipe_file(path, content)


def _hidden(path: str) -> bool:
    return any(part.startswith(("_", ".")) for part in path.split("/"))
