"""The feeds in a cycle: a feed that stays down, or quarantines too much, fails the cycle with
one alert naming it; the databases were loaded before it, and dbt does not build."""

from __future__ import annotations

import dataclasses
import json

import duckdb
import pytest

from orchestration.cycle.run import run_cycle
from orchestration.settings import Settings, load_settings


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """dlt's retry settings, short: a dead API is given up on in a second or two."""
    for key, value in {"TIMEOUT": "2", "MAX_ATTEMPTS": "2", "BACKOFF_FACTOR": "0.05"}.items():
        monkeypatch.setenv(f"RUNTIME__REQUEST_{key}", value)


def _raw_rows(settings: Settings, table: str) -> int:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def _only_alert(posts: list[dict]) -> str:
    assert len(posts) == 1
    return json.dumps(posts[0])


def test_a_dead_api_fails_the_cycle_naming_it_after_the_databases_loaded(
    local_sources, webhook_posts, fast_retries
) -> None:
    dead = "http://127.0.0.1:9/fx"  # the discard port: nothing listens
    settings = dataclasses.replace(load_settings(), feed_urls={"fx_rates": dead}, landing_url=None)
    report = run_cycle(settings)
    assert report.failed_step == "ingest fx_rates"
    assert f"source fx_rates at {dead} failed after dlt's retries" in (report.error or "")
    assert "source fx_rates" in _only_alert(webhook_posts)
    assert _raw_rows(settings, "raw_totesys.sales_order") > 0  # the databases loaded first
    assert not report.nodes  # dbt did not build


def test_a_quarantine_share_above_the_threshold_fails_the_cycle_with_one_alert(
    local_sources, webhook_posts
) -> None:
    settings = dataclasses.replace(load_settings(), max_quarantine_share=0.001)
    report = run_cycle(settings)
    assert report.failed_step == "ingest fx_rates"
    assert report.error and "source fx_rates: " in report.error
    assert "commonest error: $.rates" in report.error
    assert "commonest error" in _only_alert(webhook_posts)
    fx = next(load for load in report.tables if load.source == "fx_rates")
    assert fx.rows_extracted == fx.rows_loaded + fx.rows_quarantined
    assert fx.rows_quarantined > 0.001 * fx.rows_extracted
