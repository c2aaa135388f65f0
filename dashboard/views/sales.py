"""Sales: value by month and currency, top designs, where customers are, the staff leaderboard."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, page, queries

st.title("Sales")
warehouse = page.warehouse()
chosen = page.filters(warehouse, queries.ORDER_DATE_BOUNDS, key="sales")
params = chosen.params()
st.caption(
    "Each order counted once, at its latest captured version; dated by the day it was created."
)

totals = page.fetch(warehouse, queries.SALES_TOTALS, params)
if totals.empty:
    st.info("No sales match these filters.")
    st.stop()
for column, row in zip(st.columns(len(totals)), totals.itertuples(), strict=True):
    column.metric(
        f"Sales value {row.currency_code}",
        f"{row.sales_value:,.2f}",
        f"{row.orders:,} orders",
        delta_color="off",
        delta_arrow="off",
    )

st.subheader("Sales value by month and currency")
by_month = page.fetch(warehouse, queries.SALES_BY_MONTH, params)
st.altair_chart(
    charts.line(by_month, "month", "sales_value", "currency_code", y_title="Sales value"),
    width="stretch",
)
page.data_expander(by_month)

left, right = st.columns(2)
with left:
    st.subheader("Top 10 designs by value")
    designs = page.fetch(warehouse, queries.TOP_DESIGNS, params)
    st.altair_chart(
        charts.bar(designs, "design", "sales_value", "currency_code", value_title="Sales value"),
        width="stretch",
    )
    page.data_expander(designs)
with right:
    st.subheader("Sales by counterparty country and city")
    locations = page.fetch(warehouse, queries.SALES_BY_LOCATION, params)
    st.dataframe(
        locations,
        hide_index=True,
        width="stretch",
        column_config={
            "sales_value": st.column_config.ProgressColumn(
                "Sales value",
                format="%.2f",
                min_value=0.0,
                max_value=float(locations["sales_value"].max() or 1.0),
            )
        },
    )

st.subheader("Staff leaderboard by department")
st.caption("Sales are credited to the department the person was in on the day of the order.")
leaderboard = page.fetch(warehouse, queries.STAFF_LEADERBOARD, params)
st.dataframe(
    leaderboard,
    hide_index=True,
    width="stretch",
    column_config={"sales_value": st.column_config.NumberColumn("Sales value", format="%.2f")},
)
