"""The `warehouse` entry point: help that says what the tool does, without loading the pipeline
libraries, and argument errors that name what is expected."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from orchestration.cli import main
from orchestration.commands import COMMANDS

HEAVY = {"dlt", "dbt", "dagster"}


def _modules_after(argv: list[str]) -> tuple[list[str], str]:
    """Top-level packages of HEAVY a new interpreter has imported after `warehouse <argv>`."""
    script = textwrap.dedent(f"""
        import sys
        from orchestration import cli
        try:
            cli.main({argv!r})
        except SystemExit:
            pass
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {HEAVY!r}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines(), done.stderr


def test_help_loads_no_pipeline_library() -> None:
    lines, _ = _modules_after(["--help"])
    assert lines[-1] == "[]", lines[-1]
    help_text = "\n".join(lines)
    assert help_text.startswith("usage: warehouse")
    assert "orchestration.commands" not in help_text
    assert "extracts the totesys and stock_db sources into the lake" in help_text
    for name in COMMANDS:
        assert f"\n    {name} " in help_text, name


def test_an_argument_error_loads_no_pipeline_library() -> None:
    lines, errors = _modules_after(["replay", "--since", "notadate"])
    assert lines[-1] == "[]", lines[-1]
    assert "expected a date as YYYY-MM-DD" in errors


def test_a_bad_since_date_names_the_format(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["replay", "--since", "notadate"])
    assert exit_info.value.code == 2
    errors = capsys.readouterr().err
    assert errors.startswith("usage: warehouse replay")
    assert (
        "argument --since: expected a date as YYYY-MM-DD, such as 2025-01-31, got 'notadate'"
        in errors
    )
    assert "fromisoformat" not in errors


def test_missing_postgres_settings_are_named_at_once(monkeypatch, capsys) -> None:
    names = (
        "SOURCES__TOTESYS__CREDENTIALS",
        "SOURCES__STOCK_DB__CREDENTIALS",
        "DESTINATION__FILESYSTEM__BUCKET_URL",
        "DESTINATION__POSTGRES__CREDENTIALS",
    )
    for name in names:
        monkeypatch.delenv(name, raising=False)
    assert main(["--target", "postgres", "reconcile"]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1, errors
    assert errors[0].startswith("warehouse reconcile: error: 4 settings are missing")
    for name in names:
        assert name in errors[0]
