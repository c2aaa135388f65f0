"""`warehouse grants`: create the least-privilege roles and their grants (Postgres target)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from common.urls import masked
from orchestration import grants
from orchestration.settings import Settings, SettingsError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grants", help="create source_reader, loader, transformer and reporter roles (postgres)"
    )
    parser.set_defaults(func=run)


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (any postgres driver) as the plain URL psycopg's connect takes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.target != "postgres":
        raise SettingsError("grants apply to the postgres target only (WAREHOUSE_TARGET=postgres)")
    warehouse = settings.warehouse_url
    with _administrator_needed(warehouse), psycopg.connect(libpq_url(warehouse)) as conn:
        grants.apply_warehouse_grants(conn)
    if make_url(settings.totesys_url).get_backend_name() == "postgresql":
        totesys = settings.totesys_url
        with _administrator_needed(totesys), psycopg.connect(libpq_url(totesys)) as conn:
            grants.apply_source_grants(conn)
    if make_url(settings.stock_db_url).get_backend_name() in ("mysql", "mariadb"):
        engine = sa.create_engine(settings.stock_db_url)
        try:
            with _administrator_needed(settings.stock_db_url):
                grants.apply_mysql_source_grants(engine)
        finally:
            engine.dispose()
    print("roles source_reader, loader, transformer, reporter: grants applied")
    return 0


# MySQL/MariaDB: access denied to a database (1044), to a user (1045), needs a privilege (1227).
_MYSQL_DENIED = (1044, 1045, 1227)


@contextmanager
def _administrator_needed(url: str) -> Iterator[None]:
    """A login without the rights to create roles and grants is a setting to fix, not a crash."""
    try:
        yield
    except (
        grants.NotAdministrator,
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
