"""Drops rows the lag window re-reads unchanged, so the lake gains only rows that changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import dlt
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.tables import TableInfo


def _row_keys(table: pa.Table, columns: list[str]) -> pa.Array:
    """One string per row: the key columns and the cursor value, joined."""
    parts = [pc.cast(table[name], pa.string()) for name in columns]
    return pc.binary_join_element_wise(*parts, "\x1f", null_handling="replace")


def window_filter(info: TableInfo, lag_seconds: float) -> Callable[[pa.Table], pa.Table]:
    """A map step for an arrow resource: keeps rows whose (key, cursor) was not extracted yet.

    dlt turns its own boundary deduplication off when a lag is set; this keeps, in the
    resource state, the (key, cursor) pairs of rows inside the lag window and drops repeats.
    Only rows whose cursor value is one of the remembered ones are looked at, so a full load
    costs little.
    """
    assert info.cursor
    columns, cursor = [*info.primary_key, info.cursor], info.cursor
    lag = dt.timedelta(seconds=lag_seconds)

    def drop_seen(table: pa.Table) -> pa.Table | None:
        if table.num_rows == 0:
            return table
        seen: dict[str, str] = dlt.current.resource_state(info.name).setdefault("lag_window", {})
        if seen:
            # A repeat carries a (key, cursor) pair seen before, so its cursor is a seen value:
            # matching cursors first (typed, fast) builds key strings for those rows only.
            values = {dt.datetime.fromisoformat(value) for value in seen.values()}
            near = pc.is_in(table[cursor], pa.array(sorted(values), table[cursor].type))
            repeated = pc.and_kleene(
                near, pc.is_in(_maybe_keys(table, columns, near), pa.array(list(seen)))
            )
            table = table.filter(pc.invert(pc.fill_null(repeated, False)))
            if table.num_rows == 0:
                # Only repeats: no item at all, so an unchanged table writes no empty file and
                # a cycle in which nothing changed makes no lake load (and no raw load).
                return None
        _remember(seen, table, columns, cursor, lag)
        return table

    return drop_seen


def _maybe_keys(table: pa.Table, columns: list[str], near: pa.ChunkedArray) -> pa.Array:
    """Row keys where `near` holds, null elsewhere (building strings only where needed)."""
    keys = pa.nulls(table.num_rows, pa.string())
    if pc.any(near).as_py():
        keys = pc.if_else(near, _row_keys(table, columns), keys)
    return keys


def _remember(
    seen: dict[str, str], table: pa.Table, columns: list[str], cursor: str, lag: dt.timedelta
) -> None:
    """Adds rows inside the window (cursor >= max - lag) and forgets those that fell out of it."""
    if table.num_rows == 0:
        return
    newest = max([pc.max(table[cursor]).as_py(), *map(dt.datetime.fromisoformat, seen.values())])
    floor = newest - lag
    inside = table.filter(pc.greater_equal(table[cursor], pa.scalar(floor, table[cursor].type)))
    keys = _row_keys(inside, columns).to_pylist()
    for key, value in zip(keys, inside[cursor].to_pylist(), strict=True):
        seen[key] = value.isoformat()
    for key in [k for k, v in seen.items() if dt.datetime.fromisoformat(v) < floor]:
        del seen[key]
