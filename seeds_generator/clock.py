"""The simulated clock of a generated source, kept in the source itself as a view.

A generated source lives in simulated business time (a fixed history window, then ticks), not
on the wall clock. The pipeline must observe it on the same timeline: a change it captures (a
stock's new price, a deletion) is dated by when it was observed, and a trade is priced by the
version valid at the trade's time. So the source tells what time it is: the view
`_simulated_clock` holds the latest business timestamp the source holds (never before the end
of the generated history). The simulator starts each tick there, and the cycle reads it as the
time of its observation. A real source has no such view and is observed at wall-clock time.

A view rather than a table: nothing to keep up to date (the ticks' own rows move it), it is
invisible to the extract (which reflects tables only), and it needs no write access to read.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from seeds_generator.database import open_engine
from seeds_generator.timeline import HISTORY_END
from seeds_generator.totesys_schema import TIMESTAMP

VIEW = "_simulated_clock"
COLUMN = "simulated_now"
# The view as a selectable, typed so every driver returns a datetime (SQLite stores text).
_CLOCK = sa.table(VIEW, sa.column(COLUMN, sa.DateTime()))


def change_columns(metadata: sa.MetaData) -> list[sa.Column]:
    """The business timestamps of a source: totesys' last_updated, stock_db's two columns."""
    names = ("last_updated", "updated_at", "transaction_date")
    return [t.c[name] for t in metadata.sorted_tables for name in names if name in t.c]


def clock_query(metadata: sa.MetaData, dialect: str) -> sa.Select:
    """The latest business timestamp of the source, or the end of the history if later."""
    latest = [sa.select(sa.func.max(column).label("at")) for column in change_columns(metadata)]
    end = sa.literal(HISTORY_END, TIMESTAMP)
    # SQLite keeps timestamps as text (a CAST would make the literal the number 2025).
    floor = sa.select((end if dialect == "sqlite" else sa.cast(end, TIMESTAMP)).label("at"))
    stamps = sa.union_all(*latest, floor).subquery("stamps")
    return sa.select(sa.func.max(stamps.c.at).label(COLUMN))


def create_clock_view(conn: sa.Connection, metadata: sa.MetaData) -> None:
    body = clock_query(metadata, conn.dialect.name).compile(
        conn, compile_kwargs={"literal_binds": True}
    )
    name = conn.dialect.identifier_preparer.quote(VIEW)
    conn.exec_driver_sql(f"CREATE VIEW {name} AS {body}")


def drop_clock_view(conn: sa.Connection) -> None:
    name = conn.dialect.identifier_preparer.quote(VIEW)
    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")


def has_clock(conn: sa.Connection) -> bool:
    return VIEW in sa.inspect(conn).get_view_names()


def read_clock(conn: sa.Connection) -> datetime:
    """The source's simulated now, as the view computes it."""
    return _as_datetime(conn.execute(sa.select(_CLOCK.c[COLUMN])).scalar_one())


def simulated_now(conn: sa.Connection, metadata: sa.MetaData) -> datetime:
    """The same clock computed from the tables (the view's query): where the last tick ended."""
    return _as_datetime(conn.execute(clock_query(metadata, conn.dialect.name)).scalar_one())


def _as_datetime(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def observed_clock(url: str) -> datetime | None:
    """The simulated now of the source at `url`, or None for a source without a simulated clock
    (a real one: the pipeline then observes it at wall-clock time)."""
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            return read_clock(conn) if has_clock(conn) else None
    finally:
        engine.dispose()
