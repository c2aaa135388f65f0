"""End to end on both targets: generate → cycle; changes → cycle (the session's test warehouse)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from orchestration.cycle.dbt_runner import run_dbt
from orchestration.settings import Settings
from tests.dbt.deployments import execute, failures, query
from tests.e2e.conftest import DELISTED_STOCK, DIMENSIONS, FACTS, History
from tests.warehouses import copy_local, copy_postgres

LATEST = ["latest_sales_orders", "latest_purchase_orders", "latest_payments"]
# totesys snapshot -> (its staging model, natural key)
TOTESYS_SNAPSHOTS = {
    f"snp_totesys__{entities}": (f"stg_totesys__{entities}", key)
    for entities, key in [
        ("addresses", "address_id"),
        ("counterparties", "counterparty_id"),
        ("currencies", "currency_id"),
        ("departments", "department_id"),
        ("designs", "design_id"),
        ("staff", "staff_id"),
        ("sales_orders", "sales_order_id"),
        ("purchase_orders", "purchase_order_id"),
        ("payment_types", "payment_type_id"),
        ("transactions", "transaction_id"),
        ("payments", "payment_id"),
    ]
}

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
    # (source:<table>+): the data tests of every node whose data changed, most of them here.
    for number, cycle in enumerate(history.cycles, start=1):
        assert cycle.succeeded, f"cycle {number} failed: {cycle.error} {cycle.failed_nodes}"
        assert not cycle.failed_nodes
        statuses = {status for _type, status in cycle.nodes.values()}
        assert statuses <= {"success", "pass", "no-op"}, statuses
        tests = [t for t, _status in cycle.nodes.values() if t in ("test", "unit_test")]
        assert len(tests) > (200 if number == 1 else 100), f"cycle {number} ran {len(tests)} tests"
        # Unit tests run in the first build; later ones, with the same code, leave them out.
        assert ("unit_test" in tests) == (number == 1), f"cycle {number}"


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


def test_deleted_payment_is_closed_and_keeps_its_values(history: History) -> None:
    # Cycle 2's snapshot read only the rows loaded since cycle 1: the deletion record comes
    # from comparing keys (macros/changed_versions.sql), as dbt's hard_deletes would write it.
    payment = history.deleted_payment
    rows = query(
        history.settings,
        "select dbt_valid_from, dbt_valid_to, dbt_is_deleted, payment_amount, last_updated, "
        f"loaded_at from snapshots.snp_totesys__payments where payment_id = {payment} "
        "order by dbt_valid_from",
    )
    assert [deleted for _, _, deleted, *_ in rows] == ["False", "True"]
    (first_from, first_to, _, *first_values), (last_from, last_to, _, *last_values) = rows
    assert first_to == last_from > first_from
    assert last_to is None
    assert last_values == first_values
    # Deletion records are not facts: the fact keeps the payment's one captured version.
    fact = f"select count(*) from marts.fact_payment where payment_id = {payment}"
    assert query(history.settings, fact) == [(1,)]


@pytest.mark.parametrize("snapshot", TOTESYS_SNAPSHOTS)
def test_snapshots_hold_what_a_full_read_would_find(history: History, snapshot: str) -> None:
    # The selective cycles read only the rows loaded since the last build. A full read of
    # staging would add a version for a row whose current version is older than it, or for a
    # live key staging lacks: there must be none.
    staging, key = TOTESYS_SNAPSHOTS[snapshot]
    current = (
        f"select * from snapshots.{snapshot} where dbt_valid_to is null "
        "and dbt_is_deleted = 'False'"
    )
    behind = (
        f"select count(*) from staging.{staging} as staged left join ({current}) as snapshot "
        f"on snapshot.{key} = staged.{key} "
        f"where snapshot.{key} is null or snapshot.dbt_valid_from < staged.last_updated"
    )
    gone = (
        f"select count(*) from ({current}) as snapshot where not exists "
        f"(select 1 from staging.{staging} as staged where staged.{key} = snapshot.{key})"
    )
    assert query(history.settings, behind) == [(0,)]
    assert query(history.settings, gone) == [(0,)]
    assert query(history.settings, f"select count(*) from snapshots.{snapshot}")[0][0] > 0


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
    with warehouse_copy(history, request, tmp_path) as settings:
        _assert_full_refresh_is_idempotent(settings)


def test_the_gbp_reference_test_finds_a_wrong_value(
    history: History, request: pytest.FixtureRequest, tmp_path
) -> None:
    # The reference is computed from staging another way (rate days by a running maximum): one
    # latest order's GBP value a pound off is one failure, on a copy. (An order older than
    # every rate has no GBP value to put off.)
    wrong = (
        "update marts.fact_sales_order_gbp set sales_value_gbp = sales_value_gbp + 1 "
        "where sales_record_id = (select latest.sales_record_id "
        "from marts.latest_sales_orders as latest inner join marts.fact_sales_order_gbp as gbp "
        "on latest.sales_record_id = gbp.sales_record_id where gbp.sales_value_gbp is not null "
        "order by latest.sales_order_id limit 1)"
    )
    with warehouse_copy(history, request, tmp_path) as settings:
        assert _test_failures(settings, "gbp_marts_match_a_reference") == 0
        execute(settings, wrong)
        assert _test_failures(settings, "gbp_marts_match_a_reference") == 1


def test_incremental_marts_have_their_lookup_indexes(history: History) -> None:
    # A cycle looks up few rows of each incremental mart: by its unique key (delete+insert) and
    # by loaded_at (the scoped tests). PostgreSQL gets an index on each; DuckDB none.
    settings = history.settings
    if settings.target == "local":
        assert query(settings, "select count(*) from duckdb_indexes()") == [(0,)]
        return
    definitions = query(
        settings, "select tablename, indexdef from pg_indexes where schemaname = 'marts'"
    )
    indexed = {(table, re.search(r"\((\w+)\)$", d)[1]) for table, d in definitions}
    models = _incremental_models(settings.dbt_target_dir / "manifest.json")
    assert len(models) >= 10
    for model, unique_key in models.items():
        assert {(model, unique_key), (model, "loaded_at")} <= indexed, model


def test_the_full_build_left_the_planner_statistics(history: History) -> None:
    # Cycle 1 built everything: each mart, report and snapshot analysed itself, so the planner
    # of the selective cycles knew the tables' sizes (macros/query_planning.sql).
    if history.settings.target == "local":
        pytest.skip("DuckDB keeps its statistics as it writes")
    analysed = query(
        history.settings,
        "select schemaname, relname, last_analyze is not null from pg_stat_user_tables "
        "where schemaname in ('marts', 'snapshots')",
    )
    assert len(analysed) >= 30
    assert [(schema, table) for schema, table, done in analysed if not done] == []


@contextmanager
def warehouse_copy(
    history: History, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Settings]:
    """The session's warehouse copied, for a test that changes it."""
    if history.settings.target == "local":
        yield copy_local(history.settings, tmp_path / "copy")
        return
    with copy_postgres(history.settings, request.getfixturevalue("pg_admin")) as settings:
        yield settings


def _test_failures(settings: Settings, test: str) -> int:
    result = run_dbt(settings, ["test", "--select", test])
    return sum(node.failures or 0 for node in result.result.results)


def _incremental_models(manifest: Path) -> dict[str, str]:
    """Each incremental model of the last dbt run's manifest, with its unique key."""
    nodes = json.loads(manifest.read_text())["nodes"].values()
    return {
        node["name"]: node["config"]["unique_key"]
        for node in nodes
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }


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
