"""Read-only access to the warehouse (DuckDB file or PostgreSQL) that returns DataFrames."""

from __future__ import annotations

import datetime as dt
import fcntl
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from common.urls import masked

# Another writer (not a cycle: a manual dbt run) may hold DuckDB's lock briefly: wait a little.
LOCK_RETRIES = 10
LOCK_RETRY_SECONDS = 0.3
# Compiles the `:name` binds of a text() statement to DuckDB's positional `?`.
_QMARK_DIALECT = postgresql.psycopg.dialect(paramstyle="qmark")
# Every PostgreSQL session the dashboard opens refuses writes.
_PG_READ_ONLY = {"options": "-c default_transaction_read_only=on", "connect_timeout": 5}


class WarehouseError(Exception):
    """Something a user must do before the dashboard can show data; the message says what."""


class NoDataError(WarehouseError):
    """The warehouse exists but holds no marts yet."""


class WarehouseBusyError(WarehouseError):
    """A cycle holds the DuckDB file's write lock."""


class WarehouseUnreachableError(WarehouseError):
    """The warehouse could not be opened or connected to."""


@dataclass(frozen=True)
class Warehouse:
    """Where the dashboard reads from; `url` carries the password, so it is kept out of repr."""

    target: str
    url: str = field(repr=False)

    @property
    def masked_url(self) -> str:
        return masked(self.url)

    @property
    def description(self) -> str:
        return f"target {self.target!r} ({self.masked_url})"

    @property
    def duckdb_path(self) -> Path | None:
        if make_url(self.url).get_backend_name() != "duckdb":
            return None
        return Path(make_url(self.url).database or "")


def query(warehouse: Warehouse, statement: sa.TextClause, params: dict[str, Any]) -> pd.DataFrame:
    """Run one read-only statement with bound parameters; decimals become floats, dates dates."""
    if warehouse.duckdb_path is not None:
        frame = _duckdb_query(warehouse, statement, params)
    else:
        frame = _postgres_query(warehouse, statement, params)
    return _normalised(frame)


def _duckdb_query(
    warehouse: Warehouse, statement: sa.TextClause, params: dict[str, Any]
) -> pd.DataFrame:
    compiled = statement.compile(dialect=_QMARK_DIALECT)
    values = [params[name] for name in compiled.positiontup or []]
    # Open per query and close at once: a read-only DuckDB connection still blocks a writer.
    connection = _open_duckdb(warehouse)
    try:
        return connection.execute(compiled.string, values).df()
    except duckdb.CatalogException as error:
        raise NoDataError(f"no data yet in {warehouse.description}: run `make run`") from error
    finally:
        connection.close()


def _cycle_running(path: Path) -> bool:
    """Whether a cycle holds its lock, the flock on `<file>.lock` beside the DuckDB file.

    (The convention of ingestion/lock.py.) While a cycle runs the dashboard does not open the
    file at all: even a read-only DuckDB connection would make the cycle's next write fail.
    """
    lock_path = path.with_name(path.name + ".lock")
    if not lock_path.exists():
        return False
    with lock_path.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _busy(path: Path) -> WarehouseBusyError:
    return WarehouseBusyError(
        f"the warehouse {path} is busy: a pipeline cycle is writing to it. "
        "Reload this page when the cycle has finished."
    )


def _open_duckdb(warehouse: Warehouse) -> duckdb.DuckDBPyConnection:
    path = warehouse.duckdb_path
    if path is None or not path.is_file():
        raise NoDataError(f"no data yet: {path} does not exist; run `make run`")
    if _cycle_running(path):
        raise _busy(path)
    for _ in range(LOCK_RETRIES):
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise _unreachable(warehouse, error) from error
            time.sleep(LOCK_RETRY_SECONDS)
        except duckdb.Error as error:
            raise _unreachable(warehouse, error) from error
    raise _busy(path)


_ENGINES: dict[str, sa.Engine] = {}


def _postgres_engine(warehouse: Warehouse) -> sa.Engine:
    # One pooled engine per URL for the life of the process (Streamlit reruns scripts often).
    if warehouse.url not in _ENGINES:
        _ENGINES[warehouse.url] = sa.create_engine(
            warehouse.url, connect_args=_PG_READ_ONLY, pool_pre_ping=True
        )
    return _ENGINES[warehouse.url]


def _postgres_query(
    warehouse: Warehouse, statement: sa.TextClause, params: dict[str, Any]
) -> pd.DataFrame:
    try:
        connection = _postgres_engine(warehouse).connect()
    except sa.exc.SQLAlchemyError as error:
        raise _unreachable(warehouse, error) from error
    with connection:
        try:
            result = connection.execute(statement, params)
        except sa.exc.ProgrammingError as error:
            if "does not exist" not in str(error.orig):
                raise
            raise NoDataError(f"no data yet in {warehouse.description}: run `make run`") from error
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _unreachable(warehouse: Warehouse, error: Exception) -> WarehouseUnreachableError:
    # The driver's own message can echo the URL; only its type is shown.
    return WarehouseUnreachableError(
        f"cannot reach the warehouse: tried {warehouse.description} "
        f"and got {type(error).__name__}. Check that it is running and the settings "
        "(WAREHOUSE_TARGET, DESTINATION__POSTGRES__CREDENTIALS) point at it."
    )


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """The same dtypes from both drivers: Decimal -> float, date/datetime objects -> datetime64."""
    for column in frame.columns:
        sample = frame[column].dropna()
        if sample.empty:
            continue
        first = sample.iloc[0]
        if isinstance(first, Decimal):
            frame[column] = frame[column].astype(float)
        elif isinstance(first, dt.date | dt.datetime):
            frame[column] = pd.to_datetime(frame[column])
    return frame
