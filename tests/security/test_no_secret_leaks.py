"""A cycle with recognisable fake credentials leaves them in no log, error, file, object or row."""

from __future__ import annotations

import gzip
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from orchestration.settings import Settings
from tests.conftest import unique_name
from tests.dbt.deployments import admin_url, as_role, generate_sources, postgres_settings
from tests.security.leaks import (
    SECRETS,
    bucket_leaks,
    cli_environment,
    dbt_artifacts,
    file_leaks,
    leaks,
    run_cli,
    schema_rows,
    webhook_server,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.mariadb,
    pytest.mark.s3,
    pytest.mark.e2e,
    pytest.mark.xdist_group("secret_leaks"),  # one xdist worker runs the module's cycles
]


@dataclass
class Runs:
    settings: Settings
    s3: dict[str, str]
    good: subprocess.CompletedProcess[str]
    failed: subprocess.CompletedProcess[str]
    alerts: list[bytes]


@pytest.fixture(scope="module")
def stock_reader(mariadb_admin: sa.Engine) -> Iterator[str]:
    """A MariaDB login of this module's own with the fake password (source_reader has none)."""
    user = unique_name("leak")
    with mariadb_admin.connect() as conn:
        conn.execute(
            sa.text("create user :user@'%' identified by :pw"),
            {"user": user, "pw": SECRETS["stock_db password"]},
        )
    yield user
    with mariadb_admin.connect() as conn:
        conn.execute(sa.text("drop user if exists :user@'%'"), {"user": user})


def _grant_stock_reader(settings: Settings, user: str) -> None:
    engine = sa.create_engine(admin_url(settings.source_urls["stock_db"]))
    quoted = engine.dialect.identifier_preparer.quote(engine.url.database or "")
    try:
        with engine.begin() as conn:
            # As `warehouse grants` does: SHOW VIEW lets the extract reflect the source's views.
            grant = f"grant select, show view on {quoted}.* to :user@'%'"
            conn.execute(sa.text(grant), {"user": user})
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory, stock_reader: str) -> Iterator[Runs]:
    """One good cycle, then one that fails (totesys on a closed port), through the CLI."""
    root = tmp_path_factory.mktemp("leaks")
    with postgres_settings(request, root / "data") as settings, webhook_server() as hook:
        generate_sources(settings)
        _grant_stock_reader(settings, stock_reader)
        env = cli_environment(settings, stock_reader, hook[0])
        good = run_cli(["run"], env, cwd=root)
        closed = make_url(env["SOURCES__TOTESYS__CREDENTIALS"]).set(port=1)
        env["SOURCES__TOTESYS__CREDENTIALS"] = closed.render_as_string(hide_password=False)
        failed = run_cli(["run"], env, cwd=root)
        yield Runs(settings, request.getfixturevalue("s3_server"), good, failed, hook[1])


def test_the_scanner_finds_a_planted_secret(tmp_path) -> None:
    url = as_role("postgresql://h/w", "loader", SECRETS["loader password"])
    assert leaks(f"cannot connect to {url}") == ["loader password"]
    assert leaks(b"\x00" + SECRETS["lake secret key"].encode()) == ["lake secret key"]
    (tmp_path / "state.json").write_text(url)
    (tmp_path / "runs.insert_values.gz").write_bytes(gzip.compress(url.encode()))
    assert file_leaks(tmp_path) == {
        str(tmp_path / "state.json"): ["loader password"],
        str(tmp_path / "runs.insert_values.gz"): ["loader password"],
    }
    assert leaks("postgresql://loader:***@h/w") == []


def test_the_cycle_ran_as_the_roles(runs: Runs) -> None:
    assert runs.good.returncode == 0, runs.good.stderr[-3000:]
    owners = dict(
        _query(
            runs.settings,
            "select schemaname, string_agg(distinct tableowner, ',') from pg_tables "
            "where schemaname in ('raw_totesys', 'raw_stock', 'snapshots', 'marts', 'ops') "
            "group by schemaname",
        )
    )
    assert owners == {
        "raw_totesys": "loader",
        "raw_stock": "loader",
        "snapshots": "transformer",
        "marts": "transformer",
        "ops": "transformer",
    }


def test_no_secret_in_logs_or_error_messages(runs: Runs) -> None:
    assert runs.failed.returncode == 1
    assert "ingest totesys" in runs.failed.stderr + runs.failed.stdout  # the error is shown
    for run in (runs.good, runs.failed):
        assert '"run_id"' in run.stderr  # the JSON log lines were captured
        assert leaks(run.stdout) == []
        assert leaks(run.stderr) == []


def test_no_secret_in_the_alert(runs: Runs) -> None:
    assert len(runs.alerts) == 1
    assert b"ingest totesys" in runs.alerts[0]
    assert leaks(runs.alerts[0]) == []


def test_no_secret_in_any_file_under_the_data_dir(runs: Runs) -> None:
    assert any(runs.settings.pipelines_dir.rglob("*")), "dlt kept its pipelines here"
    assert file_leaks(runs.settings.data_dir) == {}


def test_no_secret_in_any_object_of_the_lake(runs: Runs) -> None:
    scanned, found = bucket_leaks(runs.settings.lake_url, runs.s3)
    assert scanned > 0
    assert found == {}


def test_no_secret_in_dbt_artifacts(runs: Runs) -> None:
    folders = dbt_artifacts(runs.settings)
    assert all(folder.is_dir() for folder in folders)
    for folder in folders:
        assert file_leaks(folder) == {}


def test_no_secret_in_the_run_history_or_raw(runs: Runs) -> None:
    for schema in ("ops", "raw_totesys", "raw_stock"):
        tables = schema_rows(runs.settings.transform_url, schema)
        assert "_dlt_pipeline_state" in tables
        assert sum(len(rows) for rows in tables.values()) > 0
        found = {name: leaks("\n".join(rows)) for name, rows in tables.items()}
        assert {name: names for name, names in found.items() if names} == {}, schema


def _query(settings: Settings, sql: str) -> list[tuple]:
    engine = sa.create_engine(admin_url(settings.warehouse_url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()
