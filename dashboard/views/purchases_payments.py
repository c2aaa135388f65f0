"""Purchases and payments: purchases against sales, what is unpaid, how late payments are."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, page, queries

st.title("Purchases and payments")
warehouse = page.warehouse()
chosen = page.filters(warehouse, queries.PAYMENT_DATE_BOUNDS, key="payments")
params = chosen.params()
st.caption(
    "Orders are dated by the day they were created, payments by their payment date; "
    "each at its latest captured version. Amounts are per currency."
)

st.subheader("Purchases vs sales per month")
flows = page.fetch(warehouse, queries.PURCHASES_VS_SALES, params)
if flows.empty:
    st.info("No orders match these filters.")
else:
    page.per_currency(
        flows,
        lambda rows, code: charts.line(
            rows, "month", "order_value", "flow", y_title=f"Order value ({code})", title=code
        ),
    )
    page.data_expander(flows)

st.subheader("Unpaid payments by payment type")
unpaid = page.fetch(warehouse, queries.UNPAID_PAYMENTS, params)
amounts = unpaid.groupby("currency_code")["unpaid_amount"].sum()
metric_columns = st.columns(len(amounts) + 1)
metric_columns[0].metric("Unpaid payments", f"{int(unpaid['payments'].sum()):,}")
for column, (code, amount) in zip(metric_columns[1:], amounts.items(), strict=True):
    column.metric(f"Unpaid {code}", f"{amount:,.2f}")
page.per_currency(
    unpaid,
    lambda rows, code: charts.bar(
        rows, "payment_type_name", "unpaid_amount", value_title=f"Unpaid ({code})", title=code
    ),
)
page.data_expander(unpaid)

st.subheader("Payment delay")
st.caption(
    "Days from the payment date agreed on the order to the payment's date: negative is early. "
    "A payment not made yet is shown at the payment date the source holds for it."
)
delays = page.fetch(warehouse, queries.PAYMENT_DELAY, params)
if delays.empty:
    st.info("No payments match these filters.")
else:
    paid = delays[delays["status"] == "Paid"]
    counts = {
        "Paid early": paid.loc[paid["delay_days"] < 0, "payments"].sum(),
        "Paid on the day": paid.loc[paid["delay_days"] == 0, "payments"].sum(),
        "Paid late": paid.loc[paid["delay_days"] > 0, "payments"].sum(),
        "Not paid yet": delays.loc[delays["status"] != "Paid", "payments"].sum(),
    }
    for column, (label, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(label, f"{int(count):,}")
    dated = delays.dropna(subset=["delay_days"])
    if not dated.empty:
        st.altair_chart(charts.delay_histogram(dated), width="stretch")
    page.data_expander(delays)
