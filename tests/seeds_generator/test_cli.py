"""`warehouse generate` and `warehouse simulate` through the real CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from orchestration.cli import main
from tests.conftest import _free_port
from tests.seeds_generator.helpers import dump, row_counts

PASSWORD = "cli-s3cret-pw"


def _sources(data_dir: Path) -> dict[str, Path]:
    return {name: data_dir / "sources" / f"{name}.sqlite" for name in ("totesys", "stock_db")}


def test_generate_then_refuse_then_reset(data_dir: Path, capsys) -> None:
    assert main(["generate", "--scale", "0.05", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert "totesys:" in printed and "stock_db:" in printed and "sales_order" in printed
    paths = _sources(data_dir)
    before = {name: dump(f"sqlite:///{path}") for name, path in paths.items()}
    assert main(["generate", "--scale", "0.05", "--seed", "4"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("warehouse generate: error:") and "--reset" in error
    assert len(error.splitlines()) == 1
    assert {name: dump(f"sqlite:///{path}") for name, path in paths.items()} == before
    assert main(["generate", "--scale", "0.05", "--seed", "4", "--reset"]) == 0
    assert dump(f"sqlite:///{paths['totesys']}") != before["totesys"]


@pytest.mark.parametrize("scale", ["-1", "0"])
def test_generate_rejects_a_scale_that_is_not_positive(data_dir: Path, capsys, scale) -> None:
    assert main(["generate", "--scale", scale]) == 1
    assert "scale must be a positive number" in capsys.readouterr().err
    assert not any(path.exists() for path in _sources(data_dir).values())


def test_one_bad_source_stops_all_before_any_write(data_dir: Path, capsys) -> None:
    assert main(["generate", "--source", "stock_db", "--scale", "0.05"]) == 0
    assert main(["generate", "--source", "all", "--scale", "0.05"]) == 1
    assert "stock_db tables" in capsys.readouterr().err
    assert not _sources(data_dir)["totesys"].exists()


def test_simulate_prints_each_tick(data_dir: Path, capsys) -> None:
    assert main(["simulate", "--ticks", "1"]) == 1
    assert "run `warehouse generate` first" in capsys.readouterr().err
    assert main(["generate", "--scale", "0.05"]) == 0
    before = row_counts(f"sqlite:///{_sources(data_dir)['stock_db']}")
    assert main(["simulate", "--ticks", "2", "--interval", "1d", "--seed", "9"]) == 0
    printed = capsys.readouterr().out
    assert "tick 1 totesys" in printed and "tick 2 stock_db" in printed
    assert "sales_order" in printed and "inserted" in printed
    after = row_counts(f"sqlite:///{_sources(data_dir)['stock_db']}")
    assert after["user"] > before["user"]


def test_simulate_rejects_a_bad_interval(data_dir: Path, capsys) -> None:
    assert main(["simulate", "--ticks", "1", "--interval", "5x"]) == 1
    assert "interval '5x'" in capsys.readouterr().err
    assert main(["simulate", "--ticks", "0"]) == 1
    assert "--ticks must be a positive integer" in capsys.readouterr().err


def _postgres_target(monkeypatch, totesys: str, stock_db: str) -> None:
    monkeypatch.setenv("WAREHOUSE_TARGET", "postgres")
    monkeypatch.setenv("SOURCES__TOTESYS__CREDENTIALS", totesys)
    monkeypatch.setenv("SOURCES__STOCK_DB__CREDENTIALS", stock_db)
    monkeypatch.setenv("DESTINATION__FILESYSTEM__BUCKET_URL", "s3://unused/lake")
    monkeypatch.setenv("DESTINATION__POSTGRES__CREDENTIALS", totesys)


@pytest.mark.postgres
@pytest.mark.mariadb
def test_postgres_target_generates_into_the_servers(
    data_dir: Path, monkeypatch, pg_database: str, mariadb_database: str, capsys
) -> None:
    _postgres_target(monkeypatch, pg_database, mariadb_database)
    assert main(["generate", "--scale", "0.05"]) == 0
    assert main(["simulate", "--ticks", "1", "--interval", "1h"]) == 0
    assert "tick 1 stock_db" in capsys.readouterr().out
    for url in (pg_database, mariadb_database):
        engine = sa.create_engine(url)
        try:
            assert "transaction" in sa.inspect(engine).get_table_names()
        finally:
            engine.dispose()


def test_unreachable_server_is_named_not_its_password(data_dir: Path, monkeypatch, capsys) -> None:
    port = _free_port()
    totesys = f"postgresql+psycopg2://postgres:{PASSWORD}@127.0.0.1:{port}/totesys"
    _postgres_target(monkeypatch, totesys, f"mysql+pymysql://root:{PASSWORD}@127.0.0.1:{port}/x")
    assert main(["generate", "--scale", "0.05"]) == 1
    error = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in error and PASSWORD not in error
