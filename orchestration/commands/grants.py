"""`warehouse grants`: create the least-privilege roles and their grants (Postgres target)."""

from __future__ import annotations

import argparse

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

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
    with psycopg.connect(libpq_url(settings.warehouse_url), autocommit=False) as conn:
        grants.apply_warehouse_grants(conn)
    if make_url(settings.totesys_url).get_backend_name() == "postgresql":
        with psycopg.connect(libpq_url(settings.totesys_url)) as conn:
            grants.apply_source_grants(conn)
    if make_url(settings.stock_db_url).get_backend_name() in ("mysql", "mariadb"):
        engine = sa.create_engine(settings.stock_db_url)
        try:
            grants.apply_mysql_source_grants(engine)
        finally:
            engine.dispose()
    print("roles source_reader, loader, transformer, reporter: grants applied")
    return 0
