"""Loading Dagster in the same process must not change the source schemas the generator writes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import seeds_generator

pytestmark = pytest.mark.mariadb


def test_stock_db_timestamps_survive_dagsters_sqlalchemy_overrides(mariadb_database: str) -> None:
    # Dagster's storage registers a global compiler override: MySQL TIMESTAMP -> TIMESTAMP(6).
    import dagster as dg

    with dg.instance_for_test():  # loads the instance's SQL storage, as a run does
        pass

    seeds_generator.generate("stock_db", mariadb_database, scale=0.02, seed=1)
    engine = sa.create_engine(mariadb_database)
    with engine.connect() as conn:
        ddl = conn.exec_driver_sql("show create table `user`").fetchone()[1].lower()
    engine.dispose()
    assert "`updated_at` timestamp not null default current_timestamp()" in ddl
