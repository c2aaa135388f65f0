"""Reads the lake: which loads completed, the parquet files of one load, their record batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

BATCH_ROWS = 50_000


def _filesystem(lake_url: str, credentials: dict[str, str]) -> fsspec.AbstractFileSystem:
    if not lake_url.startswith("s3://"):
        return fsspec.filesystem("file")
    client_kwargs = {
        k: credentials[k] for k in ("endpoint_url", "region_name") if credentials.get(k)
    }
    return fsspec.filesystem(
        "s3",
        key=credentials.get("aws_access_key_id"),
        secret=credentials.get("aws_secret_access_key"),
        client_kwargs=client_kwargs,
    )


def load_day(load_id: str) -> dt.date:
    """The UTC date dlt partitions a load's files by (load ids are Unix timestamps)."""
    return dt.datetime.fromtimestamp(float(load_id), tz=dt.UTC).date()


class Lake:
    """One source's folder of the lake: <lake>/<source>/<table>/year=/month=/day=/<load_id>.*"""

    def __init__(self, lake_url: str, credentials: dict[str, str], source: str) -> None:
        self.fs = _filesystem(lake_url, credentials)
        self.root = f"{lake_url.removeprefix('s3://').rstrip('/')}/{source}"
        # Paths of a local lake are files of this machine (dlt can import them as they are).
        self.local = not lake_url.startswith("s3://")

    def completed_loads(self) -> list[str]:
        """Load ids dlt recorded as complete in the lake, oldest first."""
        names = self._list(f"{self.root}/_dlt_loads")
        load_ids = {
            name.rsplit("/", 1)[-1].split("__")[-1].removesuffix(".jsonl") for name in names
        }
        return sorted(load_ids, key=float)

    def files(self, table: str, load_id: str) -> list[str]:
        """The parquet files one load wrote for one table."""
        day = load_day(load_id)
        # The partition date is the package's creation time, a moment after the load id.
        days = {day, load_day(str(float(load_id) + 5))}
        paths: list[str] = []
        for d in sorted(days):
            folder = f"{self.root}/{table}/year={d:%Y}/month={d:%m}/day={d:%d}"
            paths += [
                p for p in self._list(folder) if p.rsplit("/", 1)[-1].startswith(load_id + ".")
            ]
        return sorted(p for p in paths if p.endswith(".parquet"))

    def tables(self) -> list[str]:
        """Table folders in the lake (dlt's own `_dlt*` bookkeeping excluded)."""
        names = [p.rsplit("/", 1)[-1] for p in self._list(self.root)]
        return sorted(n for n in names if not n.startswith("_dlt") and n != "init")

    def batches(self, paths: list[str]) -> Iterator[pa.RecordBatch]:
        """The files' rows as Arrow record batches, streamed (memory stays flat)."""
        for path in paths:
            with self.fs.open(path, "rb") as handle:
                yield from pq.ParquetFile(handle).iter_batches(batch_size=BATCH_ROWS)

    def row_count(self, path: str) -> int:
        """Rows of one parquet file, from its footer."""
        with self.fs.open(path, "rb") as handle:
            return pq.ParquetFile(handle).metadata.num_rows

    def read(self, paths: list[str], columns: list[str] | None = None) -> pa.Table | None:
        """The files as one Arrow table (for small reads: deleted keys, replay state)."""
        tables = [pq.read_table(path, filesystem=self.fs, columns=columns) for path in paths]
        return pa.concat_tables(tables, promote_options="default") if tables else None

    def _list(self, folder: str) -> list[str]:
        try:
            # refresh: s3fs caches listings, and dlt writes new files behind its back.
            entries: list[Any] = self.fs.ls(folder, detail=False, refresh=True)
        except FileNotFoundError:
            return []
        return [str(entry) for entry in entries]
