"""The ingest, reconcile and replay commands on the embedded target, as the CLI runs them."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import duckdb
import pytest

import seeds_generator
from orchestration.commands import ingest, reconcile, replay
from orchestration.settings import load_settings
from tests.ingestion.conftest import SCALE


def test_reconcile_exits_non_zero_on_a_mismatch_and_replay_repairs_raw(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings("local")
    (data_dir / "sources").mkdir()
    for source, url in settings.source_urls.items():
        seeds_generator.generate(source, url, scale=SCALE, seed=11)
    both = argparse.Namespace(source=None)
    assert ingest.run(settings, argparse.Namespace(source=None, reextract=[])) == 0
    assert reconcile.run(settings, both) == 0

    with duckdb.connect(str(settings.duckdb_path)) as conn:
        conn.execute(
            "UPDATE raw_stock.\"user\" SET email = 'tampered@example.com' WHERE user_id = 1"
        )
    capsys.readouterr()
    assert reconcile.run(settings, argparse.Namespace(source="stock_db")) == 1
    shown = capsys.readouterr().out
    assert "MISMATCH" in shown and "user" in shown

    since = argparse.Namespace(source="stock_db", since=dt.date(2000, 1, 1))
    assert replay.run(settings, since) == 0
    assert reconcile.run(settings, both) == 0
