"""Purchases and payments: purchases against sales, what is unpaid, how late payments are."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import charts, page, queries

st.title("Purchases and payments")
warehouse = page.warehouse()
chosen = page.filters(warehouse, queries.PAYMENT_DATE_BOUNDS, key="payments")
params = chosen.params()
st.caption(
    "Orders are dated by the day they were created, payments by their payment date; "
    "each at its latest captured version."
)

st.subheader("Purchases vs sales per month")
flows = page.fetch(warehouse, queries.PURCHASES_VS_SALES, params)
if flows.empty:
    st.info("No orders match these filters.")
else:
    flows["series"] = flows["flow"] + " " + flows["currency_code"]
    st.altair_chart(
        charts.line(flows, "month", "order_value", "series", y_title="Order value"),
        width="stretch",
    )
    page.data_expander(flows)

left, right = st.columns(2)
with left:
    st.subheader("Unpaid payments by payment type")
    unpaid = page.fetch(warehouse, queries.UNPAID_PAYMENTS, params)
    st.metric("Unpaid payments", f"{int(unpaid['payments'].sum()):,}")
    if not unpaid.empty:
        st.altair_chart(
            charts.bar(
                unpaid,
                "payment_type_name",
                "unpaid_amount",
                "currency_code",
                value_title="Unpaid amount",
            ),
            width="stretch",
        )
    page.data_expander(unpaid)
with right:
    st.subheader("Payment delay")
    st.caption("Days from the payment date agreed on the order to the payment date (paid or not).")
    delays = page.fetch(warehouse, queries.PAYMENT_DELAY, params)
    if not delays.empty:
        weighted = (delays["delay_days"] * delays["payments"]).sum() / delays["payments"].sum()
        st.metric("Average delay (days)", f"{weighted:.1f}")
        histogram = (
            alt.Chart(delays)
            .mark_bar()
            .encode(
                x=alt.X("delay_days:O", title="Days after the agreed date"),
                y=alt.Y("sum(payments):Q", title="Payments"),
                color=alt.Color("transaction_type:N", title=None),
                tooltip=["delay_days", "transaction_type", "payments"],
            )
        )
        st.altair_chart(histogram, width="stretch")
    page.data_expander(delays)
