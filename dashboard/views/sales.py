"""Sales: value by month and currency, top designs, where customers are, the staff leaderboard."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, page, queries

st.title("Sales")
warehouse = page.warehouse()
chosen = page.filters(warehouse, queries.ORDER_DATE_BOUNDS, key="sales")
params = chosen.params()
st.caption(
    "Each order counted once, at its latest captured version; dated by the day it was created. "
    "Amounts are per currency; the total in GBP converts each order at its day's FX rate."
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

in_gbp = page.fetch(warehouse, queries.SALES_GBP_TOTAL, params).iloc[0]
st.metric(
    "All sales in GBP",
    f"{in_gbp.sales_value_gbp or 0:,.2f}",
    f"{int(in_gbp.orders_without_rate):,} orders without a rate"
    if in_gbp.orders_without_rate
    else f"{int(in_gbp.orders):,} orders",
    delta_color="off",
    delta_arrow="off",
)

st.subheader("Sales value by month")
by_month = page.fetch(warehouse, queries.SALES_BY_MONTH, params)
page.per_currency(
    by_month,
    lambda rows, code: charts.line(
        rows, "month", "sales_value", y_title=f"Sales value ({code})", title=code
    ),
)
page.data_expander(by_month)

st.subheader("Top 10 designs by value")
designs = page.fetch(warehouse, queries.TOP_DESIGNS, params)
page.per_currency(
    designs,
    lambda rows, code: charts.bar(
        rows, "design", "sales_value", value_title=f"Sales value ({code})", title=code
    ),
)
page.data_expander(designs)

st.subheader("Sales by counterparty country and city")
st.caption("The counterparty's legal address on the day of the order.")
page.table(page.fetch(warehouse, queries.SALES_BY_LOCATION, params))

st.subheader("Staff leaderboard by department")
st.caption("Sales are credited to the department the person was in on the day of the order.")
page.table(page.fetch(warehouse, queries.STAFF_LEADERBOARD, params))
