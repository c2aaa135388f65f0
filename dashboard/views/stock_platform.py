"""Stock platform: trades and traded value per day and category, a stock's price history, users."""

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

trades = page.fetch(warehouse, queries.TRADES_BY_DAY, params)
active_total = page.fetch(warehouse, queries.ACTIVE_USERS_TOTAL, params)
trades_column, value_column, users_column = st.columns(3)
trades_column.metric("Trades", f"{int(trades['trades'].sum()):,}")
value_column.metric("Traded value", f"{trades['traded_value'].sum():,.2f}")
users_column.metric("Active users", f"{int(active_total['active_users'].iloc[0]):,}")

st.subheader("Trades and traded value per day and per category")
if trades.empty:
    st.info("No trades match these filters.")
else:
    per_day, per_category = st.columns(2)
    per_day.altair_chart(charts.trades_per_day(trades), width="stretch")
    per_category.altair_chart(
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
st.dataframe(history, hide_index=True, width="stretch")

st.subheader("Active users per day")
daily_users = page.fetch(warehouse, queries.ACTIVE_USERS, params)
if not daily_users.empty:
    st.altair_chart(
        charts.line(daily_users, "trade_date", "active_users", y_title="Users who traded"),
        width="stretch",
    )
