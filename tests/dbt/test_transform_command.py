"""`warehouse transform`: dbt build through the CLI, its exit code and summary."""

from __future__ import annotations

import argparse

import pytest

from orchestration.cli import main
from orchestration.commands.transform import dbt_build_args
from tests.dbt.conftest import Built
from tests.dbt.deployments import query


def _transform(built: Built, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("WAREHOUSE_DATA_DIR", str(built.settings.data_dir))
    return main(["--target", "local", "transform", *args])


def test_dbt_build_args() -> None:
    args = argparse.Namespace(
        select=["marts"], exclude=["dim_date"], full_refresh=True, dbt_args=["--", "--fail-fast"]
    )
    assert dbt_build_args(args) == [
        "build",
        "--select",
        "marts",
        "--exclude",
        "dim_date",
        "--full-refresh",
        "--fail-fast",
    ]


def test_transform_builds_and_prints_a_summary(
    built_local: Built, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _transform(built_local, monkeypatch, "--select", "marts") == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    marts = len(list((built_local.settings.dbt_project_dir / "models" / "marts").rglob("*.sql")))
    assert summary.startswith(f"warehouse transform: {marts} built, 0 errors")
    assert " 0 fail, 0 error" in summary


def test_transform_exits_non_zero_when_a_test_fails(
    built_local: Built, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A duplicate primary key in raw would corrupt the snapshot: the source test must stop it.
    settings = built_local.settings
    duplicate = "insert into raw_totesys.currency select * from raw_totesys.currency limit 1"
    query(settings, duplicate)
    try:
        code = _transform(built_local, monkeypatch, "--select", "source:raw_totesys.currency")
    finally:
        query(
            settings,
            "delete from raw_totesys.currency where rowid in (select max(rowid) "
            "from raw_totesys.currency group by currency_id having count(*) > 1)",
        )
    assert code == 1
    assert "1 fail" in capsys.readouterr().out.splitlines()[-1]
