"""The least-privilege matrix on the real server: every expected grant present, others absent."""

from __future__ import annotations

import itertools

import psycopg
import pytest
import sqlalchemy as sa

from orchestration import cli, grants
from orchestration.commands.grants import libpq_url

pytestmark = [pytest.mark.postgres, pytest.mark.mariadb]

SCHEMAS = (*grants.LOADER_SCHEMAS, *grants.TRANSFORMER_SCHEMAS)
OWNER_RIGHTS = {"SELECT", "INSERT", "CREATE"}


def expected_rights(role: str, schema: str) -> set[str]:
    for grant in grants.warehouse_plan():
        if (grant.role, grant.schema) == (role, schema):
            return OWNER_RIGHTS if grant.owner else {"SELECT"}
    return set()


@pytest.fixture
def granted(monkeypatch, make_pg_database, mariadb_database):
    warehouse, totesys = make_pg_database(), make_pg_database()
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", totesys)
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", mariadb_database)
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", warehouse)
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", "s3://unused/lake")
    with psycopg.connect(libpq_url(totesys), autocommit=True) as conn:
        conn.execute("create table public.address (address_id int primary key)")
    for _ in range(2):  # the command is idempotent
        assert cli.main(["--target", "postgres", "grants"]) == 0
    return warehouse, totesys, mariadb_database


def create_probe_tables(warehouse_url: str) -> None:
    """Each schema's owner creates a table after the grants: default privileges must cover it."""
    with psycopg.connect(libpq_url(warehouse_url), autocommit=True) as conn:
        for schema in SCHEMAS:
            owner = psycopg.sql.Identifier(grants.owner_of(schema))
            conn.execute(psycopg.sql.SQL("set role {}").format(owner))
            table = psycopg.sql.Identifier(schema, "probe")
            conn.execute(psycopg.sql.SQL("create table {} (id int)").format(table))
            conn.execute("reset role")


def actual_rights(conn: psycopg.Connection, role: str, schema: str) -> set[str]:
    table = f"{schema}.probe"
    checks = {
        "SELECT": conn.execute("select has_table_privilege(%s, %s, 'SELECT')", (role, table)),
        "INSERT": conn.execute("select has_table_privilege(%s, %s, 'INSERT')", (role, table)),
        "CREATE": conn.execute("select has_schema_privilege(%s, %s, 'CREATE')", (role, schema)),
    }
    usage = conn.execute("select has_schema_privilege(%s, %s, 'USAGE')", (role, schema)).fetchone()
    return {right for right, cursor in checks.items() if cursor.fetchone()[0] and usage[0]}


def test_warehouse_matrix(granted) -> None:
    warehouse, _, _ = granted
    create_probe_tables(warehouse)
    with psycopg.connect(libpq_url(warehouse)) as conn:
        for role, schema in itertools.product(grants.ROLES, SCHEMAS):
            assert actual_rights(conn, role, schema) == expected_rights(role, schema), (
                role,
                schema,
            )
        assert not conn.execute(
            "select has_schema_privilege('reporter', 'public', 'CREATE')"
        ).fetchone()[0]


def test_roles_are_not_superusers(granted) -> None:
    warehouse, _, _ = granted
    with psycopg.connect(libpq_url(warehouse)) as conn:
        rows = conn.execute(
            "select rolname, rolsuper, rolcreatedb, rolcreaterole from pg_roles "
            "where rolname = any(%s)",
            (list(grants.ROLES),),
        ).fetchall()
    assert sorted(row[0] for row in rows) == sorted(grants.ROLES)
    assert all(not any(row[1:]) for row in rows)


def test_source_reader_reads_sources_only(granted) -> None:
    _, totesys, stock_db = granted
    with psycopg.connect(libpq_url(totesys), autocommit=True) as conn:
        conn.execute("create table public.staff (staff_id int)")  # created after the grants
        for table in ("public.address", "public.staff"):
            assert conn.execute(
                "select has_table_privilege('source_reader', %s, 'SELECT')", (table,)
            ).fetchone()[0]
            assert not conn.execute(
                "select has_table_privilege('source_reader', %s, 'INSERT')", (table,)
            ).fetchone()[0]
    engine = sa.create_engine(stock_db)
    with engine.connect() as conn:
        shown = [row[0] for row in conn.exec_driver_sql("show grants for 'source_reader'@'%%'")]
    engine.dispose()
    database = sa.engine.make_url(stock_db).database
    # `_` is a wildcard in GRANT: the name must be escaped so no look-alike database is covered
    assert "_" in database
    pattern = database.replace("_", "\\_")
    assert any(f"GRANT SELECT, SHOW VIEW ON `{pattern}`.*" in line for line in shown), shown
    assert not any("ALL PRIVILEGES" in line or "INSERT" in line for line in shown), shown


def test_grants_refuse_the_local_target(data_dir, capsys) -> None:
    assert cli.main(["--target", "local", "grants"]) == 1
    assert "postgres target only" in capsys.readouterr().err
