"""`warehouse run` argument errors and a refused second cycle: one clear line, non-zero exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from orchestration.cli import main
from orchestration.settings import load_settings


def test_a_bad_interval_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--simulate", "--interval", "soon"])
    assert exit_info.value.code == 2
    assert "interval 'soon' is not like 15m" in capsys.readouterr().err


def test_zero_cycles_is_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--cycles", "0"])
    assert "expected a whole number of at least 1" in capsys.readouterr().err


def test_a_second_cycle_exits_with_one_line(local_sources, capsys) -> None:
    url = load_settings().warehouse_url
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from ingestion import warehouse_lock
            with warehouse_lock({url!r}):
                print("locked", flush=True)
                time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert main(["run"]) == 1
    finally:
        holder.kill()
        holder.wait()
    last_line = capsys.readouterr().err.strip().splitlines()[-1]
    assert last_line.startswith("warehouse run: error: another cycle is running against duckdb:///")


def test_every_alone_runs_without_end_and_cycles_bound_it() -> None:
    import argparse
    import itertools
    from datetime import timedelta

    from orchestration.commands.run import _cycle_numbers

    endless = _cycle_numbers(argparse.Namespace(cycles=None, every=timedelta(minutes=15)))
    assert list(itertools.islice(endless, 5)) == [0, 1, 2, 3, 4]
    bounded = _cycle_numbers(argparse.Namespace(cycles=3, every=timedelta(minutes=15)))
    assert list(bounded) == [0, 1, 2]
    assert list(_cycle_numbers(argparse.Namespace(cycles=None, every=None))) == [0]
