"""`warehouse grants` with a pipeline role's login: one clear line, no traceback, no password."""

from __future__ import annotations

import pytest

from orchestration import cli
from tests.dbt.deployments import as_role

pytestmark = [pytest.mark.postgres, pytest.mark.mariadb]
FAKE_PASSWORD = "fake-Role-Pw-4410"


@pytest.fixture
def admin_env(monkeypatch, make_pg_database, mariadb_database) -> dict[str, str]:
    """Sources and warehouse as the superuser, the grants applied once."""
    env = {
        "SOURCES__TOTESYS__CREDENTIALS": make_pg_database(),
        "SOURCES__STOCK_DB__CREDENTIALS": mariadb_database,
        "DESTINATION__POSTGRES__CREDENTIALS": make_pg_database(),
        "DESTINATION__FILESYSTEM__BUCKET_URL": "s3://unused/lake",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["--target", "postgres", "grants"]) == 0
    return env


@pytest.mark.parametrize(
    ("setting", "role"),
    [
        ("DESTINATION__POSTGRES__CREDENTIALS", "loader"),
        ("SOURCES__TOTESYS__CREDENTIALS", "source_reader"),
        ("SOURCES__STOCK_DB__CREDENTIALS", "source_reader"),
    ],
)
def test_a_role_without_admin_rights_gets_one_line(
    admin_env, monkeypatch, capsys, setting: str, role: str
) -> None:
    monkeypatch.setenv(setting, as_role(admin_env[setting], role, FAKE_PASSWORD))
    capsys.readouterr()
    assert cli.main(["--target", "postgres", "grants"]) == 1
    err = capsys.readouterr().err
    assert "must run as an administrator" in err
    assert f"{role}:***@" in err
    assert FAKE_PASSWORD not in err
    assert len(err.strip().splitlines()) == 1
