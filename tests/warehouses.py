"""The test warehouse of each target, built once per session by the real cycle, and its copies.

Its history, each cycle in a child process as cron runs it: generate the sources (scale 0.05)
and list a stock; cycle 1; delist the stock, delete a payment, a simulated day, then by hand a
price change and a trade of that stock; cycle 2; another simulated day; cycle 3
(tests/timeline.py). Tests that only read use it as it is; a test that writes to it takes a
copy: the whole data dir on the embedded target (the DuckDB file among it),
`CREATE DATABASE ... TEMPLATE` on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from common.sources import SOURCE_NAMES
from ingestion.destinations import pipeline_name
from orchestration import settings as warehouse_settings
from orchestration.settings import Settings
from tests.conftest import unique_name
from tests.dbt.deployments import admin_url, generate_sources, least_privilege
from tests.faults.child import CycleResult, cycle
from tests.history import State, capture, delete_payment, delist_stock, list_stock
from tests.timeline import Timeline, prices, reprice_and_trade, simulate_day, stock_clock


@dataclass
class Warehouse:
    """A deployment after the test history: its settings, its cycles, what the first two left
    (`before`, `after`), and what the history did on the stock source's clock."""

    settings: Settings
    cycles: list[CycleResult]
    before: State
    after: State
    timeline: Timeline
    deleted_payment: int


def build(settings: Settings) -> Warehouse:
    """Runs the history on an empty deployment, each cycle in a child process as cron does."""
    generate_sources(settings)
    list_stock(settings)
    timeline = Timeline()
    cycles = [_cycle(settings, timeline)]
    before, timeline.generated = capture(settings), prices(settings)
    delist_stock(settings)
    deleted_payment = delete_payment(settings)
    timeline.first_day_trades = simulate_day(settings, seed=11)
    timeline.repriced, timeline.trade_by_hand = reprice_and_trade(settings)
    timeline.observed = prices(settings)
    cycles.append(_cycle(settings, timeline))
    after = capture(settings)
    timeline.second_day_trades = simulate_day(settings, seed=13)
    cycles.append(_cycle(settings, timeline))
    return Warehouse(settings, cycles, before, after, timeline, deleted_payment)


def _cycle(settings: Settings, timeline: Timeline) -> CycleResult:
    timeline.clocks.append(stock_clock(settings))
    result = cycle(settings)
    if not result.succeeded:
        pytest.fail(f"the test warehouse's cycle failed: {result}", pytrace=False)
    return result


def copy_local(built: Settings, root: Path) -> Settings:
    """The whole embedded deployment copied under `root`: sources, lake, DuckDB file, state."""
    shutil.copytree(built.data_dir, root)
    copy = warehouse_settings.local_settings(root)
    carry_pipelines_over(copy.pipelines_dir, built.warehouse_url, copy.warehouse_url)
    return copy


def carry_pipelines_over(pipelines_dir: Path, built_url: str, copy_url: str) -> None:
    """Gives the copied dlt pipelines the names the copy's warehouse URL gives them.

    dlt's pipeline names hash the warehouse URL, so that a deployment pointed at a new
    warehouse loads it whole. A copy holds the same rows as its original, so its pipelines go
    on from where the original's stopped, and its first cycle is as incremental as theirs."""
    for kind, source in itertools.product(("lake", "raw"), SOURCE_NAMES):
        built_dir = pipelines_dir / pipeline_name(kind, source, built_url)
        if built_dir.exists():
            copy_name = pipeline_name(kind, source, copy_url)
            state_file = built_dir / "state.json"
            state_file.write_text(_renamed(state_file.read_text(), copy_name))
            built_dir.rename(pipelines_dir / copy_name)


def _renamed(state: str, name: str) -> str:
    document = json.loads(state)
    document["pipeline_name"] = name
    return json.dumps(document)


@contextmanager
def copy_postgres(built: Settings, admin: sa.Engine) -> Iterator[Settings]:
    """The warehouse database copied by `CREATE DATABASE ... TEMPLATE`, as the same roles.

    The sources and the lake stay the built deployment's: for tests that run dbt on the copy."""
    with _database_copy(built.warehouse_url, admin) as warehouse:
        yield _regranted(dataclasses.replace(built, warehouse_url=warehouse))


@contextmanager
def copy_postgres_sources(built: Settings, admin: sa.Engine) -> Iterator[Settings]:
    """The deployment with its own copy of the totesys source database, for tests that change it.

    stock_db (MariaDB, which has no TEMPLATE) stays the built deployment's: read, not written."""
    with _database_copy(built.source_urls["totesys"], admin) as totesys:
        yield _regranted(built.with_sources(totesys=totesys))


@contextmanager
def _database_copy(url: str, admin: sa.Engine) -> Iterator[str]:
    """A new PostgreSQL database made from `url`'s as a template; `url` pointing at the copy."""
    template = make_url(url).database
    name = unique_name("wh_copy")
    quote = admin.dialect.identifier_preparer.quote
    with admin.connect() as conn:
        # A template must have no sessions: the readers of earlier tests may still be pooled.
        conn.execute(
            sa.text("select pg_terminate_backend(pid) from pg_stat_activity where datname = :db"),
            {"db": template},
        )
        conn.exec_driver_sql(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")


def _regranted(copy: Settings) -> Settings:
    """The copy as the pipeline's roles; database-level grants are not copied by TEMPLATE."""
    admin = dataclasses.replace(
        copy,
        source_urls={name: admin_url(url) for name, url in copy.source_urls.items()},
        warehouse_url=admin_url(copy.warehouse_url),
        transformer_url=None,
    )
    return least_privilege(admin)
