"""Bad input: one clear error naming what is wrong, never a password, and nothing half-written."""

from __future__ import annotations

import math
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from seeds_generator import GeneratorError, generate, parse_interval, simulate
from tests.conftest import _free_port
from tests.seeds_generator.conftest import SCALE, Case
from tests.seeds_generator.helpers import dump, engine_for

PASSWORD = "s3cret-Pa55word"


def test_existing_tables_are_refused_and_left_as_they_were(case: Case) -> None:
    url = case.new_url()
    generate(case.source, url, scale=SCALE, seed=1)
    before = dump(url)
    with pytest.raises(GeneratorError, match=r"already has .* pass --reset"):
        generate(case.source, url, scale=SCALE, seed=2)
    assert dump(url) == before


def test_reset_drops_and_recreates(case: Case) -> None:
    url, fresh = case.new_url(), case.new_url()
    generate(case.source, url, scale=SCALE, seed=1)
    simulate({case.source: url}, ticks=1, interval=timedelta(hours=6), seed=1)
    counts = generate(case.source, url, scale=SCALE, seed=2, reset=True)
    assert counts == generate(case.source, fresh, scale=SCALE, seed=2)
    assert dump(url) == dump(fresh)


@pytest.mark.parametrize("scale", [-1.0, 0.0, math.nan, math.inf])
def test_scale_must_be_positive_and_nothing_is_created(scale: float, tmp_path: Path) -> None:
    path = tmp_path / "sources" / "totesys.sqlite"
    with pytest.raises(GeneratorError, match="scale must be a positive number"):
        generate("totesys", f"sqlite:///{path}", scale=scale)
    assert not path.exists()


def test_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="unknown source 'orders'"):
        generate("orders", f"sqlite:///{tmp_path}/x.sqlite")


@pytest.mark.parametrize(
    ("source", "template"),
    [
        ("totesys", "postgresql+psycopg://postgres:{pw}@127.0.0.1:{port}/totesys"),
        ("stock_db", "mysql+pymysql://root:{pw}@127.0.0.1:{port}/stock_db"),
    ],
)
def test_unreachable_server_is_named_without_its_password(source: str, template: str) -> None:
    port = _free_port()  # nothing listens there
    url = template.format(pw=PASSWORD, port=port)
    with pytest.raises(GeneratorError) as error:
        generate(source, url, scale=SCALE)
    message = str(error.value)
    assert f"127.0.0.1:{port}" in message and "cannot connect" in message
    assert PASSWORD not in message and "\n" not in message
    with pytest.raises(GeneratorError, match=f"127.0.0.1:{port}"):
        simulate({source: url}, ticks=1, interval=timedelta(hours=1))


@pytest.mark.postgres
def test_wrong_postgres_credentials(pg_database: str) -> None:
    url = sa.make_url(pg_database).set(username="no_such_role", password=PASSWORD)
    with pytest.raises(GeneratorError) as error:
        generate("totesys", url.render_as_string(hide_password=False), scale=SCALE)
    assert "no_such_role" in str(error.value) and PASSWORD not in str(error.value)


@pytest.mark.mariadb
def test_wrong_mariadb_credentials(mariadb_database: str) -> None:
    url = sa.make_url(mariadb_database).set(password=PASSWORD)
    with pytest.raises(GeneratorError) as error:
        generate("stock_db", url.render_as_string(hide_password=False), scale=SCALE)
    assert "Access denied" in str(error.value) and PASSWORD not in str(error.value)


@pytest.mark.postgres
def test_postgres_failure_mid_population_rolls_everything_back(pg_database: str) -> None:
    # A clashing enum type makes COPY fail after the tables were created in the transaction.
    with engine_for(pg_database) as engine, engine.begin() as conn:
        conn.exec_driver_sql("CREATE TYPE transaction_type AS ENUM ('OTHER')")
    with pytest.raises(GeneratorError, match="generating totesys failed"):
        generate("totesys", pg_database, scale=SCALE)
    with engine_for(pg_database) as engine:
        assert sa.inspect(engine).get_table_names() == []


