"""The dashboard's entry point: `streamlit run dashboard/app.py` (what `make dashboard` runs)."""

from __future__ import annotations

import streamlit as st

st.set_page_config(
    page_title="Warehouse dashboard", page_icon=":material/warehouse:", layout="wide"
)

PAGES = [
    st.Page("views/sales.py", title="Sales", icon=":material/payments:", default=True),
    st.Page(
        "views/purchases_payments.py",
        title="Purchases and payments",
        icon=":material/receipt_long:",
    ),
    st.Page("views/stock_platform.py", title="Stock platform", icon=":material/show_chart:"),
    st.Page("views/pipeline_health.py", title="Pipeline health", icon=":material/monitor_heart:"),
]

st.navigation(PAGES).run()
