"""Shared fixtures: throw-away databases on the real servers, a moto S3 server, temp data dirs."""

from __future__ import annotations

import json
import os
import random
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_ADMIN_URL = os.environ.get(
    "TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MARIADB_ADMIN_URL = os.environ.get("TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306")
# CI sets this so that a missing server fails the run instead of skipping its tests.
REQUIRE_SERVERS = os.environ.get("WAREHOUSE_REQUIRE_SERVERS") == "1"


# Tests that share a built deployment run on one xdist worker, so that it is built once: one
# group per test warehouse, and per target for the fixtures parametrized by target (which reach
# a warehouse through the parameter, not by name).
PARAMETRIZED_BY_TARGET = {
    "history": "warehouse",
    "twins": "warehouse",
    "history_target": "warehouse",
}


def pytest_configure(config: pytest.Config) -> None:
    # One SIGKILL-sample seed per run, which xdist's workers inherit with the environment.
    os.environ.setdefault("WAREHOUSE_FAULT_RUN_SEED", str(random.SystemRandom().randrange(2**32)))


@pytest.hookimpl(tryfirst=True)  # before xdist's loadgroup reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if group := _shared_deployment(item):
            item.add_marker(pytest.mark.xdist_group(group))
    # The SIGKILL campaigns are the longest tests: first, so that loadgroup gives each its own
    # worker (it hands out the first groups in turn) and nothing waits behind both at the end.
    items.sort(key=lambda item: not item.nodeid.startswith("tests/faults/test_sigkill.py"))


def _shared_deployment(item: pytest.Item) -> str | None:
    params = getattr(getattr(item, "callspec", None), "params", {})
    for fixture, deployment in PARAMETRIZED_BY_TARGET.items():
        if fixture in params:
            return f"{deployment}_{params[fixture]}"
    names = set(getattr(item, "fixturenames", ()))
    return next((name for name in ("warehouse_postgres", "warehouse_local") if name in names), None)


# The fault cases' tally (tests/faults), printed at the end; as JSON where FAULTS_REPORT says.
FAULT_TALLY: list[dict] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":
        FAULT_TALLY.extend(value for name, value in report.user_properties if name == "fault_case")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FAULT_TALLY:
        return
    write = terminalreporter.write_line
    write("fault suite tally: case | faults | recovered | reruns | rows lost | duplicates")
    for case in FAULT_TALLY:
        write(
            f"  {case['name']} | {case['faults']} | {case['recovered']} | {case['reruns']} | "
            f"{case['rows_lost']} | {case['duplicates']}"
        )
        if case["plan"]:
            write(f"    {case['plan']}")
    totals = {
        k: sum(c[k] for c in FAULT_TALLY)
        for k in ("faults", "recovered", "rows_lost", "duplicates")
    }
    write(f"  total | {totals}")
    if path := os.environ.get("FAULTS_REPORT"):
        Path(path).write_text(json.dumps(FAULT_TALLY, indent=2))


@pytest.fixture(scope="session", autouse=True)
def child_bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Child Pythons the tests start (`warehouse` commands, killed cycles) cache byte-code in a
    temp dir. This machine sets PYTHONDONTWRITEBYTECODE and the venv holds no .pyc files, so
    each child compiled its imports again, and the fault tests start dozens of children."""
    patch = pytest.MonkeyPatch()
    patch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    patch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path_factory.mktemp("pycache")))
    yield
    patch.undo()


def _unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not reachable ({type(error).__name__}); start it to run these tests"
    if REQUIRE_SERVERS:
        pytest.fail(f"{message} [WAREHOUSE_REQUIRE_SERVERS=1]", pytrace=False)
    pytest.skip(message)


def _admin_engine(url: str, what: str) -> sa.Engine:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with engine.connect():
            pass
    except Exception as error:  # any failure to connect means "not reachable"
        _unavailable(what, error)
    return engine


def unique_name(prefix: str = "wh_test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def pg_admin() -> sa.Engine:
    return _admin_engine(PG_ADMIN_URL, "PostgreSQL at 127.0.0.1:5432")


@pytest.fixture(scope="session")
def mariadb_admin() -> sa.Engine:
    return _admin_engine(MARIADB_ADMIN_URL, "MariaDB at 127.0.0.1:3306")


@pytest.fixture
def make_pg_database(pg_admin: sa.Engine) -> Iterator[Callable[[], str]]:
    """Factory: each call creates a uniquely named PostgreSQL database and returns its URL."""
    created: list[str] = []

    def create() -> str:
        name = unique_name()
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        created.append(name)
        return pg_admin.url.set(database=name).render_as_string(hide_password=False)

    yield create
    with pg_admin.connect() as conn:
        for name in created:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_database(make_pg_database: Callable[[], str]) -> str:
    return make_pg_database()


@pytest.fixture
def make_mariadb_database(mariadb_admin: sa.Engine) -> Iterator[Callable[[], str]]:
    """Factory: each call creates a uniquely named MariaDB database and returns its URL."""
    created: list[str] = []

    def create() -> str:
        name = unique_name()
        with mariadb_admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        created.append(name)
        return mariadb_admin.url.set(database=name).render_as_string(hide_password=False)

    yield create
    with mariadb_admin.connect() as conn:
        for name in created:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture
def mariadb_database(make_mariadb_database: Callable[[], str]) -> str:
    return make_mariadb_database()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[dict[str, str]]:
    """moto's standalone S3 server on 127.0.0.1; yields the credentials a client needs."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield {
        "endpoint_url": f"http://127.0.0.1:{port}",
        "aws_access_key_id": "testing-key-id",
        "aws_secret_access_key": "testing-secret-key",
        "region_name": "us-east-1",
    }
    server.stop()


@pytest.fixture
def s3_bucket(s3_server: dict[str, str]) -> str:
    """A new, empty bucket on the moto server; returns its name."""
    import boto3

    name = unique_name("wh-test").replace("_", "-")
    boto3.client("s3", **s3_server).create_bucket(Bucket=name)
    return name


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir for the embedded target, set as WAREHOUSE_DATA_DIR."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(path))
    monkeypatch.setenv("WAREHOUSE_TARGET", "local")
    return path


@pytest.fixture
def warehouse_local_copy(warehouse_local, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the embedded test warehouse, set as WAREHOUSE_DATA_DIR: for a test that runs a
    cycle on a built warehouse (its cycles are incremental, as in production)."""
    from tests.warehouses import copy_local

    copy = copy_local(warehouse_local.settings, tmp_path / "data")
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(copy.data_dir))
    monkeypatch.setenv("WAREHOUSE_TARGET", "local")
    return copy


@pytest.fixture(scope="session")
def warehouse_local(tmp_path_factory: pytest.TempPathFactory):
    """The embedded test warehouse after its history (tests/warehouses.py); only to read."""
    from tests.dbt.deployments import local_settings
    from tests.warehouses import build

    return build(local_settings(tmp_path_factory.mktemp("warehouse_local") / "data"))


@pytest.fixture(scope="session")
def warehouse_postgres(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The production-target test warehouse after its history, run as the pipeline's roles."""
    from tests.dbt.deployments import postgres_settings
    from tests.warehouses import build

    with postgres_settings(request, tmp_path_factory.mktemp("warehouse_postgres")) as settings:
        yield build(settings)
