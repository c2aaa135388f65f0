"""Stock platform: trades and traded value per week and category, price history, users."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, page, queries

st.title("Stock platform")
warehouse = page.warehouse()
chosen = page.filters(
    warehouse,
    queries.TRADE_DATE_BOUNDS,
    key="stock",
    no_currency="No currency filter here: the stock platform quotes a single currency.",
)
params = chosen.params()

trades = page.fetch(warehouse, queries.TRADES_BY_WEEK, params)
active_total = page.fetch(warehouse, queries.ACTIVE_USERS_TOTAL, params)
trades_column, value_column, users_column = st.columns(3)
trades_column.metric("Trades", f"{int(trades['trades'].sum()):,}")
value_column.metric("Traded value", f"{trades['traded_value'].sum():,.2f}")
users_column.metric("Active users", f"{int(active_total['active_users'].iloc[0]):,}")

st.subheader("Trades and traded value per week")
st.caption(
    "Traded value counts purchases and sales of shares alike (the value that changed hands)."
)
if trades.empty:
    st.info("No trades match these filters.")
else:
    per_week, value_per_week = st.columns(2)
    per_week.altair_chart(
        charts.columns_over_time(
            trades, "week", "trades", y_title="Trades", value_format=charts.COUNT
        ),
        width="stretch",
    )
    value_per_week.altair_chart(
        charts.columns_over_time(trades, "week", "traded_value", y_title="Traded value"),
        width="stretch",
    )
    st.subheader("Traded value per category")
    st.altair_chart(
        charts.bar(trades, "category", "traded_value", value_title="Traded value"),
        width="stretch",
    )
    page.data_expander(trades)

st.subheader("Price history")
stocks = page.fetch(warehouse, queries.STOCKS)
labels = {
    row.stock_id: f"{row.stock_id} · {row.company} ({row.versions} versions)"
    for row in stocks.itertuples()
}
stock_id = st.selectbox("Stock", list(labels), format_func=labels.get, key="stock_choice")
history = page.fetch(warehouse, queries.PRICE_HISTORY, chosen.params(stock_id=stock_id))
st.caption(
    "Each point is a version of the stock in dim_stock (SCD2): the price held until the next one."
)
if not history.empty:
    st.altair_chart(charts.price_steps(history, until=chosen.end_date), width="stretch")
page.table(history)

st.subheader("Active users per week")
weekly_users = page.fetch(warehouse, queries.ACTIVE_USERS, params)
if not weekly_users.empty:
    st.altair_chart(
        charts.columns_over_time(
            weekly_users,
            "week",
            "active_users",
            y_title="Users who traded",
            value_format=charts.COUNT,
        ),
        width="stretch",
    )
