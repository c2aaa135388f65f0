"""generate, ingest, reconcile; ticks (only changes reach the lake); deletions; replay."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

import seeds_generator
from ingestion import replay
from ingestion.extract import LAG_SECONDS
from ingestion.lake import Lake
from tests.ingestion.conftest import SOURCES, Deployment, assert_reconciled
from tests.ingestion.helpers import (
    SOURCE_KEYS,
    cursor_of,
    execute,
    lake_rows,
    raw_content,
    raw_keys,
    source_versions,
)

RAW = {"totesys": "raw_totesys", "stock_db": "raw_stock"}


def _versions(d: Deployment) -> dict:
    return {
        (source, table): source_versions(d, source, table, key)
        for source, tables in SOURCE_KEYS.items()
        for table, key in tables.items()
    }


def _check_lake_gained_only_changes(d: Deployment, before: dict, after: dict, loads: dict) -> None:
    for (source, table), versions in after.items():
        key, cursor = SOURCE_KEYS[source][table], cursor_of(source, table)
        changed = {k for k, v in versions.items() if before[source, table].get(k) != v}
        written = {row[key]: row[cursor] for row in lake_rows(d, source, table, loads[source])}
        assert changed <= set(written), (table, changed - set(written))
        # Anything else re-read must lie inside the lag window behind the previous cursor.
        floor = max(before[source, table].values()) - dt.timedelta(seconds=LAG_SECONDS)
        assert all(written[k] >= floor for k in set(written) - changed), table
    stock_rows = lake_rows(d, "stock_db", "stock", loads["stock_db"])
    assert len(stock_rows) == len(source_versions_stock(d)), "stock is not one full snapshot"


def _check_layout(d: Deployment, source: str, load_id: str) -> None:
    """<lake>/<source>/<table>/year=YYYY/month=MM/day=DD/<load_id>.<file_id>.parquet"""
    lake = Lake(d.lake_url, d.lake_credentials, source)
    paths = lake.files("stock" if source == "stock_db" else "sales_order", load_id)
    day = dt.datetime.fromtimestamp(float(load_id), tz=dt.UTC)
    folder = rf"/{source}/\w+/year={day:%Y}/month={day:%m}/day={day:%d}/"
    pattern = folder + re.escape(load_id) + r"\.\w+\.parquet$"
    assert paths and all(re.search(pattern, path) for path in paths), paths


def _check_nothing_changed(d: Deployment, tables: set[str]) -> None:
    """A cycle that finds nothing changed writes nothing: no lake load, no raw load."""
    lake = Lake(d.lake_url, d.lake_credentials, "totesys")
    loads = lake.completed_loads()
    report = d.ingest("totesys")
    assert report.lake_load_ids == [] and report.raw_load_ids == [], report
    assert lake.completed_loads() == loads
    assert all(t.extracted == t.loaded == t.deleted == 0 for t in report.tables.values())
    assert set(report.tables) == tables


def source_versions_stock(d: Deployment) -> list:
    engine = sa.create_engine(d.source_urls["stock_db"])
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sa.column("stock_id")).select_from(sa.table("stock")))
        return [row[0] for row in rows]


def _delete_rows(d: Deployment) -> tuple[str, int, list[int]]:
    """Deletes one stock (with its transactions) and one payment; returns their keys."""
    stock_id = sorted(source_versions_stock(d))[0]
    trades = sa.table("transaction", sa.column("stock_id"), sa.column("transaction_id"))
    engine = sa.create_engine(d.source_urls["stock_db"])
    with engine.connect() as conn:
        query = sa.select(trades.c.transaction_id).where(trades.c.stock_id == stock_id)
        trade_ids = [row[0] for row in conn.execute(query)]
    execute(d.source_urls["stock_db"], sa.delete(trades).where(trades.c.stock_id == stock_id))
    stock = sa.table("stock", sa.column("stock_id"))
    execute(d.source_urls["stock_db"], sa.delete(stock).where(stock.c.stock_id == stock_id))
    payment_id = max(source_versions(d, "totesys", "payment", "payment_id"))
    payments = sa.table("payment", sa.column("payment_id"))
    execute(
        d.source_urls["totesys"], sa.delete(payments).where(payments.c.payment_id == payment_id)
    )
    return stock_id, payment_id, trade_ids


def test_ingest_changes_deletions_and_replay(generated: Deployment) -> None:
    d = generated
    first = {source: d.ingest(source) for source in SOURCES}
    for source in SOURCES:
        assert sum(t.loaded for t in first[source].tables.values()) > 0
        assert_reconciled(d.reconcile(source))
    _check_nothing_changed(d, set(first["totesys"].tables))
    # Loaded packages keep no copy of their files (a persistent data dir would grow with it).
    assert list(d.pipelines_dir.glob("*/load/loaded/*"))
    assert list(d.pipelines_dir.glob("*/load/loaded/*/completed_jobs/*")) == []

    before = _versions(d)
    seeds_generator.simulate(d.source_urls, ticks=6, interval=dt.timedelta(hours=2), seed=3)
    reports = {source: d.ingest(source) for source in SOURCES}
    for source in SOURCES:
        assert_reconciled(d.reconcile(source))
    loads = {source: reports[source].lake_load_ids[0] for source in SOURCES}
    _check_lake_gained_only_changes(d, before, _versions(d), loads)
    for source in SOURCES:
        _check_layout(d, source, loads[source])

    stock_id, payment_id, trade_ids = _delete_rows(d)
    reports = {source: d.ingest(source) for source in SOURCES}
    assert stock_id not in raw_keys(d, "raw_stock", "stock", "stock_id")
    assert payment_id not in raw_keys(d, "raw_totesys", "payment", "payment_id")
    assert not set(trade_ids) & raw_keys(d, "raw_stock", "transaction", "transaction_id")
    assert reports["totesys"].tables["payment"].deleted == 1
    assert reports["stock_db"].tables["transaction"].deleted == len(trade_ids)
    for source in SOURCES:
        assert_reconciled(d.reconcile(source))

    raw_before = {source: raw_content(d, RAW[source]) for source in SOURCES}
    for source in SOURCES:
        replay(source, since=dt.date(2000, 1, 1), **d.places)
        assert raw_content(d, RAW[source]) == raw_before[source]
        assert_reconciled(d.reconcile(source))
