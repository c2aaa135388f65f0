"""Every page under AppTest on a pipeline-built warehouse: the figures shown equal the marts."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import open_page

pytestmark = pytest.mark.e2e

Marts = Callable[[str], pd.DataFrame]


def latest_versions(facts: pd.DataFrame, key: str, record_id: str) -> pd.DataFrame:
    """The newest captured version of each source row (what the business sees today)."""
    order = [key, "last_updated_date", "last_updated_time", record_id]
    return facts.sort_values(order).groupby(key).tail(1)


def money(value: float) -> str:
    return f"{value:,.2f}"


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def assert_page_ok(app: AppTest) -> None:
    assert not app.exception, [exception.value for exception in app.exception]
    assert not app.error, [error.value for error in app.error]


def expected_sales(marts: Marts, start: dt.date, end: dt.date) -> pd.DataFrame:
    sales = latest_versions(marts("marts.fact_sales_order"), "sales_order_id", "sales_record_id")
    sales = sales.merge(marts("marts.dim_currency")[["currency_key", "currency_code"]])
    dates = pd.to_datetime(sales["created_date"]).dt.date
    sales = sales[(dates >= start) & (dates <= end)]
    sales = sales.assign(value=sales["units_sold"] * sales["unit_price"])
    return sales.groupby("currency_code").agg(orders=("value", "size"), value=("value", "sum"))


def test_sales_page_shows_the_marts_totals_per_currency(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    app = open_page("sales")
    assert_page_ok(app)
    dates = pd.to_datetime(marts("marts.fact_sales_order")["created_date"]).dt.date
    expected = expected_sales(marts, dates.min(), dates.max())
    assert len(expected) >= 2
    shown = metrics(app)
    for code, row in expected.iterrows():
        assert shown[f"Sales value {code}"] == money(row["value"])
    deltas = {metric.label: metric.proto.delta for metric in app.metric}
    for code, row in expected.iterrows():
        assert deltas[f"Sales value {code}"] == f"{int(row['orders']):,} orders"
    # Two charts per currency (by month, top designs): none mixes currencies.
    assert len(app.get("vega_lite_chart")) == 2 * len(expected)


def test_sales_page_total_in_gbp_equals_the_gbp_mart(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    app = open_page("sales")
    assert_page_ok(app)
    sales = latest_versions(marts("marts.fact_sales_order"), "sales_order_id", "sales_record_id")
    in_gbp = marts("marts.fact_sales_order_gbp").merge(sales[["sales_record_id"]])
    assert in_gbp["sales_value_gbp"].notna().all() and len(in_gbp) == len(sales)
    assert set(in_gbp["currency_code"]) == {"GBP", "USD", "EUR"}
    assert metrics(app)["All sales in GBP"] == money(in_gbp["sales_value_gbp"].astype(float).sum())


def test_sales_filters_apply_to_every_figure(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    app = open_page("sales")
    dates = pd.to_datetime(marts("marts.fact_sales_order")["created_date"]).dt.date
    start = dates.min() + (dates.max() - dates.min()) / 2
    app.date_input(key="sales_dates").set_value((start, dates.max())).run()
    app.selectbox(key="sales_currency").set_value("GBP").run()
    assert_page_ok(app)
    expected = expected_sales(marts, start, dates.max()).loc["GBP"]
    # Sales in GBP only: their total in GBP is the same figure.
    shown = money(expected["value"])
    assert metrics(app) == {"Sales value GBP": shown, "All sales in GBP": shown}
    by_month, designs, locations, leaderboard = (frame.value for frame in app.dataframe)
    for frame in (by_month, designs, locations, leaderboard):
        assert set(frame["currency_code"]) == {"GBP"}
    for frame in (by_month, locations, leaderboard):
        assert money(frame["sales_value"].sum()) == money(expected["value"])
    assert locations["orders"].sum() == expected["orders"]
    assert pd.to_datetime(by_month["month"]).min().date() >= start.replace(day=1)
    assert designs["design"].nunique() <= 10


def test_purchases_and_payments_page_matches_the_marts(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    app = open_page("purchases_payments")
    assert_page_ok(app)
    payments = latest_versions(marts("marts.fact_payment"), "payment_id", "payment_record_id")
    unpaid = payments[~payments["paid"].astype(bool)]
    assert metrics(app)["Unpaid payments"] == f"{len(unpaid):,}"
    flows, unpaid_table, delays = (frame.value for frame in app.dataframe)
    sales = expected_sales(marts, dt.date(1900, 1, 1), dt.date(9999, 12, 31))
    shown_sales = flows[flows["flow"] == "Sales"].groupby("currency_code")["order_value"].sum()
    assert {code: money(v) for code, v in shown_sales.items()} == {
        code: money(v) for code, v in sales["value"].items()
    }
    purchases = latest_versions(
        marts("marts.fact_purchase_order"), "purchase_order_id", "purchase_record_id"
    )
    purchase_value = (purchases["item_quantity"] * purchases["item_unit_price"]).sum()
    assert money(flows[flows["flow"] == "Purchases"]["order_value"].sum()) == money(purchase_value)
    unpaid = unpaid.merge(marts("marts.dim_currency")[["currency_key", "currency_code"]])
    for code, amount in unpaid.groupby("currency_code")["payment_amount"].sum().items():
        assert metrics(app)[f"Unpaid {code}"] == money(amount)
    assert money(unpaid_table["unpaid_amount"].sum()) == money(unpaid["payment_amount"].sum())
    assert delays["payments"].sum() == len(payments)
    # One chart per currency for each amount, one histogram of the delays (a count).
    charts = flows["currency_code"].nunique() + unpaid_table["currency_code"].nunique() + 1
    assert len(app.get("vega_lite_chart")) == charts


def test_stock_page_matches_the_marts_and_shows_scd2_history(built_data_dir, local_env, marts):
    local_env(built_data_dir)
    app = open_page("stock_platform")
    assert_page_ok(app)
    trades = marts("marts.fact_stock_transaction")
    shown = metrics(app)
    assert shown["Trades"] == f"{len(trades):,}"
    assert shown["Traded value"] == money(trades["transaction_value"].abs().sum())
    assert shown["Active users"] == f"{trades['user_id'].nunique():,}"
    stocks = marts("marts.dim_stock")
    most_versions = stocks["stock_id"].value_counts().idxmax()
    app.selectbox(key="stock_choice").set_value(most_versions).run()
    history = app.dataframe[-1].value
    versions = stocks[stocks["stock_id"] == most_versions].sort_values("valid_from")
    assert len(versions) >= 2, "the simulated cycles should have changed prices"
    assert history["price"].round(2).tolist() == versions["price"].astype(float).round(2).tolist()
    assert len(app.get("vega_lite_chart")) == 5


def test_pipeline_health_page_matches_ops_and_the_lake(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    app = open_page("pipeline_health")
    assert_page_ok(app)
    runs = marts("ops.runs").sort_values("started_at", ascending=False)
    shown = metrics(app)
    assert shown["Last cycle"] == runs.iloc[0]["status"]
    cycles = app.dataframe[0].value
    assert cycles["run_id"].tolist() == runs["run_id"].tolist()[:20]
    nodes = marts("ops.dbt_nodes")
    tests = nodes[
        (nodes["run_id"] == runs.iloc[0]["run_id"])
        & nodes["resource_type"].isin(["test", "unit_test"])
    ]
    for status, count in tests["status"].value_counts().items():
        assert shown[f"Tests {status}"] == f"{count:,}"
    sizes = app.dataframe[-1].value
    assert sizes["size_bytes"].sum() == lake_bytes(built_data_dir / "lake")


def lake_bytes(lake: Path) -> int:
    """Bytes of every data file two folders deep or more (dataset/table/...), dlt's own excluded."""
    total = 0
    for folder, _, files in os.walk(lake):
        parts = Path(folder).relative_to(lake).parts
        if len(parts) >= 2 and not parts[1].startswith("_dlt"):
            total += sum((Path(folder) / name).stat().st_size for name in files)
    return total
