"""The Dagster definitions load without real settings and give the whole lineage graph."""

from __future__ import annotations

import dagster as dg
import pytest

TOTESYS = {
    "address", "counterparty", "currency", "department", "design", "payment",
    "payment_type", "purchase_order", "sales_order", "staff", "transaction",
}  # fmt: skip
STOCK = {"stock", "transaction", "user"}
# The feeds' raw tables, each with its quarantine table beside it.
FEEDS = {
    "raw_fx": {"rates", "rates_quarantine"},
    "raw_profiles": {"profiles", "profiles_quarantine"},
    "raw_files": {"credit_ratings", "credit_ratings_quarantine"},
}
FEED_RAW = {(schema, table) for schema, tables in FEEDS.items() for table in tables}
MARTS = {
    "fact_sales_order", "fact_purchase_order", "fact_payment", "fact_stock_transaction",
    "dim_staff", "dim_location", "dim_design", "dim_date", "dim_currency", "dim_counterparty",
    "dim_transaction", "dim_payment_type", "dim_stock", "dim_stock_user",
    "fact_sales_order_gbp", "fact_purchase_order_gbp", "fact_payment_gbp", "dim_user_profile",
}  # fmt: skip
# The latest version of each order and payment, for the dashboard and the analyses: in the marts
# schema, not published to processed/ (their facts' files hold the same versions).
REPORTING = {"latest_sales_orders", "latest_purchase_orders", "latest_payments"}


pytestmark = pytest.mark.xdist_group("dagster_definitions")  # one worker loads `graph`


@pytest.fixture(scope="module")
def graph():
    # Placeholder settings: a production target with no credentials at all. Loading must not
    # resolve them (runs do), so this works on a machine with no servers configured.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WAREHOUSE_TARGET", "postgres")
        for name in ("SOURCES__TOTESYS__CREDENTIALS", "DESTINATION__POSTGRES__CREDENTIALS"):
            patch.delenv(name, raising=False)
        from orchestration.definitions import defs

        yield defs.resolve_asset_graph()


def _keys(graph, prefix: str) -> set[str]:
    return {key.path[-1] for key in graph.get_all_asset_keys() if key.path[0] == prefix}


def _parents(graph, *path: str) -> set[tuple[str, ...]]:
    return {tuple(key.path) for key in graph.get(dg.AssetKey(list(path))).parent_keys}


def test_every_layer_has_its_assets(graph) -> None:
    assert _keys(graph, "totesys") == TOTESYS
    assert _keys(graph, "stock_db") == STOCK
    assert _keys(graph, "raw_totesys") == TOTESYS
    assert _keys(graph, "raw_stock") == STOCK
    assert _keys(graph, "marts") == MARTS | REPORTING
    assert _keys(graph, "processed") == MARTS
    assert {name.removeprefix("snp_totesys__") for name in _keys(graph, "snapshots")} >= {
        "sales_orders",
        "staff",
    }


def test_lineage_runs_from_source_table_to_processed_parquet(graph) -> None:
    assert _parents(graph, "raw_totesys", "sales_order") == {("totesys", "sales_order")}
    assert _parents(graph, "raw_stock", "stock") == {("stock_db", "stock")}
    assert _parents(graph, "staging", "stg_totesys__sales_orders") == {
        ("raw_totesys", "sales_order")
    }
    assert ("staging", "stg_totesys__sales_orders") in _parents(
        graph, "snapshots", "snp_totesys__sales_orders"
    )
    assert _parents(graph, "processed", "fact_sales_order") == {("marts", "fact_sales_order")}


def test_each_mart_descends_from_a_snapshot_and_a_source_table(graph) -> None:
    for mart in MARTS - {"dim_date", "dim_currency"}:
        ancestors = {
            tuple(key.path) for key in graph.upstream_key_iterator(dg.AssetKey(["marts", mart]))
        }
        assert any(path[0] == "snapshots" for path in ancestors), mart
        sources = ("totesys", "stock_db", "fx_rates", "user_profiles", "partner_files")
        assert any(path[0] in sources for path in ancestors), mart


def test_dbt_tests_and_freshness_are_asset_checks(graph) -> None:
    checks = graph.asset_check_keys
    checked = {tuple(check.asset_key.path) for check in checks}
    assert ("marts", "fact_sales_order") in checked
    assert ("raw_totesys", "sales_order") in checked  # its source tests
    source_freshness = {tuple(c.asset_key.path) for c in checks if c.name == "source_freshness"}
    expected_raw = {("raw_totesys", t) for t in TOTESYS} | {("raw_stock", t) for t in STOCK}
    # The databases' raw tables only: the feeds' sources declare no freshness (their data is
    # dated by the feed, not by a load time), so the cycle never evaluates one for them.
    assert source_freshness == expected_raw
    assert {tuple(c.asset_key.path) for c in checks if c.name == "freshness"} == {
        ("marts", m) for m in MARTS | REPORTING
    }


def test_the_definitions_load_as_dagster_loads_them() -> None:
    from orchestration.definitions import defs

    dg.Definitions.validate_loadable(defs)  # what `dg dev` and the code server do


def test_one_step_runs_the_whole_cycle(graph) -> None:
    from orchestration.dagster_defs.jobs import STEP_NAME

    steps = {graph.get(key).assets_def.node_def.name for key in graph.executable_asset_keys}
    assert steps == {STEP_NAME}
    assert {key.path[0] for key in graph.executable_asset_keys} == {
        "raw_totesys", "raw_stock", "staging", "snapshots", "intermediate", "marts", "processed",
        *FEEDS,
    }  # fmt: skip


def test_the_schedule_runs_every_15_minutes_unless_configured(monkeypatch) -> None:
    from orchestration.dagster_defs.jobs import cycle_schedule
    from orchestration.definitions import defs

    assert defs.resolve_schedule_def("warehouse_cycle_schedule").cron_schedule == "*/15 * * * *"
    monkeypatch.setenv("WAREHOUSE_SCHEDULE_CRON", "*/5 * * * *")
    assert cycle_schedule().cron_schedule == "*/5 * * * *"


def test_the_schedule_skips_a_tick_while_a_cycle_runs() -> None:
    from orchestration.dagster_defs.jobs import JOB_NAME, cycle_schedule

    schedule = cycle_schedule()
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance)
        assert isinstance(schedule(context), dg.RunRequest)
        instance.add_run(
            dg.DagsterRun(
                job_name=JOB_NAME, run_id="running-cycle", status=dg.DagsterRunStatus.STARTED
            )
        )
        assert isinstance(schedule(context), dg.SkipReason)
