"""Nothing silently dropped: every fetched record is loaded or quarantined, cycle after cycle."""

from __future__ import annotations

import json

from ingestion.feeds import feed_of
from tests.feeds.conftest import FeedDeployment

FEEDS = ("fx_rates", "user_profiles", "partner_files")
RAW = {"fx_rates": "raw_fx", "user_profiles": "raw_profiles", "partner_files": "raw_files"}


def _cycle(feeds: FeedDeployment) -> dict[str, tuple[int, int, int]]:
    feeds.drop_files()
    counts = {}
    for source in FEEDS:
        report = feeds.ingest(source)
        table = report.tables[feed_of(source).table]
        counts[source] = (table.extracted, table.loaded, table.quarantined)
    return counts


def test_fetched_equals_loaded_plus_quarantined_over_cycles(feeds: FeedDeployment) -> None:
    totals = dict.fromkeys(FEEDS, (0, 0, 0))
    for cycle in range(3):
        if cycle:
            feeds.simulate(days=2)
        for source, (fetched, loaded, quarantined) in _cycle(feeds).items():
            assert fetched == loaded + quarantined, (cycle, source)
            before = totals[source]
            totals[source] = (before[0] + fetched, before[1] + loaded, before[2] + quarantined)
    for source in FEEDS:
        feed, schema = feed_of(source), RAW[source]
        fetched, loaded, quarantined = totals[source]
        assert fetched > 0 and quarantined > 0, source  # the served feeds spoil a seeded few
        in_quarantine = feeds.count(f"select count(*) from {schema}.{feed.quarantine_table}")
        assert in_quarantine == quarantined, source
        # Raw holds each key once (merged); every key it holds was loaded by some cycle.
        keys = ", ".join(feed.primary_key)
        distinct = feeds.count(
            f"select count(*) from (select distinct {keys} from {schema}.{feed.table}) k"
        )
        assert distinct == feeds.count(f"select count(*) from {schema}.{feed.table}") <= loaded


def test_quarantine_rows_keep_payload_errors_and_load_id(feeds: FeedDeployment) -> None:
    report = feeds.ingest("user_profiles")
    assert report.tables["profiles"].quarantined > 0
    columns = "payload, errors, source, endpoint, _dlt_load_id"
    row = _first_row(feeds, f"select {columns} from raw_profiles.profiles_quarantine")
    payload, errors = json.loads(row[0]), json.loads(row[1])
    assert isinstance(payload, dict) and payload.get("user_id")
    assert errors and all(error["path"].startswith("$") and error["message"] for error in errors)
    assert row[2] == "user_profiles" and row[3]
    assert row[4] in report.lake_load_ids


def _first_row(feeds: FeedDeployment, sql: str) -> tuple:
    if feeds.target == "local":
        import duckdb

        with duckdb.connect(feeds.warehouse_url.removeprefix("duckdb:///")) as conn:
            return conn.execute(sql).fetchone()
    import sqlalchemy as sa

    engine = sa.create_engine(feeds.warehouse_url)
    try:
        with engine.connect() as conn:
            return tuple(conn.exec_driver_sql(sql).first())
    finally:
        engine.dispose()
