"""One cycle at a time per warehouse: a PostgreSQL advisory lock, or a flock beside DuckDB."""

from __future__ import annotations

import contextlib
import fcntl
import threading
import zlib
from collections.abc import Iterator
from typing import Any

import psycopg

from common.urls import masked
from ingestion.destinations import duckdb_path, is_duckdb, postgres_dsn
from ingestion.errors import IngestionError

# Re-entrant within a process: the orchestration cycle holds the lock and then calls ingest.
_held: dict[str, tuple[int, Any]] = {}
_guard = threading.Lock()
_LOCK_KEY = zlib.crc32(b"warehouse-cycle")


@contextlib.contextmanager
def warehouse_lock(warehouse_url: str) -> Iterator[None]:
    """Holds the warehouse's cycle lock; another process gets an IngestionError at once."""
    with _guard:
        count, handle = _held.get(warehouse_url, (0, None))
        if count == 0:
            handle = _acquire(warehouse_url)
        _held[warehouse_url] = (count + 1, handle)
    try:
        yield
    finally:
        with _guard:
            count, handle = _held[warehouse_url]
            if count == 1:
                del _held[warehouse_url]
                _release(handle)
            else:
                _held[warehouse_url] = (count - 1, handle)


def _busy(warehouse_url: str) -> IngestionError:
    return IngestionError(f"another cycle is running against {masked(warehouse_url)}")


def _acquire(warehouse_url: str) -> Any:
    if is_duckdb(warehouse_url):
        return _acquire_file(warehouse_url)
    return _acquire_advisory(warehouse_url)


def _acquire_file(warehouse_url: str) -> Any:
    path = duckdb_path(warehouse_url)
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("a")
    except OSError as error:
        raise IngestionError(f"warehouse {path} is not writable ({error.strerror})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise _busy(warehouse_url) from None
    return handle


def _acquire_advisory(warehouse_url: str) -> Any:
    conn = None
    try:
        conn = psycopg.connect(postgres_dsn(warehouse_url), autocommit=True, connect_timeout=10)
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (_LOCK_KEY,)).fetchone()
    except psycopg.OperationalError:  # refused, or the session ended (a restart) at once
        if conn is not None:
            conn.close()
        raise IngestionError(f"warehouse {masked(warehouse_url)} is unreachable") from None
    if not (row and row[0]):
        conn.close()
        raise _busy(warehouse_url)
    return conn


def _release(handle: Any) -> None:
    # Closing the connection or the file releases the lock, even if the unlock call fails.
    if isinstance(handle, psycopg.Connection):
        with contextlib.suppress(psycopg.Error):
            handle.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
    else:
        fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()
