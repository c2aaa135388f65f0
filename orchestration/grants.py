"""Least-privilege roles for the Postgres target: who may read, load, transform and report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import sqlalchemy as sa
from psycopg import sql

from common.sources import RAW_SCHEMAS as RAW_SCHEMAS_BY_SOURCE
from common.urls import masked
from orchestration.settings import SettingsError

RAW_SCHEMAS = tuple(RAW_SCHEMAS_BY_SOURCE.values())
# dlt's merge loads go through a staging dataset beside each raw schema.
LOADER_SCHEMAS = (*RAW_SCHEMAS, *(f"{schema}_staging" for schema in RAW_SCHEMAS))
TRANSFORMER_SCHEMAS = ("staging", "snapshots", "intermediate", "marts", "ops")
REPORTER_SCHEMAS = ("marts", "ops")
ROLES = ("source_reader", "loader", "transformer", "reporter")


@dataclass(frozen=True)
class SchemaGrant:
    """One role's rights on one schema: `owner` creates and writes, otherwise read-only."""

    role: str
    schema: str
    owner: bool


def warehouse_plan() -> list[SchemaGrant]:
    """The whole matrix for the warehouse database; anything not listed is not granted."""
    plan = [SchemaGrant("loader", schema, owner=True) for schema in LOADER_SCHEMAS]
    plan += [SchemaGrant("transformer", schema, owner=True) for schema in TRANSFORMER_SCHEMAS]
    plan += [SchemaGrant("transformer", schema, owner=False) for schema in RAW_SCHEMAS]
    plan += [SchemaGrant("reporter", schema, owner=False) for schema in REPORTER_SCHEMAS]
    return plan


class NotAdministrator(Exception):
    """The login may not give these grants (PostgreSQL would skip them with a mere warning)."""


def require_administrator(conn: psycopg.Connection) -> None:
    """Refuses a login that is neither a superuser nor the database's owner."""
    row = conn.execute(
        "select r.rolsuper or pg_has_role(current_user, d.datdba, 'MEMBER') "
        "from pg_roles r, pg_database d "
        "where r.rolname = current_user and d.datname = current_database()"
    ).fetchone()
    if not (row and row[0]):
        raise NotAdministrator("neither a superuser nor the database's owner")


def ensure_roles(conn: psycopg.Connection) -> None:
    """Create the four roles if missing: LOGIN, never superuser, no inherited rights."""
    for role in ROLES:
        found = conn.execute(
            "select rolcanlogin and not (rolsuper or rolcreatedb or rolcreaterole) "
            "from pg_roles where rolname = %s",
            (role,),
        ).fetchone()
        if found and found[0]:
            # Roles are cluster-wide: altering a sound one anyway would make concurrent runs
            # (one per database) fail with "tuple concurrently updated".
            continue
        statement = "alter role {} login nosuperuser nocreatedb nocreaterole"
        if not found:
            statement = "create role {} login nosuperuser nocreatedb nocreaterole"
        conn.execute(sql.SQL(statement).format(sql.Identifier(role)))


def apply_warehouse_grants(conn: psycopg.Connection) -> None:
    """Create every schema with its owner and grant the read rights; idempotent."""
    require_administrator(conn)
    ensure_roles(conn)
    database = conn.execute("select current_database()").fetchone()[0]
    revoke = sql.SQL("revoke create on database {} from public")
    conn.execute(revoke.format(sql.Identifier(database)))
    conn.execute("revoke create on schema public from public")
    for grant in warehouse_plan():
        if grant.owner:
            _own_schema(conn, grant.role, grant.schema)
    for grant in warehouse_plan():
        if not grant.owner:
            _read_schema(conn, grant.role, grant.schema, owner_of(grant.schema))


def apply_source_grants(conn: psycopg.Connection, schema: str = "public") -> None:
    """source_reader may SELECT the source tables (now and future) and nothing else."""
    require_administrator(conn)
    ensure_roles(conn)
    _read_schema(conn, "source_reader", schema, owner=None)


def owner_of(schema: str) -> str:
    return "loader" if schema in LOADER_SCHEMAS else "transformer"


def _own_schema(conn: psycopg.Connection, role: str, schema: str) -> None:
    ident = {"schema": sql.Identifier(schema), "role": sql.Identifier(role)}
    conn.execute(sql.SQL("create schema if not exists {schema}").format(**ident))
    conn.execute(sql.SQL("alter schema {schema} owner to {role}").format(**ident))
    # Tables created before the grants (e.g. by a superuser) move to the schema's owner.
    tables = conn.execute(
        "select tablename from pg_tables where schemaname = %s", (schema,)
    ).fetchall()
    for (table,) in tables:
        conn.execute(
            sql.SQL("alter table {schema}.{table} owner to {role}").format(
                table=sql.Identifier(table), **ident
            )
        )


def _read_schema(conn: psycopg.Connection, role: str, schema: str, owner: str | None) -> None:
    """USAGE + SELECT now, and SELECT on every table `owner` creates there later."""
    ident = {"schema": sql.Identifier(schema), "role": sql.Identifier(role)}
    conn.execute(sql.SQL("grant usage on schema {schema} to {role}").format(**ident))
    conn.execute(sql.SQL("grant select on all tables in schema {schema} to {role}").format(**ident))
    owner_clause = sql.SQL("for role {} ").format(sql.Identifier(owner)) if owner else sql.SQL("")
    conn.execute(
        sql.SQL(
            "alter default privileges {owner} in schema {schema} grant select on tables to {role}"
        ).format(owner=owner_clause, **ident)
    )


def mysql_grant_pattern(database: str) -> str:
    """The database name as GRANT reads it: `_` and `%` are wildcards there, so escape them
    (else `stock_db` would also grant on `stockXdb`)."""
    return database.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")


def apply_mysql_source_grants(engine: sa.Engine) -> None:
    """The same source_reader on MariaDB/MySQL: SELECT (and SHOW VIEW) on the source database
    only."""
    database = engine.url.database
    if not database:
        raise ValueError("the stock_db URL names no database")
    quoted = engine.dialect.identifier_preparer.quote(mysql_grant_pattern(database))
    with engine.begin() as conn:
        conn.execute(sa.text("create user if not exists :user@'%'"), {"user": "source_reader"})
        # SHOW VIEW: dlt's reflection reads a view's definition too (views are never extracted,
        # e.g. the generated source's _simulated_clock); without it the extract fails.
        conn.execute(
            sa.text(f"grant select, show view on {quoted}.* to :user@'%'"),
            {"user": "source_reader"},
        )


# MySQL/MariaDB: access denied to a database (1044), to a user (1045), needs a privilege (1227).
_MYSQL_DENIED = (1044, 1045, 1227)


@contextmanager
def administrator_needed(url: str) -> Iterator[None]:
    """A login without the rights to create roles and grants is a setting to fix, not a crash."""
    try:
        yield
    except (
        NotAdministrator,
        psycopg.errors.InsufficientPrivilege,
        sa.exc.DBAPIError,
    ) as error:
        code = getattr(getattr(error, "orig", None), "args", (None,))[0]
        if isinstance(error, sa.exc.DBAPIError) and code not in _MYSQL_DENIED:
            raise
        raise SettingsError(
            f"warehouse grants must run as an administrator: {masked(url)} may not create the "
            "roles and grants (set the source and warehouse credentials to a superuser or the "
            "owner)"
        ) from None