@pytest.mark.mariadb
def test_mariadb_failure_mid_population_drops_what_it_created(
    mariadb_database: str, mariadb_admin: sa.Engine
) -> None:
    # MariaDB commits DDL at once: a user who may create tables but not insert shows the clean-up.
    url = sa.make_url(mariadb_database)
    user = f"wh_gen_{uuid.uuid4().hex[:8]}"
    with mariadb_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE USER '{user}'@'%%' IDENTIFIED BY '{PASSWORD}'")
        conn.exec_driver_sql(
            f"GRANT SELECT, CREATE, DROP, INDEX, ALTER, REFERENCES ON `{url.database}`.* "
            f"TO '{user}'@'%%'"
        )
    try:
        limited = url.set(username=user, password=PASSWORD).render_as_string(hide_password=False)
        with pytest.raises(GeneratorError, match="INSERT command denied") as error:
            generate("stock_db", limited, scale=SCALE)
        assert PASSWORD not in str(error.value)
        with engine_for(mariadb_database) as engine:
            assert sa.inspect(engine).get_table_names() == []
    finally:
        with mariadb_admin.connect() as conn:
            conn.exec_driver_sql(f"DROP USER '{user}'@'%%'")


def test_sqlite_failure_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/totesys.sqlite"
    with engine_for(url) as engine, engine.begin() as conn:
        conn.exec_driver_sql("CREATE VIEW staff AS SELECT 1 AS staff_id")  # blocks CREATE TABLE
    with pytest.raises(GeneratorError, match="generating totesys failed"):
        generate("totesys", url, scale=SCALE)
    with engine_for(url) as engine:
        assert sa.inspect(engine).get_table_names() == []
        assert sa.inspect(engine).get_view_names() == ["staff"]


def test_simulate_needs_generated_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/empty.sqlite"
    with pytest.raises(GeneratorError, match="run `warehouse generate` first"):
        simulate({"stock_db": url}, ticks=1, interval=timedelta(hours=1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ticks": 0, "interval": timedelta(hours=1)}, "ticks must be a positive integer"),
        ({"ticks": 1, "interval": timedelta(0)}, "interval must be at least one second"),
    ],
)
def test_simulate_rejects_bad_arguments(kwargs: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match=message):
        simulate({"totesys": f"sqlite:///{tmp_path}/t.sqlite"}, **kwargs)
    with pytest.raises(GeneratorError, match="sources to simulate"):
        simulate({"orders": f"sqlite:///{tmp_path}/t.sqlite"}, ticks=1, interval=timedelta(1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15m", timedelta(minutes=15)), ("1h", timedelta(hours=1)), ("1d", timedelta(days=1)),
     ("1h30m", timedelta(minutes=90)), ("45s", timedelta(seconds=45))],
)  # fmt: skip
def test_parse_interval(text: str, expected: timedelta) -> None:
    assert parse_interval(text) == expected


@pytest.mark.parametrize("text", ["", "1x", "h", "1.5h", "0s", "-1h", "1h 30m"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(GeneratorError, match="interval"):
        parse_interval(text)


@pytest.mark.postgres
def test_failing_tick_is_rolled_back_whole(make_pg_database) -> None:
    url = make_pg_database()
    generate("totesys", url, scale=SCALE)
    # A real trigger rejects amendments: the tick's other writes must vanish with it.
    with engine_for(url) as engine, engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'amendments are frozen'; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER frozen BEFORE UPDATE ON sales_order "
            "FOR EACH ROW EXECUTE FUNCTION refuse()"
        )
    before = dump(url)
    with pytest.raises(GeneratorError, match=r"tick 1 on totesys was rolled back.*frozen"):
        simulate({"totesys": url}, ticks=1, interval=timedelta(days=3), seed=1)
    assert dump(url) == before
