"""Schema creation for bulk loading: on PostgreSQL the foreign keys are added after the COPY."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import AddConstraint, CreateTable


def defers_foreign_keys(conn: sa.Connection) -> bool:
    # PostgreSQL checks each COPYed row through a trigger per foreign key; adding the
    # constraints after the load validates them in one join each, which is faster at scale.
    return conn.dialect.name == "postgresql"


def create_tables(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """Create the tables (and enum types); foreign keys wait if the engine defers them."""
    if not defers_foreign_keys(conn):
        metadata.create_all(conn)
        return
    enums = {
        column.type.name: column.type
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, postgresql.ENUM)
    }
    for enum in enums.values():
        enum.create(conn, checkfirst=True)
    for table in metadata.sorted_tables:
        conn.execute(CreateTable(table, include_foreign_key_constraints=[]))


def add_deferred_foreign_keys(conn: sa.Connection, metadata: sa.MetaData) -> None:
    if not defers_foreign_keys(conn):
        return
    for table in metadata.sorted_tables:
        for constraint in table.foreign_key_constraints:
            conn.execute(AddConstraint(constraint))
