"""Engines for the three source engines, one-transaction blocks, and errors a user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from seeds_generator.errors import GeneratorError

BACKENDS = ("postgresql", "mysql", "mariadb", "sqlite")
CONNECT_TIMEOUT = 10
# What a failing database raises: SQLAlchemy's wrapper, or psycopg itself during COPY.
DATABASE_ERRORS = (sa.exc.DBAPIError, psycopg.Error)


def where(url: sa.URL) -> str:
    """What to call the database in a message: host:port/name or the file; never a password."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return f"{url.get_backend_name()} at {url.host}:{url.port or default_port(url)}/{url.database}"


def default_port(url: sa.URL) -> int:
    return 5432 if url.get_backend_name() == "postgresql" else 3306


def open_engine(url: str) -> sa.Engine:
    """An engine for `url`; SQLite gets its parent directory, foreign keys and explicit BEGINs."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise GeneratorError("the source URL is not a valid SQLAlchemy URL") from None
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise GeneratorError(f"unsupported database {backend!r}: use one of {BACKENDS}")
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        # Bulk loading uses psycopg 3's COPY, whatever driver the URL names (e.g. psycopg2).
        psycopg3 = parsed.set(drivername="postgresql+psycopg")
        return sa.create_engine(psycopg3, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    # TIMESTAMP columns are converted through the session time zone: pin it so values round-trip.
    args = {"connect_timeout": CONNECT_TIMEOUT, "init_command": "SET time_zone = '+00:00'"}
    return sa.create_engine(parsed, connect_args=args)


def sqlite_path(url: sa.URL) -> Path | None:
    """The file of a SQLite URL (None for other engines and in-memory databases)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    # AUTOCOMMIT hands transaction control to us, so DDL and inserts share one explicit BEGIN.
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    sa.event.listen(engine, "connect", _enable_foreign_keys)
    return engine


def _enable_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def reason(error: Exception, url: sa.URL) -> str:
    """The driver's first line about `error`, with any password scrubbed out."""
    original = getattr(error, "orig", None) or error
    text = (str(original).strip().splitlines() or [type(original).__name__])[0]
    if url.password:
        text = text.replace(str(url.password), "***")
    return text


def check_connection(engine: sa.Engine, source: str) -> None:
    path = sqlite_path(engine.url)
    if path and not path.exists():
        # Connecting would create the file: a missing file is simply an empty database.
        return
    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as error:
        raise GeneratorError(
            f"cannot connect to the {source} database ({where(engine.url)}): "
            f"{reason(error, engine.url)}"
        ) from None


@contextmanager
def atomic(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One transaction; on SQLite an explicit BEGIN so that DDL is inside it too."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")


def existing_tables(engine: sa.Engine, metadata: sa.MetaData) -> list[str]:
    path = sqlite_path(engine.url)
    if path and not path.exists():
        return []
    present = set(sa.inspect(engine).get_table_names())
    return [name for name in metadata.tables if name in present]
