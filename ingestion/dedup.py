"""Drops rows the lag window re-reads unchanged, so the lake gains only rows that changed."""

from __future__ import annotations

import datetime as dt

import dlt
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.tables import TableInfo


def _row_keys(table: pa.Table, columns: list[str]) -> pa.Array:
    """One string per row: the key columns and the cursor value, joined."""
    parts = [pc.cast(table[name], pa.string()) for name in columns]
    return pc.binary_join_element_wise(*parts, "\x1f", null_handling="replace")


def window_filter(info: TableInfo, lag_seconds: float):
    """A map step for an arrow resource: keeps rows whose (key, cursor) was not extracted yet.

    dlt turns its own boundary deduplication off when a lag is set; this keeps, in the
    resource state, the (key, cursor) pairs of rows inside the lag window and drops repeats.
    """
    assert info.cursor
    columns = [*info.primary_key, info.cursor]
    lag = dt.timedelta(seconds=lag_seconds)

    def drop_seen(table: pa.Table) -> pa.Table:
        if table.num_rows == 0:
            return table
        state = dlt.current.resource_state(info.name)
        seen: dict[str, str] = state.setdefault("lag_window", {})
        keys = _row_keys(table, columns)
        table = table.filter(pc.invert(pc.is_in(keys, value_set=pa.array(list(seen), pa.string()))))
        keys = _row_keys(table, columns)
        _remember(seen, keys, table[info.cursor], lag)
        return table

    return drop_seen


def _remember(
    seen: dict[str, str], keys: pa.Array, cursors: pa.ChunkedArray, lag: dt.timedelta
) -> None:
    """Adds rows inside the window (cursor >= max - lag) and forgets those that fell out of it."""
    if len(keys) == 0:
        return
    newest = max([pc.max(cursors).as_py(), *map(dt.datetime.fromisoformat, seen.values())])
    floor = newest - lag
    inside = pc.greater_equal(cursors, pa.scalar(floor, cursors.type))
    for key, cursor in zip(
        keys.filter(inside).to_pylist(), cursors.filter(inside).to_pylist(), strict=True
    ):
        seen[key] = cursor.isoformat()
    for key in [k for k, v in seen.items() if dt.datetime.fromisoformat(v) < floor]:
        del seen[key]
