"""`warehouse grants`: create the least-privilege roles and their grants (Postgres target)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orchestration.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grants", help="create the least-privilege roles (postgres target)", description=__doc__
    )
    parser.set_defaults(func=run)


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (any postgres driver) as the plain URL psycopg's connect takes."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run(settings: Settings, args: argparse.Namespace) -> int:
    import psycopg
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from orchestration import grants
    from orchestration.grants import administrator_needed
    from orchestration.settings import SettingsError

    if settings.target != "postgres":
        raise SettingsError("grants apply to the postgres target only (WAREHOUSE_TARGET=postgres)")
    warehouse = settings.warehouse_url
    with administrator_needed(warehouse), psycopg.connect(libpq_url(warehouse)) as conn:
        grants.apply_warehouse_grants(conn)
    if make_url(settings.source_urls["totesys"]).get_backend_name() == "postgresql":
        totesys = settings.source_urls["totesys"]
        with administrator_needed(totesys), psycopg.connect(libpq_url(totesys)) as conn:
            grants.apply_source_grants(conn)
    if make_url(settings.source_urls["stock_db"]).get_backend_name() in ("mysql", "mariadb"):
        engine = sa.create_engine(settings.source_urls["stock_db"])
        try:
            with administrator_needed(settings.source_urls["stock_db"]):
                grants.apply_mysql_source_grants(engine)
        finally:
            engine.dispose()
    print("roles source_reader, loader, transformer, reporter: grants applied")
    return 0
