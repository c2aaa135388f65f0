"""What an analyst can trust: no amount adds currencies, and numbers and headers read well."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from dashboard import charts, formatting
from tests.dashboard.conftest import open_page
from tests.dashboard.test_pages import assert_page_ok, latest_versions, money

pytestmark = pytest.mark.e2e


def test_top_designs_are_ranked_within_each_currency(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    app = open_page("sales")
    assert_page_ok(app)
    designs = app.dataframe[1].value
    sales = latest_versions(marts("marts.fact_sales_order"), "sales_order_id", "sales_record_id")
    sales = sales.merge(marts("marts.dim_currency")[["currency_key", "currency_code"]])
    values = (
        sales.assign(value=sales["units_sold"] * sales["unit_price"])
        .groupby(["currency_code", "design_id"])["value"]
        .sum()
    )
    assert set(designs["currency_code"]) == set(sales["currency_code"])
    for code, shown in designs.groupby("currency_code"):
        top = values.loc[code].sort_values(ascending=False).head(10)
        assert [money(v) for v in shown["sales_value"]] == [money(v) for v in top]
        assert shown["design_rank"].tolist() == list(range(1, len(top) + 1))


def test_every_chart_of_amounts_shows_one_currency(built_data_dir: Path, local_env, marts):
    local_env(built_data_dir)
    codes = set(marts("marts.dim_currency")["currency_code"])
    for name in ("sales", "purchases_payments"):
        app = open_page(name)
        assert_page_ok(app)
        for chart in app.get("vega_lite_chart"):
            in_data = set().union(*(_currencies(frame) for frame in _chart_data(chart)))
            titles = json.dumps(
                {k: v for k, v in json.loads(chart.proto.spec).items() if k != "datasets"}
            )
            named = {code for code in codes if f"({code})" in titles}
            assert len(in_data) <= 1, f"{name}: a chart holds amounts in {in_data}"
            assert named == in_data, f"{name}: the axis names {named}, the data holds {in_data}"


def _chart_data(chart) -> list[pd.DataFrame]:
    return [convert_arrow_bytes_to_pandas_df(item.data.data) for item in chart.proto.datasets]


def _currencies(frame: pd.DataFrame) -> set[str]:
    return set(frame["currency_code"]) if "currency_code" in frame else set()


def test_tables_have_headers_in_words_and_formatted_numbers(built_data_dir: Path, local_env):
    local_env(built_data_dir)
    app = open_page("sales")
    leaderboard = app.dataframe[-1]
    config = json.loads(leaderboard.proto.columns)
    assert config["department_rank"]["label"] == "Department rank"
    assert config["currency_code"]["label"] == "Currency"
    assert config["sales_value"]["type_config"]["format"] == "accounting"
    assert config["orders"]["type_config"]["format"] == "localized"


def test_headers_are_words():
    assert formatting.header("department_rank") == "Department rank"
    assert formatting.header("currency_code") == "Currency"


@pytest.mark.parametrize("days", [[0], [-12, -1, 0, 3, 45]])
def test_delay_histogram_keeps_a_day_either_side(days: list[int]):
    delays = pd.DataFrame(
        {"delay_days": days, "status": "Paid", "payments": 1, "transaction_type": "SALE"}
    )
    spec = charts.delay_histogram(delays).to_dict()  # Altair validates against Vega-Lite's schema
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain == [min(days) - 1.5, max(days) + 1.5]
