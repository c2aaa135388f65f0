"""Reading `processed/` back: each mart's files, the run that wrote each, and the mart itself."""

from __future__ import annotations

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from orchestration.cycle.mart_parts import open_marts
from orchestration.cycle.publish import (
    PROCESSED_AREA,
    lake_filesystem,
    left_out_of_processed,
    read_marts,
)
from orchestration.settings import Settings


def processed_folder(settings: Settings, mart: str) -> tuple[object, str]:
    filesystem, root = lake_filesystem(settings)
    # Another process (a `warehouse run` child) may have written since this one last listed.
    filesystem.invalidate_cache()
    return filesystem, f"{root}/{PROCESSED_AREA}/{mart}"


def read_processed(settings: Settings, mart: str) -> ds.Dataset:
    """processed/<mart>/ as a reader of the folder sees it: every file, no partition columns."""
    return _dataset(settings, mart)[2]


def _dataset(settings: Settings, mart: str) -> tuple[object, str, ds.Dataset]:
    filesystem, folder = processed_folder(settings, mart)
    dataset = ds.dataset(folder, filesystem=filesystem, format="parquet", partitioning=None)
    return filesystem, folder, dataset


def published_files(settings: Settings, mart: str) -> dict[str, bytes]:
    """Each parquet file a reader of processed/<mart>/ sees, and the run that wrote it."""
    filesystem, folder, dataset = _dataset(settings, mart)
    return {
        path.removeprefix(folder + "/"): pq.read_schema(path, filesystem=filesystem).metadata[
            b"warehouse_run_id"
        ]
        for path in dataset.files
    }


def files_by_run(settings: Settings, run_id: str) -> dict[str, int]:
    """How many files of each mart's folder the run `run_id` wrote."""
    with open_marts(settings) as marts:
        names = set(marts.tables()) - left_out_of_processed(settings)
    return {
        mart: list(published_files(settings, mart).values()).count(run_id.encode())
        for mart in names
    }


def sorted_rows(table) -> list[tuple]:
    """An Arrow table's rows as text, sorted: the same rows compare equal in any order."""
    return sorted(tuple(map(str, row.values())) for row in table.to_pylist())


def assert_processed_is_the_marts(settings: Settings) -> None:
    """Each mart's folder, read whole, has the mart's schema and exactly its rows; a mart left
    out (a latest_* report) has no folder."""
    marts, not_published = read_marts(settings), left_out_of_processed(settings)
    assert len(marts) >= 14 and not_published < marts.keys()
    for name, mart in marts.items():
        filesystem, folder = processed_folder(settings, name)
        if name in not_published:
            assert not filesystem.exists(folder), name
            continue
        published = read_processed(settings, name).to_table()
        assert published.schema.remove_metadata() == mart.schema.remove_metadata(), name
        assert sorted_rows(published) == sorted_rows(mart), name
