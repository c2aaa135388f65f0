"""Source databases for the generator tests: SQLite files, and the real PostgreSQL and MariaDB."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

SCALE = 0.05  # about 575 sales orders: every shape is present, and each generate stays quick


@dataclass(frozen=True)
class Case:
    """One source on one engine, with a factory of fresh empty databases for it."""

    source: str
    engine: str
    new_url: Callable[[], str]


def _sqlite_factory(tmp_path: Path) -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"sqlite:///{tmp_path / 'sources' / f'db{next(numbers)}.sqlite'}"


def _factory(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> Callable[[], str]:
    # Server fixtures are looked up only when needed, so SQLite cases never wait on a server.
    if engine == "sqlite":
        return _sqlite_factory(tmp_path)
    fixture = "make_pg_database" if engine == "postgresql" else "make_mariadb_database"
    return request.getfixturevalue(fixture)


TOTESYS_ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]
STOCK_ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("mariadb", id="mariadb", marks=pytest.mark.mariadb),
]
ALL_CASES = [
    pytest.param(("totesys", "sqlite"), id="totesys-sqlite"),
    pytest.param(("totesys", "postgresql"), id="totesys-postgresql", marks=pytest.mark.postgres),
    pytest.param(("stock_db", "sqlite"), id="stock_db-sqlite"),
    pytest.param(("stock_db", "mariadb"), id="stock_db-mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture(params=ALL_CASES)
def case(request: pytest.FixtureRequest, tmp_path: Path) -> Case:
    source, engine = request.param
    return Case(source, engine, _factory(request, engine, tmp_path))


@pytest.fixture(params=TOTESYS_ENGINES)
def totesys_case(request: pytest.FixtureRequest, tmp_path: Path) -> Case:
    return Case("totesys", request.param, _factory(request, request.param, tmp_path))


@pytest.fixture(params=STOCK_ENGINES)
def stock_case(request: pytest.FixtureRequest, tmp_path: Path) -> Case:
    return Case("stock_db", request.param, _factory(request, request.param, tmp_path))
