"""End to end on both targets: generate → cycle; changes → cycle (the session's test warehouse)."""

from __future__ import annotations

import pytest

from orchestration.cycle.dbt_runner import run_dbt
from orchestration.settings import Settings
from tests.dbt.deployments import failures, query
from tests.e2e.conftest import DELISTED_STOCK, DIMENSIONS, FACTS, History
from tests.warehouses import copy_local, copy_postgres

LATEST = ["latest_sales_orders", "latest_purchase_orders", "latest_payments"]

pytestmark = pytest.mark.e2e


def expected_new_versions(before: dict[str, str], after: dict[str, str]) -> dict[str, int]:
    """Versions each natural key gains: one per changed or deleted row, one for a new row."""
    gained = {key: 1 for key in after if key not in before}
    gained |= {key: 1 for key in before if key not in after}
    gained |= {key: 1 for key, value in after.items() if key in before and before[key] != value}
    return gained


def gained_versions(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    gained = {key: count - before.get(key, 0) for key, count in after.items()}
    return {key: count for key, count in gained.items() if count}


def test_both_cycles_pass_every_test_they_run(history: History) -> None:
    # The first cycle builds everything; the second, as in production, what its changes reach
    # (source:<table>+): the tests of every node whose data changed, most of them here.
    for number, cycle in enumerate(history.cycles, start=1):
        assert cycle.succeeded, f"cycle {number} failed: {cycle.error} {cycle.failed_nodes}"
        assert not cycle.failed_nodes
        statuses = {status for _type, status in cycle.nodes.values()}
        assert statuses <= {"success", "pass", "no-op"}, statuses
        tests = [t for t, _status in cycle.nodes.values() if t in ("test", "unit_test")]
        assert len(tests) > (200 if number == 1 else 100), f"cycle {number} ran {len(tests)} tests"


@pytest.mark.parametrize("dimension", sorted(DIMENSIONS))
def test_dimensions_version_exactly_the_changed_rows(history: History, dimension: str) -> None:
    staging = DIMENSIONS[dimension][0]
    expected = expected_new_versions(history.before.staged[staging], history.after.staged[staging])
    gained = gained_versions(history.before.counts[dimension], history.after.counts[dimension])
    assert gained == expected


def test_the_cycles_changed_something(history: History) -> None:
    changed = {
        dimension: expected_new_versions(
            history.before.staged[staging], history.after.staged[staging]
        )
        for dimension, (staging, *_rest) in DIMENSIONS.items()
    }
    assert changed["dim_stock"], "no stock changed: the check snapshot was not exercised"
    assert changed["dim_stock_user"], "no user changed"
    assert sum(len(keys) for keys in changed.values()) > len(changed)


def test_delisted_stock_is_closed_and_marked_deleted(history: History) -> None:
    rows = query(
        history.settings,
        "select valid_from, valid_to, is_current, is_deleted, price from marts.dim_stock "
        f"where stock_id = '{DELISTED_STOCK}' order by valid_from",
    )
    assert len(rows) == 2
    (first_from, first_to, first_current, first_deleted, first_price) = rows[0]
    (last_from, last_to, last_current, last_deleted, last_price) = rows[1]
    assert str(first_from).startswith("1900-01-01")
    assert (first_current, first_deleted) == (False, False)
    assert first_to == last_from
    assert (last_current, last_deleted) == (True, True)
    assert str(last_to).startswith("9999-12-31")
    assert first_price == last_price


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_amended_rows_have_one_more_fact_row(history: History, fact: str) -> None:
    staging = FACTS[fact][0]
    before, after = history.before.staged[staging], history.after.staged[staging]
    amended = {key for key, value in after.items() if key in before and before[key] != value}
    new = {key for key in after if key not in before}
    gained = gained_versions(history.before.counts[fact], history.after.counts[fact])
    assert gained == {key: 1 for key in amended | new}
    if fact == "fact_sales_order":
        assert amended, "the ticks amended no sales order"


def test_full_refresh_gives_the_same_incremental_marts(
    history: History, request: pytest.FixtureRequest, tmp_path
) -> None:
    # A full refresh rewrites the facts: on a copy, so the shared warehouse stays as built.
    if history.settings.target == "local":
        _assert_full_refresh_is_idempotent(copy_local(history.settings, tmp_path / "copy"))
        return
    with copy_postgres(history.settings, request.getfixturevalue("pg_admin")) as settings:
        _assert_full_refresh_is_idempotent(settings)


def _assert_full_refresh_is_idempotent(settings: Settings) -> None:
    # Every incremental mart: the facts, their GBP conversions and the latest_* reports.
    facts = [*FACTS, "fact_stock_transaction", *(f"{fact}_gbp" for fact in FACTS), *LATEST]
    incremental = {fact: _contents(settings, fact) for fact in facts}
    result = run_dbt(settings, ["build", "--full-refresh", "--select", "marts"])
    assert result.success, failures(result)
    for fact in facts:
        assert _contents(settings, fact) == incremental[fact], fact


def _contents(settings: Settings, fact: str) -> list[tuple]:
    rows = query(settings, f"select * from marts.{fact}")
    return sorted(tuple(str(value) for value in row) for row in rows)
